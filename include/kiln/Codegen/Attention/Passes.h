//===- Passes.h - Attention codegen passes ---------------------*- C++ -*-===//
//
// Declares the generated create*Pass functions and registration of the
// attention codegen passes, which every target shares.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_ATTENTION_PASSES_H
#define KILN_CODEGEN_ATTENTION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir::kiln {

#define GEN_PASS_DECL
#include "kiln/Codegen/Attention/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "kiln/Codegen/Attention/Passes.h.inc"

} // namespace mlir::kiln

#endif // KILN_CODEGEN_ATTENTION_PASSES_H
