//===- ShardingRule.h - How an op's dimensions correspond -------*- C++ -*-===//
//
// An op's sharding rule in the einsum-like factor form of Shardy and GSPMD:
// the op iterates over "factors" (for a matmul: batch, m, n, k), and each
// tensor dimension of its operands and results is a product of factors.
// Sharding a factor shards every dimension it appears in, which is what lets
// propagation carry a sharding from one tensor of the op to the others.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_SHARDING_SHARDINGRULE_H
#define KILN_TRANSFORMS_SHARDING_SHARDINGRULE_H

#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace mlir::kiln {

/// What sharding a factor costs the partitioned program.
enum class FactorKind {
  /// Each device computes its block of the factor with no communication
  /// (batch dims, the free dims of a matmul, elementwise dims).
  PassThrough,
  /// Summed or otherwise reduced over (a matmul's contracting dim, a
  /// reduced dim): sharding it leaves partial results that need an
  /// all-reduce or a reduce-scatter.
  Reduction,
  /// A sliding window (convolution and pooling spatial dims): sharding it
  /// needs a halo exchange with the neighbouring devices.
  Window,
  /// Must stay whole on every device (a softmax or normalization axis, a
  /// concatenated, sliced or padded dim): propagation never shards it.
  NeedReplication,
};

/// The factor form of one op. Tensors are numbered operands first, then
/// results; `dims[tensor][dim]` lists the factors of that dimension, major
/// first (one factor in the common case, several where a reshape merges
/// dims). A dimension of size 1 that broadcasts has no factor.
struct OpShardingRule {
  llvm::SmallVector<int64_t> factorSizes;
  llvm::SmallVector<FactorKind> factorKinds;
  llvm::SmallVector<llvm::SmallVector<llvm::SmallVector<unsigned, 1>>> dims;
  unsigned numOperands = 0;

  unsigned addFactor(int64_t size, FactorKind kind) {
    factorSizes.push_back(size);
    factorKinds.push_back(kind);
    return factorSizes.size() - 1;
  }
  unsigned getNumFactors() const { return factorSizes.size(); }
  unsigned getNumTensors() const { return dims.size(); }
  bool isResult(unsigned tensor) const { return tensor >= numOperands; }
  /// True when every factor is PassThrough (elementwise, transpose,
  /// reshape): such ops propagate first.
  bool isPassThroughOnly() const;
};

/// The rule of `op`, or std::nullopt for an op Kiln has no rule for (it
/// then stops propagation, and its operands and results are left as the
/// rest of the graph decides).
std::optional<OpShardingRule> getShardingRule(Operation *op);

/// For an op with Window factors (convolution, pooling): how many rows of
/// its first operand's spatial dim `dim` beyond its own block each device
/// needs from its neighbours: (window - 1) * dilation, split between the
/// two sides. 0 for any other op or dim.
int64_t getWindowHalo(Operation *op, int64_t dim);

} // namespace mlir::kiln

#endif // KILN_TRANSFORMS_SHARDING_SHARDINGRULE_H
