//===- ModelSignature.h - Inputs and outputs of a compiled model -*- C++
//-*-===//
//
// What a runtime must know about an entry function, captured on tensors
// before lowering erases the types: per input and output, a name, a dtype
// (kiln_dtype) and a static shape.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_MODELSIGNATURE_H
#define KILN_COMPILER_MODELSIGNATURE_H

#include "kiln/KilnDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace mlir::kiln {

struct TensorSignature {
  std::string name;
  int64_t dtype; // a kiln_dtype value
  SmallVector<int64_t> shape;
  Type elementType;
  /// An input donated to a result (kiln.donated_to): the model writes that
  /// result into the input's buffer, and the result is not an output. -1:
  /// the input is only read.
  int64_t donatedTo = -1;
  bool isUpdatedInPlace() const { return donatedTo >= 0; }
};

struct ModelSignature {
  std::string function;
  std::vector<TensorSignature> inputs;
  std::vector<TensorSignature> outputs;
};

/// The function to compile: `name` if given, else the module's only public
/// function with a body. Emits an error on `module` and fails otherwise.
FailureOr<func::FuncOp> findEntryFunction(ModuleOp module, StringRef name);

/// Reads the signature of `func`. Names come from the `kiln.name` argument
/// and result attributes, else `input<i>` / `result<i>`. Results that an
/// argument is donated to are not outputs: the lowering writes them into
/// the argument's buffer (kiln-donate-buffers). Fails with an
/// error on the function when a type has no runtime form (not a statically
/// shaped tensor of f32, f64, f16, bf16, i64, i32, i16, i8, ui64, ui32,
/// ui16, ui8 or i1).
FailureOr<ModelSignature> getModelSignature(func::FuncOp func);

/// The #kiln.compile_unit recording `signature` for the descriptor
/// `symbol`; `trainParameters` as the attribute's.
CompileUnitAttr getCompileUnitAttr(MLIRContext *context,
                                   const ModelSignature &signature,
                                   StringRef symbol,
                                   int64_t trainParameters = -1);

/// The signature a unit recorded before it was lowered. Fails through
/// `emitError` when a type has no runtime form.
FailureOr<ModelSignature>
getUnitSignature(CompileUnitAttr unit,
                 function_ref<InFlightDiagnostic()> emitError);

} // namespace mlir::kiln

#endif // KILN_COMPILER_MODELSIGNATURE_H
