//===- CompileUnits.h - The unit modules of the codegen phase ---*- C++ -*-===//
//
// The codegen phase splits a program into compile units: one nested
// module per entry point (an inference model's function; a training
// program's step and initial state), holding that function, what it calls,
// and a #kiln.compile_unit with its signature. Backends lower each unit
// on its own and make one object of it; the signature survives lowering,
// so the codegen-phase IR can be written out and finished later.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PIPELINES_COMPILEUNITS_H
#define KILN_PIPELINES_COMPILEUNITS_H

#include "kiln/KilnDialect.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace mlir::kiln {

/// One entry point to compile.
struct UnitRequest {
  /// The function; empty: the module's only public function with a body.
  std::string function;
  /// The descriptor's C symbol; empty: `<function>_model`.
  std::string symbol;
  /// For a training program's initial state, how many of its results are
  /// parameters.
  int64_t trainParameters = -1;
};

/// Replaces the body of `module` with one unit module per request, each a
/// copy of the whole body in which only the requested function stays
/// public (the codegen pipeline's symbol-dce drops the rest) and whose
/// `kiln.unit` records the function's signature. Fails with a diagnostic
/// on a missing or ambiguous function or a signature without a runtime
/// form; `module` is then unchanged.
LogicalResult makeCompileUnits(ModuleOp module, ArrayRef<UnitRequest> requests);

/// The unit modules directly in `module`, in order.
SmallVector<ModuleOp> getCompileUnits(ModuleOp module);

/// The `kiln.unit` of `unit`, or null.
CompileUnitAttr getCompileUnit(ModuleOp unit);

} // namespace mlir::kiln

#endif // KILN_PIPELINES_COMPILEUNITS_H
