//===- KilnOps.h - Operations of the kiln dialect ---------------*- C++ -*-===//
//
// Declares every kiln op (generated from KilnOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_KILNOPS_H
#define KILN_KILNOPS_H

#include "kiln/KilnDialect.h"
#include "kiln/ShapeInference.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "kiln/KilnOps.h.inc"

namespace mlir::kiln {
/// The kiln.mesh named `name`, looked up from `from`; null when missing.
MeshOp lookupMesh(Operation *from, FlatSymbolRefAttr name);
} // namespace mlir::kiln

#endif // KILN_KILNOPS_H
