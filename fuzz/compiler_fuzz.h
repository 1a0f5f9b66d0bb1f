//===- compiler_fuzz.h - What the compiler's fuzz targets share -*- C++ -*-===//
//
// The IR and ONNX fuzz targets build a context as kiln-compile does, and
// run the same graph passes on whatever they accept. A finding is a crash
// or sanitizer report, and also (aborted here) a pass that succeeds but
// leaves IR that does not verify, or a step that fails without an error
// diagnostic: both are how a user gets a wrong or silent compile.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FUZZ_COMPILER_FUZZ_H
#define KILN_FUZZ_COMPILER_FUZZ_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"

#include <memory>
#include <string>

namespace mlir::kiln::fuzz {

/// A single-threaded context with the dialects Kiln IR is written in, whose
/// diagnostics are counted and dropped.
class FuzzContext {
public:
  FuzzContext();
  ~FuzzContext();
  MLIRContext &get() { return *context; }
  /// Error diagnostics since construction.
  int errors() const { return errorCount; }
  /// The last error's text, for a finding's report.
  const std::string &lastError() const { return lastErrorText; }

private:
  std::unique_ptr<MLIRContext> context;
  int errorCount = 0;
  std::string lastErrorText;
};

/// Called when `what` failed: aborts unless it reported an error (there
/// were `errorsBefore` errors when it began).
void requireDiagnostic(const FuzzContext &context, int errorsBefore,
                       const char *what);

/// Runs, one at a time, the passes kiln-compile runs on a model before
/// code generation (attention raising, kiln-graph-optimize, decomposition)
/// and the lowering to linalg. Stops at the first that fails (it must
/// report an error); aborts when one succeeds but leaves IR that does not
/// verify.
void runGraphPasses(FuzzContext &context, ModuleOp module);

} // namespace mlir::kiln::fuzz

#endif // KILN_FUZZ_COMPILER_FUZZ_H
