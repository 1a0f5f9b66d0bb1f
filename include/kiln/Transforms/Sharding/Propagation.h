//===- Propagation.h - Spread a few shardings to every value ----*- C++ -*-===//
//
// The analysis behind --kiln-shard-propagate and --kiln-shard-explain:
// starting from the user's annotations, it gives every tensor of a function
// a sharding by passing shardings through each op's factor rule, forward
// and backward, user priorities first and pass-through ops before the rest.
// It remembers where each dimension's sharding came from and every
// conflict it settled, so that the result can be explained.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_SHARDING_PROPAGATION_H
#define KILN_TRANSFORMS_SHARDING_PROPAGATION_H

#include "kiln/KilnOps.h"

#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/DenseMap.h"

#include <string>

namespace mlir::kiln {

/// Where one dimension's sharding came from.
struct DimOrigin {
  enum Kind { None, Annotation, Forward, Backward } kind = None;
  /// The annotated value the axes started from.
  Value source;
  /// The op the axes last passed through (null for an annotation).
  Operation *via = nullptr;
};

/// The propagation state of one tensor value.
struct ValueSharding {
  struct Dim {
    SmallVector<StringAttr> axes;
    bool closed = false;
    /// The priority the axes carry (that of their annotation); kNoPriority
    /// for annotations without one (weakest).
    int64_t priority;
    /// A priority the user wrote on this very dim, printed back.
    int64_t annotatedPriority = -1;
    DimOrigin origin;
  };
  SmallVector<Dim> dims;
  SmallVector<StringAttr> replicated, unreduced;
  bool annotated = false;
};

/// One conflict propagation settled: tensors of an op wanted different
/// axes for the same factor.
struct ShardingConflict {
  Operation *op;
  std::string text;
};

class ShardingPropagation {
public:
  static constexpr int64_t kNoPriority = std::numeric_limits<int64_t>::max();

  explicit ShardingPropagation(FunctionOpInterface function)
      : function(function) {}

  /// Seeds from the annotations and propagates. Fails (with a diagnostic)
  /// when annotations disagree on the mesh. Without any annotation there
  /// is nothing to do: getMesh() stays null.
  LogicalResult run();

  MeshOp getMesh() const { return mesh; }
  /// The state of `value` (null when it is not a ranked tensor).
  const ValueSharding *lookup(Value value) const;
  /// The sharding of `value` as an attribute.
  ShardingAttr getSharding(Value value) const;
  ArrayRef<ShardingConflict> getConflicts() const { return conflicts; }

  /// Writes every value's sharding into the IR: `kiln.sharding` on each op
  /// with tensor results and on the function's arguments and results.
  void apply();

private:
  ValueSharding &state(Value value);
  LogicalResult seed();
  void seedFrom(Value value, ShardingAttr sharding, bool override);
  /// One propagation step through `op`; true when a sharding grew.
  bool propagateThrough(Operation *op, int64_t level);
  bool visible(const ValueSharding::Dim &dim, int64_t level) const;

  FunctionOpInterface function;
  MeshOp mesh;
  llvm::DenseMap<Value, ValueSharding> states;
  SmallVector<ShardingConflict> conflicts;
  /// Conflicts already reported (op, factor), so a fixpoint loop reports
  /// each once.
  llvm::DenseSet<std::pair<Operation *, unsigned>> reported;
};

} // namespace mlir::kiln

#endif // KILN_TRANSFORMS_SHARDING_PROPAGATION_H
