//===- compiler_fuzz.cpp - What the compiler's fuzz targets share ---------===//

#include "compiler_fuzz.h"

#include "kiln/Conversion/Passes.h"
#include "kiln/KilnDialect.h"
#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Shard/IR/ShardDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <functional>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::fuzz;

// LLVM's BumpPtrAllocator poisons the free tail of its slabs when the code
// that inlines it is built with ASan. Kiln's objects are; libMLIR.so is
// not, and allocates from the same slabs (the context's uniquers) without
// unpoisoning: every such read would be a false report. Poisoning by hand
// is off; ASan's own checks (heap bounds, use after free) stay on.
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

FuzzContext::FuzzContext() {
  DialectRegistry registry;
  registry.insert<KilnDialect, func::FuncDialect, arith::ArithDialect,
                  tensor::TensorDialect, shard::ShardDialect>();
  context =
      std::make_unique<MLIRContext>(registry, MLIRContext::Threading::DISABLED);
  context->printOpOnDiagnostic(false);
  context->getDiagEngine().registerHandler([this](Diagnostic &diagnostic) {
    if (diagnostic.getSeverity() == DiagnosticSeverity::Error) {
      ++errorCount;
      lastErrorText = diagnostic.str();
    }
    return success();
  });
}

FuzzContext::~FuzzContext() = default;

void mlir::kiln::fuzz::requireDiagnostic(const FuzzContext &context,
                                         int errorsBefore, const char *what) {
  if (context.errors() > errorsBefore)
    return;
  llvm::errs() << "finding: " << what << " failed without an error\n";
  std::abort();
}

void mlir::kiln::fuzz::runGraphPasses(FuzzContext &context, ModuleOp module) {
  using Build = std::function<void(OpPassManager &)>;
  struct Step {
    const char *name;
    Build build;
  };
  GraphOptimizeOptions graph;
  graph.cseConstants = false; // as kiln-compile runs it
  const Step steps[] = {
      {"kiln-raise-attention",
       [](OpPassManager &pm) {
         pm.addNestedPass<func::FuncOp>(createRaiseAttentionPass());
       }},
      {"kiln-graph-optimize",
       [&](OpPassManager &pm) { buildGraphOptimizePipeline(pm, graph); }},
      {"kiln-decompose",
       [](OpPassManager &pm) {
         pm.addNestedPass<func::FuncOp>(createDecomposePass());
       }},
      {"convert-kiln-to-linalg",
       [](OpPassManager &pm) {
         pm.addNestedPass<func::FuncOp>(createConvertKilnToLinalgPass());
       }},
  };
  for (const Step &step : steps) {
    // The pass manager's own verifier would turn invalid IR into an
    // ordinary failure; here it is a finding.
    PassManager pm(&context.get());
    pm.enableVerifier(false);
    step.build(pm);
    int errorsBefore = context.errors();
    if (failed(pm.run(module))) {
      requireDiagnostic(context, errorsBefore, step.name);
      return;
    }
    if (failed(verify(module))) {
      llvm::errs() << "finding: " << step.name
                   << " succeeded but left IR that does not verify: "
                   << context.lastError() << "\n";
      std::abort();
    }
  }
}
