//===- CostModel.h - FLOP and byte estimates of kiln ops --------*- C++ -*-===//
//
// A static, shape-based cost model shared by the passes that trade compute
// against memory or communication (sharding, rematerialization, fusion).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_ANALYSIS_COSTMODEL_H
#define KILN_ANALYSIS_COSTMODEL_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"

#include <cstdint>

namespace mlir::kiln {

/// The estimated cost of one op.
struct OpCost {
  /// Floating-point (or integer) operations; a multiply-add counts as two.
  int64_t flops = 0;
  /// Bytes read from operands plus bytes written to results, each once.
  int64_t bytes = 0;
};

/// The size in bytes of a statically shaped tensor value (sub-byte element
/// types round the whole tensor up to a byte). 0 for other types.
int64_t getTensorBytes(Type type);

/// The estimated cost of `op`. Ops the model does not know (other dialects,
/// func.return) cost 0 FLOPs and their operand and result bytes.
OpCost estimateCost(Operation *op);

} // namespace mlir::kiln

#endif // KILN_ANALYSIS_COSTMODEL_H
