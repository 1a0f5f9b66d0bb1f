//===- ShardingOps.cpp - Kiln mesh and sharding ops -----------------------===//
//
// Verifiers of kiln.mesh and kiln.sharding_constraint, and the dialect
// hooks that check a `kiln.sharding` attribute wherever it is
// attached (any op, function arguments and results).
//
//===----------------------------------------------------------------------===//

#include "kiln/AttrVerifiers.h"
#include "kiln/KilnOps.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// kiln.mesh
//===----------------------------------------------------------------------===//

LogicalResult MeshOp::verify() {
  size_t axes = getMesh().getAxisNames().size();
  auto checkCosts = [&](std::optional<ArrayRef<double>> costs,
                        StringRef name) -> LogicalResult {
    if (!costs)
      return success();
    if (costs->size() != axes)
      return emitOpError() << "'" << name << "' has " << costs->size()
                           << " entries but the mesh has " << axes << " axes";
    if (llvm::any_of(*costs, [](double cost) { return !(cost > 0); }))
      return emitOpError() << "'" << name << "' entries must be positive";
    return success();
  };
  return failure(failed(checkCosts(getLatencyUs(), "latency_us")) ||
                 failed(checkCosts(getBandwidthGbps(), "bandwidth_gbps")));
}

std::pair<double, double> MeshOp::getAxisCost(unsigned axis) {
  double latencyUs = 10.0, gbps = 10.0;
  if (std::optional<ArrayRef<double>> latency = getLatencyUs())
    latencyUs = (*latency)[axis];
  if (std::optional<ArrayRef<double>> bandwidth = getBandwidthGbps())
    gbps = (*bandwidth)[axis];
  return {latencyUs * 1e-6, 1.0 / (gbps * 1e9)};
}

MeshOp mlir::kiln::lookupMesh(Operation *from, FlatSymbolRefAttr name) {
  return SymbolTable::lookupNearestSymbolFrom<MeshOp>(from, name);
}

/// Checks `sharding` against its mesh and `type`; errors go to `op`.
static LogicalResult verifyShardingOf(Operation *op, ShardingAttr sharding,
                                      Type type, const Twine &what) {
  MeshOp mesh = lookupMesh(op, sharding.getMesh());
  if (!mesh)
    return op->emitOpError()
           << "sharding of " << what << " refers to an unknown mesh "
           << sharding.getMesh();
  return sharding.verifyFor(
      [&] { return op->emitOpError() << "sharding of " << what << ": "; },
      mesh.getMesh(), type);
}

//===----------------------------------------------------------------------===//
// kiln.sharding_constraint
//===----------------------------------------------------------------------===//

LogicalResult ShardingConstraintOp::verify() {
  return verifyShardingOf(*this, getSharding(), getType(), "the constraint");
}

//===----------------------------------------------------------------------===//
// kiln.manual_computation
//===----------------------------------------------------------------------===//

LogicalResult ManualComputationOp::verify() {
  Block &body = getBody().front();
  if (getInShardings().size() != getInputs().size())
    return emitOpError() << "has " << getInShardings().size()
                         << " in_shardings for " << getInputs().size()
                         << " operands";
  if (getOutShardings().size() != getNumResults())
    return emitOpError() << "has " << getOutShardings().size()
                         << " out_shardings for " << getNumResults()
                         << " results";
  if (body.getNumArguments() != getInputs().size())
    return emitOpError() << "body has " << body.getNumArguments()
                         << " arguments for " << getInputs().size()
                         << " operands";
  auto yield = cast<YieldOp>(body.getTerminator());
  if (yield.getValues().size() != getNumResults())
    return yield.emitOpError()
           << "yields " << yield.getValues().size() << " values for "
           << getNumResults() << " results";
  FlatSymbolRefAttr meshName;
  // Each global type against its sharding, and the body's local type
  // against the block that sharding gives.
  auto check = [&](ShardingAttr sharding, Type global, Type local,
                   const Twine &what) -> LogicalResult {
    if (failed(verifyShardingOf(*this, sharding, global, what)))
      return failure();
    if (!meshName)
      meshName = sharding.getMesh();
    else if (meshName != sharding.getMesh())
      return emitOpError() << what << " is on mesh " << sharding.getMesh()
                           << " but the others on " << meshName;
    auto tensor = cast<RankedTensorType>(global);
    MeshAttr mesh = lookupMesh(*this, sharding.getMesh()).getMesh();
    for (auto [dim, d] : llvm::enumerate(sharding.getDims())) {
      if (!d.getClosed())
        return emitOpError() << what << ": dim " << dim
                             << " is open; a manual region needs closed dims";
      int64_t parts = 1;
      for (StringAttr axis : d.getAxes())
        parts *= *mesh.getAxisSize(axis.getValue());
      if (tensor.getDimSize(dim) % parts)
        return emitOpError()
               << what << ": dim " << dim << " of size "
               << tensor.getDimSize(dim) << " does not split evenly into "
               << parts << " blocks";
    }
    auto expected =
        RankedTensorType::get(sharding.getLocalShape(mesh, tensor.getShape()),
                              tensor.getElementType());
    if (local != expected)
      return emitOpError() << what << ": the body's block is " << local
                           << " but the sharding gives " << expected;
    return success();
  };
  for (auto [index, input] : llvm::enumerate(getInputs()))
    if (failed(check(getInSharding(index), input.getType(),
                     body.getArgument(index).getType(),
                     "operand " + Twine(index))))
      return failure();
  for (auto [index, result] : llvm::enumerate(getResults()))
    if (failed(check(getOutSharding(index), result.getType(),
                     yield.getValues()[index].getType(),
                     "result " + Twine(index))))
      return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// kiln.collective_permute
//===----------------------------------------------------------------------===//

LogicalResult CollectivePermuteOp::verify() {
  ArrayRef<int64_t> sources = getSources();
  SmallVector<bool> seen(sources.size(), false);
  for (int64_t source : sources) {
    if (source < 0 || source >= static_cast<int64_t>(sources.size()) ||
        seen[source])
      return emitOpError() << "sources must be a permutation of the "
                           << sources.size() << " devices";
    seen[source] = true;
  }
  auto grid =
      SymbolTable::lookupNearestSymbolFrom<shard::GridOp>(*this, getGridAttr());
  if (!grid)
    return emitOpError() << "refers to an unknown shard.grid " << getGridAttr();
  int64_t devices = 1;
  for (int64_t size : grid.getShape())
    devices *= size;
  if (devices != static_cast<int64_t>(sources.size()))
    return emitOpError() << "has " << sources.size() << " sources but grid "
                         << getGridAttr() << " has " << devices << " devices";
  return success();
}

//===----------------------------------------------------------------------===//
// `kiln.sharding` on any op, argument or result
//===----------------------------------------------------------------------===//

LogicalResult mlir::kiln::verifyShardingOpAttribute(Operation *op,
                                                    NamedAttribute attr) {
  if (attr.getName() != KilnDialect::kShardingAttrName)
    return success();
  auto perValue = dyn_cast<ShardingPerValueAttr>(attr.getValue());
  if (!perValue)
    return op->emitOpError() << "'" << KilnDialect::kShardingAttrName
                             << "' must be a #kiln.sharding_per_value";
  if (perValue.getShardings().size() != op->getNumResults())
    return op->emitOpError()
           << "has " << perValue.getShardings().size()
           << " result shardings but " << op->getNumResults() << " results";
  for (auto [index, sharding] : llvm::enumerate(perValue.getShardings()))
    if (failed(verifyShardingOf(op, sharding, op->getResult(index).getType(),
                                "result " + Twine(index))))
      return failure();
  return success();
}

/// The `kiln.sharding` of argument or result `index` of a function.
static LogicalResult verifyFunctionSharding(Operation *op, bool isArgument,
                                            unsigned index,
                                            NamedAttribute attr) {
  if (attr.getName() != KilnDialect::kShardingAttrName)
    return success();
  auto function = dyn_cast<FunctionOpInterface>(op);
  auto sharding = dyn_cast<ShardingAttr>(attr.getValue());
  std::string what =
      (Twine(isArgument ? "argument " : "result ") + Twine(index)).str();
  if (!sharding)
    return op->emitOpError() << "'" << KilnDialect::kShardingAttrName << "' of "
                             << what << " must be a #kiln.sharding";
  if (!function)
    return success();
  Type type = isArgument ? function.getArgumentTypes()[index]
                         : function.getResultTypes()[index];
  return verifyShardingOf(op, sharding, type, what);
}

LogicalResult mlir::kiln::verifyShardingValueAttribute(Operation *op,
                                                       bool isArgument,
                                                       unsigned index,
                                                       NamedAttribute attr) {
  return verifyFunctionSharding(op, isArgument, index, attr);
}
