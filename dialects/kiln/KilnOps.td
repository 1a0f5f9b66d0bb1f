//===- KilnOps.td - Kiln dialect operations --------------*- tablegen -*-===//
//
// Root of the kiln op definitions; each category lives in its own file.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILNOPS_TD
#define KILN_DIALECT_KILNOPS_TD

include "KilnBase.td"
include "KilnAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

include "ElementwiseOps.td"
include "TensorOps.td"
include "ContractionOps.td"
include "ReductionOps.td"
include "NormalizationOps.td"
include "AttentionOps.td"
include "TrainingOps.td"
include "ShardingOps.td"

#endif // KILN_DIALECT_KILNOPS_TD
