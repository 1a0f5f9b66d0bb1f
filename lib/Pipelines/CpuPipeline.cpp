//===- CpuPipeline.cpp - The kiln-cpu pipeline ----------------------------===//
//
// kiln on tensors to the LLVM dialect for x86-64, in three stages: tensor
// level (lowering, fusion), buffers (bufferization, memory plan), and LLVM.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Attention/Passes.h"
#include "kiln/Codegen/Common/Passes.h"
#include "kiln/Codegen/LLVMCPU/Passes.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/Pipelines/Pipelines.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

void addCleanup(OpPassManager &pm) {
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildTensorStage(OpPassManager &pm, const CpuPipelineOptions &options) {
  // Before the decompositions of kiln-to-linalg, which would otherwise
  // spell attention out as matmul, softmax, matmul.
  if (options.tileAttention) {
    TileAttentionPassOptions attention;
    attention.decodeTasks = options.attentionDecodeTasks;
    pm.addPass(createTileAttentionPass(attention));
  }
  pm.addPass(createConvertKilnToLinalgPass());
  addCleanup(pm);
  // Convolutions first become products or reordered loops, so that the
  // reshapes around them fold with the fusion patterns.
  pm.addPass(createIm2ColPass());
  pm.addPass(createOrderWindowLoopsPass());
  pm.addPass(createFuseElementwisePass());
  pm.addPass(createFuseSiblingsPass());
  pm.addPass(createApproximateMathPass());
  pm.addPass(createReassociateReductionsPass());
  addCleanup(pm);
}

void buildBufferStage(OpPassManager &pm, const CpuPipelineOptions &options) {
  // Donated results are computed in their arguments' buffers: the op that
  // produces one writes there directly once its tensor.empty is replaced.
  // After the last CSE, which would merge the clones again.
  pm.addPass(createCloneFillsPass());
  pm.addPass(createDropOptimizationBarriersPass());
  pm.addNestedPass<func::FuncOp>(createDonateBuffersPass());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(createDropDonatedResultsPass());
  // Folds loop-carried buffers, so that a returned buffer is its
  // allocation and becomes the output argument instead of being copied.
  addCleanup(pm);
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  addCleanup(pm);
  if (options.externalWeights)
    pm.addPass(createExternalizeWeightsPass());
  if (options.memoryPlan)
    pm.addPass(createPlanMemoryPass());
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
}

void buildLLVMStage(OpPassManager &pm, const CpuPipelineOptions &options) {
  // Register blocks that fill the register file: accumulators (rows x
  // vectors per row) plus one B row and a broadcast A element; 8 x 2 zmm
  // (of 32), 6 x 2 ymm or 4 x 2 xmm (of 16).
  TileContractionsPassOptions tiles;
  int64_t lanes = std::max<int64_t>(options.vectorBits / 32, 4);
  tiles.registerTile = {options.vectorBits >= 512   ? 8
                        : options.vectorBits >= 256 ? 6
                                                    : 4,
                        2 * lanes};
  pm.addPass(createTileContractionsPass(tiles));
  // Copies (a padded input's interior, for one) are split across tasks
  // like any other loop.
  pm.addPass(createLowerCopiesPass());
  pm.addPass(createParallelizeLoopsPass());
  pm.addPass(createOutlineParallelPass());
  pm.addPass(createForallToForLoopPass());
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createLowerVectorsPass());
  // bf16 reaches LLVM only as the storage type: math and arithmetic on it
  // compute in f32, and the conversions become integer arithmetic
  // (kiln-expand-bf16-casts says why).
  {
    math::MathExtendToSupportedTypesOptions math;
    math.extraTypeStrs = {"f16"};
    pm.addPass(math::createMathExtendToSupportedTypes(math));
    arith::ArithEmulateUnsupportedFloatsOptions arith;
    arith.sourceTypeStrs = {"bf16"};
    pm.addPass(arith::createArithEmulateUnsupportedFloats(arith));
    pm.addPass(createExpandBf16CastsPass());
  }
  // Fully unrolled, transfers of n-D vectors need no stack temporaries
  // (which inside loops would grow the stack on every iteration).
  pm.addPass(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll()));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  ConvertFuncToLLVMPassOptions func;
  func.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(func));
  pm.addPass(createReconcileUnrealizedCastsPass());
  addCleanup(pm);
}

} // namespace

void mlir::kiln::buildShardToMpiStage(OpPassManager &pm) {
  // Collectives of a partitioned model become runtime calls on buffers.
  pm.addPass(createLowerShardCollectivesPass());
}

void mlir::kiln::buildCpuPipeline(OpPassManager &pm,
                                  const CpuPipelineOptions &options) {
  buildShardToMpiStage(pm);
  buildTensorStage(pm, options);
  buildBufferStage(pm, options);
  buildLLVMStage(pm, options);
}
