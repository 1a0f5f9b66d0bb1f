//===- ShardPartition.cpp - The kiln-shard-partition pass -----------------===//
//
// Rewrites each function with a mesh into the program one device runs
// (SPMD): every tensor becomes its local block, every op computes on
// blocks in the layout OpLayout chooses for it, and the moves between
// layouts become upstream shard collectives (ReshardEmitter). Sharded
// window dims trade halos with their neighbours; reductions over an
// uneven split mask the padding with their identity first.
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnOps.h"
#include "kiln/Transforms/Passes.h"
#include "kiln/Transforms/Sharding/OpLayout.h"
#include "kiln/Transforms/Sharding/Propagation.h"
#include "kiln/Transforms/Sharding/ReshardEmitter.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_SHARDPARTITIONPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

/// How the partial results of `op` over a split reduced factor combine.
static FailureOr<shard::ReductionKind> reductionOf(Operation *op) {
  if (isa<ReduceMaxOp>(op))
    return shard::ReductionKind::Max;
  if (isa<ReduceMinOp>(op))
    return shard::ReductionKind::Min;
  if (isa<ReduceProdOp>(op))
    return shard::ReductionKind::Product;
  if (isa<ReduceMeanOp, GlobalAvgPool2DOp>(op))
    return shard::ReductionKind::Average;
  if (auto loss = dyn_cast<MseOp>(op))
    return loss.getReduction() == LossReduction::mean
               ? shard::ReductionKind::Average
               : shard::ReductionKind::Sum;
  if (auto loss = dyn_cast<CrossEntropyOp>(op))
    return loss.getReduction() == LossReduction::mean
               ? shard::ReductionKind::Average
               : shard::ReductionKind::Sum;
  return shard::ReductionKind::Sum;
}

/// The element that leaves a `kind` reduction unchanged.
static TypedAttr identityOf(shard::ReductionKind kind, Type type) {
  auto floatType = dyn_cast<FloatType>(type);
  switch (kind) {
  case shard::ReductionKind::Max:
    if (floatType)
      return FloatAttr::get(type, APFloat::getInf(floatType.getFloatSemantics(),
                                                  /*Negative=*/true));
    return IntegerAttr::get(
        type, APInt::getSignedMinValue(type.getIntOrFloatBitWidth()));
  case shard::ReductionKind::Min:
    if (floatType)
      return FloatAttr::get(type,
                            APFloat::getInf(floatType.getFloatSemantics()));
    return IntegerAttr::get(
        type, APInt::getSignedMaxValue(type.getIntOrFloatBitWidth()));
  case shard::ReductionKind::Product:
    if (floatType)
      return FloatAttr::get(type, 1.0);
    return IntegerAttr::get(type, 1);
  default:
    return cast<TypedAttr>(OpBuilder(type.getContext()).getZeroAttr(type));
  }
}

/// "1.5 KiB".
static std::string formatBytes(int64_t bytes) {
  if (bytes < 1024)
    return llvm::formatv("{0} B", bytes);
  if (bytes < 1024 * 1024)
    return llvm::formatv("{0:f1} KiB", bytes / 1024.0);
  return llvm::formatv("{0:f1} MiB", bytes / (1024.0 * 1024.0));
}

namespace {
/// Partitions one function.
class Partitioner {
public:
  Partitioner(FunctionOpInterface function,
              const ShardingPropagation &propagation, ReshardEmitter emitter,
              bool globalIO)
      : function(function), propagation(propagation), emitter(emitter),
        globalIO(globalIO) {}

  LogicalResult run();

private:
  /// The local block of `global` laid out as `to`, resharded (once per
  /// layout) from its current layout. A dim gathered whole that `user` did
  /// not request draws a warning with its cost.
  FailureOr<Value> reshard(OpBuilder &builder, Operation *user, Value global,
                           ShardingAttr to, bool requested);
  /// Records the local block of `global` coming out of `user` in `from`,
  /// resharded to the layout propagation chose for it.
  LogicalResult define(OpBuilder &builder, Operation *user, Value global,
                       Value block, ShardingAttr from,
                       shard::ReductionKind reduction);
  LogicalResult partition(Operation *op);
  /// Inlines the per-device body of `manual` (see ManualComputationOp).
  LogicalResult partitionManual(OpBuilder &builder, ManualComputationOp manual);
  /// Pads operand 0 of a window op and fills the pads from the neighbours
  /// for each split window dim; adjusts the op's padding to match.
  LogicalResult exchangeHalos(OpBuilder &builder, Operation *op,
                              const OpShardingRule &rule,
                              const OpLayout &layout, Value &input,
                              SmallVectorImpl<int64_t> &padding);
  /// Replaces the padding rows of an uneven split reduced dim of `block`
  /// by the identity of `reduction`.
  LogicalResult maskPadding(OpBuilder &builder, Operation *op, unsigned operand,
                            const OpShardingRule &rule, const OpLayout &layout,
                            shard::ReductionKind reduction, Value &block);
  ShardingAttr replicated(Value value) const;
  /// The type `value` has in the unpartitioned function.
  static RankedTensorType globalType(Value value) {
    return cast<RankedTensorType>(value.getType());
  }

  FunctionOpInterface function;
  const ShardingPropagation &propagation;
  ReshardEmitter emitter;
  /// Keep the global signature (see the pass's global-io option).
  bool globalIO;
  /// Global value -> its local block and that block's layout.
  llvm::DenseMap<Value, std::pair<Value, ShardingAttr>> blocks;
  /// Blocks already resharded to a layout, reused by later users.
  llvm::DenseMap<std::pair<Value, Attribute>, Value> resharded;
};
} // namespace

ShardingAttr Partitioner::replicated(Value value) const {
  MLIRContext *context = value.getContext();
  SmallVector<DimShardingAttr> dims(
      globalType(value).getRank(), DimShardingAttr::get(context, {}, true, -1));
  return ShardingAttr::get(
      context, FlatSymbolRefAttr::get(emitter.getMesh().getSymNameAttr()), dims,
      {}, {});
}

FailureOr<Value> Partitioner::reshard(OpBuilder &builder, Operation *user,
                                      Value global, ShardingAttr to,
                                      bool requested) {
  auto [block, from] = blocks.lookup(global);
  to = layoutOf(to);
  if (from == to)
    return block;
  if (Value done = resharded.lookup({global, to}))
    return done;
  RankedTensorType type = globalType(global);
  FailureOr<EmittedReshard> emitted =
      emitter.emit(builder, user->getLoc(), block, type, from, to);
  if (failed(emitted))
    return failure();
  if (!requested && !emitted->gatheredDims.empty()) {
    InFlightDiagnostic warning = user->emitWarning()
                                 << "'" << user->getName() << "' needs dim";
    if (emitted->gatheredDims.size() > 1)
      warning << "s";
    warning << " ";
    llvm::interleaveComma(emitted->gatheredDims, warning);
    warning << " of a " << type << " operand whole: gathering it from " << from
            << " costs " << formatBytes(emitted->gatheredBytes)
            << " per device; shard differently or request it with "
               "kiln.sharding_constraint";
  }
  resharded[{global, to}] = emitted->value;
  return emitted->value;
}

LogicalResult Partitioner::define(OpBuilder &builder, Operation *user,
                                  Value global, Value block, ShardingAttr from,
                                  shard::ReductionKind reduction) {
  ShardingAttr to = layoutOf(propagation.getSharding(global));
  if (from == to) {
    blocks[global] = {block, to};
    return success();
  }
  FailureOr<EmittedReshard> emitted = emitter.emit(
      builder, user->getLoc(), block, globalType(global), from, to, reduction);
  if (failed(emitted))
    return failure();
  blocks[global] = {emitted->value, to};
  return success();
}

LogicalResult Partitioner::exchangeHalos(OpBuilder &builder, Operation *op,
                                         const OpShardingRule &rule,
                                         const OpLayout &layout, Value &input,
                                         SmallVectorImpl<int64_t> &padding) {
  RankedTensorType type = globalType(op->getOperand(0));
  for (auto [dim, factors] : llvm::enumerate(rule.dims[0])) {
    if (factors.empty() ||
        rule.factorKinds[factors.front()] != FactorKind::Window)
      continue;
    ArrayRef<StringAttr> axes = layout.factorAxes[factors.front()];
    if (axes.empty())
      continue;
    int64_t spatial = dim - 2, halo = getWindowHalo(op, dim);
    ArrayRef<int64_t> strides = isa<Conv2DOp>(op)
                                    ? cast<Conv2DOp>(op).getStrides()
                                    : cast<MaxPool2DOp>(op).getStrides();
    if (isa<AvgPool2DOp>(op) || strides[spatial] != 1 || halo % 2 != 0 ||
        padding[spatial] != halo / 2 || padding[spatial + 2] != halo / 2 ||
        type.getDimSize(dim) % emitter.product(axes) != 0)
      return op->emitError()
             << "cannot split window dim " << dim << " of '" << op->getName()
             << "': the partitioner exchanges halos only for stride 1 with "
                "'same' padding over an even split (got stride "
             << strides[spatial] << ", padding " << padding[spatial] << "/"
             << padding[spatial + 2] << ", " << type.getDimSize(dim)
             << " rows over " << emitter.product(axes)
             << " devices); keep the dim whole with kiln.sharding_constraint";
    // Pad the block by half the window on each side (zeros for a
    // convolution, -inf for max pooling: what its padding would be), then
    // let update_halo fill the pads from the neighbours; the outermost
    // devices keep the padding.
    int64_t rank = type.getRank();
    SmallVector<int64_t> low(rank, 0), high(rank, 0);
    low[dim] = high[dim] = halo / 2;
    auto elementType = type.getElementType();
    TypedAttr padValue =
        isa<MaxPool2DOp>(op)
            ? identityOf(shard::ReductionKind::Max, elementType)
            : cast<TypedAttr>(builder.getZeroAttr(elementType));
    input = PadOp::create(builder, op->getLoc(), input, low, high, padValue);
    SmallVector<shard::GridAxesAttr> split;
    for (int64_t d = 0; d <= static_cast<int64_t>(dim); ++d) {
      SmallVector<int16_t> indices;
      if (d == static_cast<int64_t>(dim))
        for (StringAttr axis : axes)
          indices.push_back(emitter.gridAxis(axis));
      split.push_back(DenseI16ArrayAttr::get(builder.getContext(), indices));
    }
    input = shard::UpdateHaloOp::create(
        builder, op->getLoc(), input.getType(), input, emitter.getGrid(),
        shard::GridAxesArrayAttr::get(builder.getContext(), split),
        ValueRange{}, builder.getDenseI64ArrayAttr({halo / 2, halo / 2}));
    padding[spatial] = padding[spatial + 2] = 0;
  }
  return success();
}

LogicalResult
Partitioner::maskPadding(OpBuilder &builder, Operation *op, unsigned operand,
                         const OpShardingRule &rule, const OpLayout &layout,
                         shard::ReductionKind reduction, Value &block) {
  RankedTensorType type = globalType(op->getOperand(operand));
  MLIRContext *context = builder.getContext();
  for (auto [dim, factors] : llvm::enumerate(rule.dims[operand])) {
    ArrayRef<StringAttr> axes =
        layout.operands[operand].getDims()[dim].getAxes();
    int64_t whole = type.getDimSize(dim), parts = emitter.product(axes);
    bool reduced = llvm::any_of(factors, [&](unsigned factor) {
      return rule.factorKinds[factor] == FactorKind::Reduction;
    });
    if (!reduced || axes.empty() || whole % parts == 0)
      continue;
    if (reduction == shard::ReductionKind::Average)
      return op->emitError()
             << "cannot average over dim " << dim << " split unevenly ("
             << whole << " rows over " << parts
             << " devices): make the split even or keep the dim whole";
    // A [1, .., padded, .., 1] mask of the real rows, sliced like the
    // operand, chooses between the block and the identity.
    int64_t padded = (whole + parts - 1) / parts * parts;
    SmallVector<int64_t> shape(type.getRank(), 1);
    shape[dim] = padded;
    SmallVector<bool> real(padded, false);
    std::fill(real.begin(), real.begin() + whole, true);
    auto maskType = RankedTensorType::get(shape, builder.getI1Type());
    Value mask = ConstantOp::create(builder, op->getLoc(),
                                    DenseElementsAttr::get(maskType, real));
    SmallVector<DimShardingAttr> dims(
        type.getRank(), DimShardingAttr::get(context, {}, true, -1));
    dims[dim] = DimShardingAttr::get(context, axes, true, -1);
    ShardingAttr maskLayout = ShardingAttr::get(
        context, layout.operands[operand].getMesh(), dims, {}, {});
    FailureOr<EmittedReshard> localMask =
        emitter.emit(builder, op->getLoc(), mask, maskType,
                     replicated(op->getOperand(operand)), maskLayout);
    if (failed(localMask))
      return failure();
    auto scalarType = RankedTensorType::get({}, type.getElementType());
    Value identity = ConstantOp::create(
        builder, op->getLoc(),
        DenseElementsAttr::get(scalarType,
                               identityOf(reduction, type.getElementType())));
    block = SelectOp::create(builder, op->getLoc(), localMask->value, block,
                             identity);
  }
  return success();
}

LogicalResult Partitioner::partition(Operation *op) {
  OpBuilder builder(op);
  if (auto constraint = dyn_cast<ShardingConstraintOp>(op)) {
    FailureOr<Value> block = reshard(builder, op, constraint.getInput(),
                                     constraint.getSharding(), true);
    if (failed(block))
      return failure();
    blocks[constraint.getResult()] = {*block,
                                      layoutOf(constraint.getSharding())};
    return success();
  }
  if (auto manual = dyn_cast<ManualComputationOp>(op))
    return partitionManual(builder, manual);
  std::optional<OpShardingRule> rule = getShardingRule(op);
  SmallVector<ShardingAttr> operands, results;
  for (Value operand : op->getOperands())
    operands.push_back(blocks.lookup(operand).second);
  for (Value result : op->getResults())
    results.push_back(propagation.getSharding(result));
  // Ops without a rule (and constants) compute the whole tensors.
  OpLayout layout;
  if (rule && op->getNumOperands() > 0) {
    layout = chooseOpLayout(op, *rule, emitter.getMesh(), operands, results);
  } else {
    for (Value operand : op->getOperands())
      layout.operands.push_back(replicated(operand));
    for (Value result : op->getResults())
      layout.results.push_back(replicated(result));
  }
  FailureOr<shard::ReductionKind> reduction = reductionOf(op);
  if (failed(reduction))
    return failure();

  IRMapping mapping;
  SmallVector<Value> locals;
  for (auto [index, operand] : llvm::enumerate(op->getOperands())) {
    FailureOr<Value> block =
        reshard(builder, op, operand, layout.operands[index], false);
    if (failed(block))
      return failure();
    locals.push_back(*block);
  }
  if (rule && !layout.partialAxes.empty())
    for (unsigned index = 0; index < locals.size(); ++index)
      if (failed(maskPadding(builder, op, index, *rule, layout, *reduction,
                             locals[index])))
        return failure();
  SmallVector<int64_t> padding;
  if (auto conv = dyn_cast<Conv2DOp>(op))
    llvm::append_range(padding, conv.getPadding());
  if (isa<MaxPool2DOp, AvgPool2DOp>(op))
    llvm::append_range(
        padding, cast<DenseI64ArrayAttr>(op->getAttr("padding")).asArrayRef());
  if (rule && !padding.empty() &&
      failed(exchangeHalos(builder, op, *rule, layout, locals[0], padding)))
    return failure();
  for (auto [operand, block] : llvm::zip(op->getOperands(), locals))
    mapping.map(operand, block);

  Operation *local = builder.clone(*op, mapping);
  local->removeAttr(KilnDialect::kShardingAttrName);
  if (!padding.empty())
    local->setAttr("padding", builder.getDenseI64ArrayAttr(padding));
  for (auto [index, result] : llvm::enumerate(local->getResults()))
    result.setType(emitter.localType(
        cast<RankedTensorType>(op->getResult(index).getType()),
        layout.results[index]));
  if (auto slice = dyn_cast<SliceOp>(local)) {
    // Dims the slice keeps whole are the ones it may split: their limit
    // is the block's size.
    SmallVector<int64_t> limit(slice.getLimit());
    auto block = cast<RankedTensorType>(slice.getOperand().getType());
    RankedTensorType global = globalType(op->getOperand(0));
    for (int64_t dim = 0; dim < block.getRank(); ++dim)
      if (block.getDimSize(dim) != global.getDimSize(dim))
        limit[dim] = block.getDimSize(dim);
    slice.setLimit(limit);
  }
  if (auto reshape = dyn_cast<ReshapeOp>(local)) {
    if (reshape.getOperand().getType().getNumElements() !=
        reshape.getType().getNumElements())
      return op->emitError()
             << "cannot reshape blocks of " << reshape.getOperand().getType()
             << " into blocks of " << reshape.getType()
             << ": the split dim does not divide evenly; make it even or "
                "keep it whole";
  }
  if (failed(mlir::verify(local)))
    return op->emitError("the partitioned form of this op does not verify "
                         "(see above)");
  for (auto [index, result] : llvm::enumerate(op->getResults()))
    if (failed(define(builder, op, result, local->getResult(index),
                      layout.results[index], *reduction)))
      return failure();
  return success();
}

LogicalResult Partitioner::partitionManual(OpBuilder &builder,
                                           ManualComputationOp manual) {
  // The body is already the program of one device: its arguments become
  // the operands' blocks in the in_shardings, its ops are copied as they
  // are, and what it yields are the results' blocks.
  Block &body = manual.getBody().front();
  IRMapping mapping;
  for (auto [index, operand] : llvm::enumerate(manual.getInputs())) {
    FailureOr<Value> block =
        reshard(builder, manual, operand, manual.getInSharding(index),
                /*requested=*/true);
    if (failed(block))
      return failure();
    mapping.map(body.getArgument(index), *block);
  }
  for (Operation &inner : body.without_terminator())
    builder.clone(inner, mapping);
  auto yield = cast<YieldOp>(body.getTerminator());
  for (auto [index, result] : llvm::enumerate(manual.getResults()))
    if (failed(define(
            builder, manual, result, mapping.lookup(yield.getValues()[index]),
            layoutOf(manual.getOutSharding(index)), shard::ReductionKind::Sum)))
      return failure();
  return success();
}

LogicalResult Partitioner::run() {
  Block &body = function.getFunctionBody().front();
  MLIRContext *context = function.getContext();
  // The local arguments go after the global ones, which go once nothing
  // uses them.
  unsigned numArguments = body.getNumArguments();
  SmallVector<Operation *> globals = llvm::to_vector(llvm::map_range(
      body.without_terminator(), [](Operation &op) { return &op; }));
  SmallVector<ShardingAttr> argumentLayouts;
  for (unsigned index = 0; index < numArguments; ++index) {
    BlockArgument argument = body.getArgument(index);
    auto type = dyn_cast<RankedTensorType>(argument.getType());
    if (!type) {
      argument.replaceAllUsesWith(
          body.addArgument(argument.getType(), argument.getLoc()));
      argumentLayouts.push_back(nullptr);
      continue;
    }
    ShardingAttr layout = layoutOf(propagation.getSharding(argument));
    if (globalIO) {
      // Each device keeps its block of the whole argument.
      Value whole = body.addArgument(type, argument.getLoc());
      blocks[argument] = {whole, replicated(argument)};
      OpBuilder builder = OpBuilder::atBlockBegin(&body);
      FailureOr<Value> block = reshard(builder, function, argument, layout,
                                       /*requested=*/true);
      if (failed(block))
        return failure();
      blocks[argument] = {*block, layout};
      argumentLayouts.push_back(nullptr);
      continue;
    }
    blocks[argument] = {
        body.addArgument(emitter.localType(type, layout), argument.getLoc()),
        layout};
    argumentLayouts.push_back(layout);
  }
  for (Operation *global : globals) {
    Operation &op = *global;
    if (llvm::any_of(op.getResultTypes(),
                     [](Type type) { return !isa<RankedTensorType>(type); }) ||
        llvm::any_of(op.getOperandTypes(),
                     [](Type type) { return !isa<RankedTensorType>(type); }))
      return op.emitError("cannot partition an op on values that are not "
                          "ranked tensors");
    if (failed(partition(&op)))
      return failure();
  }
  Operation *terminator = body.getTerminator();
  OpBuilder builder(terminator);
  SmallVector<Type> resultTypes;
  for (OpOperand &returned : terminator->getOpOperands()) {
    auto type = dyn_cast<RankedTensorType>(returned.get().getType());
    if (!type) {
      resultTypes.push_back(returned.get().getType());
      continue;
    }
    unsigned index = returned.getOperandNumber();
    ShardingAttr wanted = function.getResultAttrOfType<ShardingAttr>(
        index, KilnDialect::kShardingAttrName);
    ShardingAttr layout =
        globalIO ? replicated(returned.get())
                 : layoutOf(wanted ? wanted
                                   : propagation.getSharding(returned.get()));
    FailureOr<Value> block = reshard(builder, terminator, returned.get(),
                                     layout, globalIO || wanted != nullptr);
    if (failed(block))
      return failure();
    returned.set(*block);
    resultTypes.push_back(block->getType());
    if (globalIO)
      function.removeResultAttr(
          index, StringAttr::get(context, KilnDialect::kShardingAttrName));
    else
      function.setResultAttr(index, KilnDialect::kShardingAttrName, layout);
  }
  for (Operation *op : llvm::reverse(globals))
    op->erase();
  body.eraseArguments(0, numArguments);
  function.setType(
      FunctionType::get(context, body.getArgumentTypes(), resultTypes));
  for (auto [index, layout] : llvm::enumerate(argumentLayouts)) {
    if (layout)
      function.setArgAttr(index, KilnDialect::kShardingAttrName, layout);
    else
      function.removeArgAttr(
          index, StringAttr::get(context, KilnDialect::kShardingAttrName));
  }
  function->setAttr("kiln.spmd",
                    FlatSymbolRefAttr::get(emitter.getMesh().getSymNameAttr()));
  return success();
}

namespace {
struct ShardPartitionPass
    : kiln::impl::ShardPartitionPassBase<ShardPartitionPass> {
  using ShardPartitionPassBase::ShardPartitionPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::DenseMap<Operation *, FlatSymbolRefAttr> grids;
    for (auto function :
         llvm::to_vector(module.getOps<FunctionOpInterface>())) {
      if (function.isExternal() || function->hasAttr("kiln.spmd"))
        continue;
      ShardingPropagation propagation(function);
      if (failed(propagation.run()))
        return signalPassFailure();
      MeshOp mesh = propagation.getMesh();
      if (!mesh)
        continue;
      // The upstream grid mirroring the mesh, next to it: `@<mesh>_grid`,
      // which manual regions may already use for collectives of their own.
      FlatSymbolRefAttr &grid = grids[mesh];
      if (!grid) {
        std::string name = (mesh.getSymName() + "_grid").str();
        auto gridOp = module.lookupSymbol<shard::GridOp>(name);
        if (gridOp && gridOp.getShape() != mesh.getMesh().getAxisSizes()) {
          gridOp.emitError()
              << "shard.grid @" << name << " must have the shape of kiln.mesh @"
              << mesh.getSymName() << ", whose collectives it carries";
          return signalPassFailure();
        }
        if (!gridOp) {
          OpBuilder builder(module.getContext());
          gridOp = shard::GridOp::create(builder, mesh.getLoc(), name,
                                         mesh.getMesh().getAxisSizes());
          SymbolTable(module).insert(gridOp, std::next(Block::iterator(mesh)));
        }
        grid = FlatSymbolRefAttr::get(gridOp.getSymNameAttr());
      }
      if (failed(Partitioner(function, propagation, ReshardEmitter(mesh, grid),
                             globalIO)
                     .run()))
        return signalPassFailure();
    }
  }
};
} // namespace
