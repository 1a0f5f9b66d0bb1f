//===- InitAll.cpp - Register everything Kiln provides --------------------===//

#include "kiln/InitAll.h"
#include "kiln/Codegen/Attention/Passes.h"
#include "kiln/Codegen/Common/Passes.h"
#include "kiln/Codegen/LLVMCPU/Passes.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/KilnDialect.h"
#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Shard/IR/ShardDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

void mlir::kiln::registerKilnDialects(DialectRegistry &registry) {
  registry.insert<KilnDialect, func::FuncDialect, arith::ArithDialect,
                  tensor::TensorDialect, shard::ShardDialect>();
}

void mlir::kiln::registerAllKilnPassesAndPipelines() {
  registerKilnPasses();
  registerKilnConversionPasses();
  registerKilnCodegenCommonPasses();
  registerKilnCodegenAttentionPasses();
  registerKilnCodegenLLVMCPUPasses();
  registerKilnPipelines();
}
