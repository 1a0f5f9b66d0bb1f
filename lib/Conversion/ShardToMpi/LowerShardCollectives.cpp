//===- LowerShardCollectives.cpp - shard collectives to runtime calls -----===//
//
// The kiln-lower-shard-collectives pass (see Passes.td). Every call passes
// only 64-bit integers (buffer addresses included), so the runtime's C
// signatures stay trivial; the layouts are described by views of the
// buffers as [outer, rows, inner] around the tensor dim an op acts on.
//
//===----------------------------------------------------------------------===//

#include "kiln/Analysis/ElementStorage.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/KilnOps.h"

#include "mlir/Dialect/Shard/IR/ShardDialect.h"
#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/Builders.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_LOWERSHARDCOLLECTIVESPASS
#include "kiln/Conversion/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

/// The element type codes of lib/Runtime/shard_mpi.c: the runtime's
/// kiln_dtype, shared with model descriptors.
static FailureOr<int64_t> dtypeCode(Type type) {
  std::optional<int64_t> dtype = getRuntimeDtype(type);
  if (!dtype)
    return failure();
  return *dtype;
}

/// Grid sizes packed 12 bits each above a 4-bit rank.
static FailureOr<int64_t> packGrid(ArrayRef<int64_t> shape) {
  if (shape.size() > 4)
    return failure();
  int64_t packed = static_cast<int64_t>(shape.size());
  for (auto [index, size] : llvm::enumerate(shape)) {
    if (size < 1 || size >= 4096)
      return failure();
    packed |= size << (4 + 12 * index);
  }
  return packed;
}

/// Group axes packed 4 bits each, in order, above a 4-bit count.
static int64_t packAxes(ArrayRef<int16_t> axes) {
  int64_t packed = static_cast<int64_t>(axes.size());
  for (auto [index, axis] : llvm::enumerate(axes))
    packed |= static_cast<int64_t>(axis) << (4 + 4 * index);
  return packed;
}

/// [prod(shape[:dim]), shape[dim], prod(shape[dim+1:])].
static std::array<int64_t, 3> view(ArrayRef<int64_t> shape, int64_t dim) {
  std::array<int64_t, 3> result = {1, shape[dim], 1};
  for (int64_t i = 0; i < dim; ++i)
    result[0] *= shape[i];
  for (int64_t i = dim + 1; i < static_cast<int64_t>(shape.size()); ++i)
    result[2] *= shape[i];
  return result;
}

namespace {
struct LowerShardCollectivesPass
    : kiln::impl::LowerShardCollectivesPassBase<LowerShardCollectivesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> collectives;
    module.walk([&](Operation *op) {
      if (isa<shard::AllReduceOp, shard::AllGatherOp, shard::AllSliceOp,
              shard::ReduceScatterOp, shard::AllToAllOp, shard::UpdateHaloOp,
              CollectivePermuteOp>(op))
        collectives.push_back(op);
    });
    for (Operation *op : collectives)
      if (failed(lower(op)))
        return signalPassFailure();
    // Nothing refers to the grids and meshes any more.
    bool stillUsed = false;
    module.walk([&](Operation *op) {
      if (isa_and_nonnull<shard::ShardDialect>(op->getDialect()) &&
          !isa<shard::GridOp>(op)) {
        op->emitError("kiln-compile cannot lower this shard op");
        stillUsed = true;
      }
    });
    if (stillUsed)
      return signalPassFailure();
    for (Operation &op : llvm::make_early_inc_range(module.getOps()))
      if (isa<shard::GridOp, MeshOp>(op))
        op.erase();
    module.walk([](Operation *op) { op->removeAttr("kiln.spmd"); });
  }

  /// The declaration of runtime function `name` taking `arity` i64s.
  func::FuncOp declare(StringRef name, unsigned arity) {
    ModuleOp module = getOperation();
    if (auto existing = module.lookupSymbol<func::FuncOp>(name))
      return existing;
    OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
    SmallVector<Type> inputs(arity, builder.getI64Type());
    auto function = func::FuncOp::create(builder, module.getLoc(), name,
                                         builder.getFunctionType(inputs, {}));
    function.setPrivate();
    return function;
  }

  LogicalResult lower(Operation *op) {
    OpBuilder builder(op);
    Location loc = op->getLoc();
    auto inputType = cast<RankedTensorType>(op->getOperand(0).getType());
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    FailureOr<int64_t> dtype = dtypeCode(inputType.getElementType());
    if (failed(dtype) ||
        inputType.getElementType() != resultType.getElementType())
      return op->emitError() << "the MPI runtime has no collective for "
                             << inputType << " -> " << resultType;
    auto grid = SymbolTable::lookupNearestSymbolFrom<shard::GridOp>(
        op, op->getAttrOfType<FlatSymbolRefAttr>("grid"));
    if (!grid)
      return op->emitError("collective on an unknown grid");
    FailureOr<int64_t> packedGrid = packGrid(grid.getShape());
    if (failed(packedGrid))
      return op->emitError("the MPI runtime supports grids of up to 4 "
                           "static axes of fewer than 4096 devices");
    int64_t elementBytes = getStorageBytes(inputType.getElementType(), 1);
    auto i64 = [&](int64_t value) -> Value {
      return arith::ConstantIntOp::create(builder, loc, value, 64);
    };
    auto address = [&](Value memref) -> Value {
      Value index =
          memref::ExtractAlignedPointerAsIndexOp::create(builder, loc, memref);
      return arith::IndexCastOp::create(builder, loc, builder.getI64Type(),
                                        index);
    };
    Value input = bufferization::ToBufferOp::create(
        builder, loc,
        MemRefType::get(inputType.getShape(), inputType.getElementType()),
        op->getOperand(0), /*readOnly=*/true);
    Value output = memref::AllocOp::create(
        builder, loc,
        MemRefType::get(resultType.getShape(), resultType.getElementType()));
    SmallVector<Value> args = {address(input), address(output)};
    std::string name;
    auto reduceCode = [](shard::ReductionKind kind) -> FailureOr<int64_t> {
      switch (kind) {
      case shard::ReductionKind::Sum:
      case shard::ReductionKind::Max:
      case shard::ReductionKind::Min:
      case shard::ReductionKind::Product:
      case shard::ReductionKind::Average:
        return static_cast<int64_t>(kind);
      default:
        return failure();
      }
    };
    if (auto reduce = dyn_cast<shard::AllReduceOp>(op)) {
      FailureOr<int64_t> code = reduceCode(reduce.getReduction());
      if (failed(code))
        return op->emitError("the MPI runtime has no such reduction");
      name = "kiln_shard_all_reduce";
      args.append({i64(inputType.getNumElements()), i64(*dtype), i64(*code),
                   i64(*packedGrid), i64(packAxes(reduce.getGridAxes()))});
    } else if (auto gather = dyn_cast<shard::AllGatherOp>(op)) {
      auto [outer, rows, inner] =
          view(inputType.getShape(), gather.getGatherAxis().getSExtValue());
      name = "kiln_shard_all_gather";
      args.append({i64(outer), i64(rows), i64(inner * elementBytes),
                   i64(*packedGrid), i64(packAxes(gather.getGridAxes()))});
    } else if (auto slice = dyn_cast<shard::AllSliceOp>(op)) {
      auto [outer, rows, inner] =
          view(resultType.getShape(), slice.getSliceAxis().getSExtValue());
      name = "kiln_shard_all_slice";
      args.append({i64(outer), i64(rows), i64(inner * elementBytes),
                   i64(*packedGrid), i64(packAxes(slice.getGridAxes()))});
    } else if (auto scatter = dyn_cast<shard::ReduceScatterOp>(op)) {
      FailureOr<int64_t> code = reduceCode(scatter.getReduction());
      if (failed(code))
        return op->emitError("the MPI runtime has no such reduction");
      auto [outer, rows, inner] =
          view(resultType.getShape(), scatter.getScatterAxis().getSExtValue());
      name = "kiln_shard_reduce_scatter";
      args.append({i64(outer), i64(rows), i64(inner), i64(*dtype), i64(*code),
                   i64(*packedGrid), i64(packAxes(scatter.getGridAxes()))});
    } else if (auto exchange = dyn_cast<shard::AllToAllOp>(op)) {
      int64_t split = exchange.getSplitAxis().getSExtValue();
      int64_t concat = exchange.getConcatAxis().getSExtValue();
      // The pieces sent are the input's blocks along `split`; the pieces
      // received are put side by side along `concat`.
      SmallVector<int64_t> piece(inputType.getShape());
      piece[split] = resultType.getDimSize(split);
      auto [outerS, rowsS, innerS] = view(inputType.getShape(), split);
      auto [outerC, rowsC, innerC] = view(piece, concat);
      name = "kiln_shard_all_to_all";
      args.append({i64(outerS), i64(rowsS), i64(innerS * elementBytes),
                   i64(outerC), i64(rowsC), i64(innerC * elementBytes),
                   i64(*packedGrid), i64(packAxes(exchange.getGridAxes()))});
    } else if (auto halo = dyn_cast<shard::UpdateHaloOp>(op)) {
      // One split dim (what the partitioner emits): the last listed.
      ArrayRef<shard::GridAxesAttr> split = halo.getSplitAxes().getAxes();
      ArrayRef<int64_t> sizes = halo.getStaticHaloSizes();
      int64_t dim = -1, count = 0;
      for (auto [index, axes] : llvm::enumerate(split))
        if (!axes.empty()) {
          dim = index;
          ++count;
        }
      if (count != 1 || sizes.size() != 2 || !halo.getHaloSizes().empty())
        return op->emitError("the MPI runtime exchanges static halos of one "
                             "split dim");
      auto [outer, rows, inner] = view(inputType.getShape(), dim);
      // The destination's data is copied over, then its pads refilled.
      memref::CopyOp::create(builder, loc, input, output);
      name = "kiln_shard_update_halo";
      args.append({i64(outer), i64(rows), i64(inner * elementBytes),
                   i64(sizes[0]), i64(sizes[1]), i64(*packedGrid),
                   i64(packAxes(split[dim].asArrayRef()))});
    } else if (auto permute = dyn_cast<CollectivePermuteOp>(op)) {
      // The whole table goes along: every process finds its own source
      // and destination in it.
      ArrayRef<int64_t> sources = permute.getSources();
      auto tableType = RankedTensorType::get(
          {static_cast<int64_t>(sources.size())}, builder.getI64Type());
      Value table = arith::ConstantOp::create(
          builder, loc, DenseElementsAttr::get(tableType, sources));
      Value tableBuffer = bufferization::ToBufferOp::create(
          builder, loc,
          MemRefType::get(tableType.getShape(), builder.getI64Type()), table,
          /*readOnly=*/true);
      SmallVector<int16_t> all;
      for (unsigned axis = 0; axis < grid.getShape().size(); ++axis)
        all.push_back(static_cast<int16_t>(axis));
      name = "kiln_shard_permute";
      args.append({i64(inputType.getNumElements() * elementBytes),
                   address(tableBuffer), i64(*packedGrid), i64(packAxes(all))});
    } else {
      return op->emitError("unexpected collective");
    }
    func::FuncOp callee = declare(name, args.size());
    func::CallOp::create(builder, loc, callee, args);
    Value result = bufferization::ToTensorOp::create(builder, loc, resultType,
                                                     output, /*restrict=*/true,
                                                     /*writable=*/true);
    op->getResult(0).replaceAllUsesWith(result);
    op->erase();
    return success();
  }
};
} // namespace
