//===- ShardOptions.h - kiln-compile's --mesh and --shard -------*- C++ -*-===//
//
// Models that carry no sharding of their own (ONNX exports, plain Kiln IR)
// get a mesh and shardings from the command line; kiln-compile then
// partitions them and links the MPI runtime.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PIPELINES_SHARDOPTIONS_H
#define KILN_PIPELINES_SHARDOPTIONS_H

#include "kiln/Pipelines/CompilePipeline.h"

#include "mlir/IR/BuiltinOps.h"

namespace mlir::kiln {

/// Adds the mesh `mesh` (`data=2,model=2`) to `module` as `kiln.mesh @mesh`
/// (when given), then annotates the arguments of function `entry` as
/// `shard` says:
///   - batch: every argument's leading dim over the mesh's first axis
///     (data parallelism);
///   - automatic: nothing here; the partition phase (or, for training, the
///     training phase on the step) lets kiln-shard-auto choose;
///   - file: `shardFile` holds `NAME [{"data"}, {}]` lines (`#` starts a
///     comment), NAME an argument's `kiln.name` (ONNX input names),
///     `arg<i>`, or a weight's (an ONNX initializer's) name.
/// Fails with a diagnostic naming the option, file and line.
LogicalResult applyShardingOptions(ModuleOp module, StringRef entry,
                                   StringRef mesh, ShardMode shard,
                                   StringRef shardFile);

} // namespace mlir::kiln

#endif // KILN_PIPELINES_SHARDOPTIONS_H
