//===- Pipelines.h - Named Kiln pass pipelines ------------------*- C++ -*-===//
//
// Each pipeline has an options struct, a build function usable from any
// C++ pass manager, and a registration for kiln-opt / mlir-opt.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PIPELINES_PIPELINES_H
#define KILN_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::kiln {

/// Options of `kiln-graph-optimize`.
struct GraphOptimizeOptions : public PassPipelineOptions<GraphOptimizeOptions> {
  Option<bool> costReport{
      *this, "cost-report",
      llvm::cl::desc("print the cost report of the optimized graph"),
      llvm::cl::init(false)};
  Option<bool> cseConstants{
      *this, "cse-constants",
      llvm::cl::desc("merge constants of equal value, named weights "
                     "included (kiln-compile keeps weights distinct: they "
                     "are training parameters and sharding targets)"),
      llvm::cl::init(true)};
};

/// Graph-level clean-up on kiln IR: folding and canonicalization, common
/// subexpression elimination, dead-code removal; optionally the cost report
/// of the result. Later graph passes (sharding, remat, fusion) join here.
void buildGraphOptimizePipeline(OpPassManager &pm,
                                const GraphOptimizeOptions &options);

/// Options of `kiln-cpu`. The target CPU and its features are chosen where
/// LLVM code is generated (kiln-compile's --target-cpu/--target-features);
/// the MLIR stages only need the vector register width they imply.
struct CpuPipelineOptions : public PassPipelineOptions<CpuPipelineOptions> {
  Option<bool> memoryPlan{
      *this, "memory-plan",
      llvm::cl::desc("place static buffers in one arena argument "
                     "(kiln-plan-memory)"),
      llvm::cl::init(true)};
  Option<int64_t> vectorBits{
      *this, "vector-bits",
      llvm::cl::desc("width of the target's vector registers (512: "
                     "AVX-512, 256: AVX2, 128: SSE); sets the GEMM register "
                     "block"),
      llvm::cl::init(512)};
  Option<bool> externalWeights{
      *this, "external-weights",
      llvm::cl::desc("pass constants in one weights argument instead of "
                     "embedding them (kiln-externalize-weights)"),
      llvm::cl::init(false)};
  Option<bool> tileAttention{
      *this, "tile-attention",
      llvm::cl::desc("lower kiln.attention FlashAttention-style "
                     "(kiln-tile-attention); false: matmul, softmax, "
                     "matmul (the [Sq, Sk] scores materialized)"),
      llvm::cl::init(true)};
  Option<int64_t> attentionDecodeTasks{
      *this, "attention-decode-tasks",
      llvm::cl::desc("tiled attention splits the keys of a forward with "
                     "fewer tasks than this (split-K decoding; "
                     "kiln-tile-attention's decode-tasks); 1 never splits"),
      llvm::cl::init(32)};
};

/// kiln (or linalg on tensors) to the LLVM dialect for x86-64 CPUs:
/// lowering to linalg, elementwise fusion, bufferization with results as
/// out-parameters, the static memory plan, and conversion to LLVM with the
/// bare-pointer calling convention: the entry function takes one pointer
/// per input, then one per result, then the weights (external-weights),
/// the arena (memory-plan) and the runtime context.
void buildCpuPipeline(OpPassManager &pm, const CpuPipelineOptions &options);

/// The collectives of a partitioned model as calls into the MPI runtime
/// (libKilnRuntimeMpi), on tensors before the target lowering; the CPU
/// pipeline starts with it. A ShardToNccl stage will sit beside it.
void buildShardToMpiStage(OpPassManager &pm);

/// Registers every named Kiln pipeline.
void registerKilnPipelines();

} // namespace mlir::kiln

#endif // KILN_PIPELINES_PIPELINES_H
