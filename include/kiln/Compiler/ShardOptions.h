//===- ShardOptions.h - kiln-compile's --mesh and --shard -------*- C++ -*-===//
//
// Models that carry no sharding of their own (ONNX exports, plain Kiln IR)
// get a mesh and shardings from the command line; kiln-compile then
// partitions them and links the MPI runtime.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_SHARDOPTIONS_H
#define KILN_COMPILER_SHARDOPTIONS_H

#include "mlir/IR/BuiltinOps.h"

namespace mlir::kiln {

/// Adds the mesh `mesh` (`data=2,model=2`) to `module` as `kiln.mesh @mesh`
/// (when given), then annotates the arguments of function `entry` as
/// `shard` says:
///   - `batch`: every argument's leading dim over the mesh's first axis
///     (data parallelism);
///   - `auto`: nothing here; autoShard (or the training program, on its
///     step) lets kiln-shard-auto choose;
///   - a file of `NAME [{"data"}, {}]` lines (`#` starts a comment), NAME
///     an argument's `kiln.name` (ONNX input names), `arg<i>`, or a
///     weight's (an ONNX initializer's) name.
/// Fails with a diagnostic naming the option, file and line.
LogicalResult applyShardingOptions(ModuleOp module, StringRef entry,
                                   StringRef mesh, StringRef shard);

/// Runs kiln-shard-auto on function `function` of `module` over its only
/// mesh, reporting the plan to the standard error stream.
LogicalResult autoShard(ModuleOp module, StringRef function);

} // namespace mlir::kiln

#endif // KILN_COMPILER_SHARDOPTIONS_H
