//===- Passes.h - Kiln graph passes -----------------------------*- C++ -*-===//
//
// Declares the generated create*Pass functions and pass registration.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_PASSES_H
#define KILN_TRANSFORMS_PASSES_H

#include "kiln/KilnDialect.h"
#include "kiln/Transforms/PassEnums.h"

#include "mlir/Dialect/Shard/IR/ShardDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::kiln {

#define GEN_PASS_DECL
#include "kiln/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "kiln/Transforms/Passes.h.inc"

} // namespace mlir::kiln

#endif // KILN_TRANSFORMS_PASSES_H
