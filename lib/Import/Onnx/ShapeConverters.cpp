//===- ShapeConverters.cpp - ONNX layout, indexing and generator ops ------===//
//
// Operators that move, repeat, select or generate elements: Pad, Tile,
// DepthToSpace/SpaceToDepth, Trilu, OneHot, GatherElements, ReverseSequence,
// EyeLike, Size and Dropout (the identity in inference). Amounts that decide
// shapes (pads, repeats, depth) must be constants, since shapes are static.
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

LogicalResult convertSize(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  auto type = RankedTensorType::get({}, n.b.getI64Type());
  n.setOutput(
      0, ConstantOp::create(
             n.b, DenseElementsAttr::get(type, typeOf(*x).getNumElements())));
  return success();
}

/// Dropout in inference: the input, and a mask of all true. A constant
/// `training_mode` of true with a non-zero ratio would be random, which a
/// compiled inference program does not do.
LogicalResult convertDropout(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  n.ignoreAttributes({"seed"});
  // The ratio (an input from opset 12, which may be a graph input) only
  // matters in training mode.
  n.ignoreAttributes({"ratio"});
  bool training = n.opset < 7 ? !n.intAttr("is_test", 0) : false;
  if (n.opset >= 12) {
    FailureOr<double> mode = constantScalar(n, 2, 0.0);
    if (failed(mode))
      return failure();
    training = *mode != 0.0;
  }
  double ratio = n.opset < 12 ? n.floatAttr("ratio", 0.5) : 0.5;
  if (training && n.opset >= 12) {
    FailureOr<double> given = constantScalar(n, 1, 0.5);
    if (failed(given))
      return failure();
    ratio = *given;
  }
  if (training && ratio != 0.0)
    return n.error() << "training-mode dropout (random) is not supported; "
                        "export the model in eval mode";
  n.setOutput(0, *x);
  if (n.node.output_size() > 1) {
    KilnBuilder k(n.b);
    n.setOutput(1, k.splat(typeOf(*x).clone(n.b.getI1Type()), 1));
  }
  return success();
}

/// Trilu: keeps the elements on and above (upper) or on and below the
/// k-th diagonal of the last two dimensions, zero elsewhere. A constant
/// input (a causal mask's ones) folds here, so that attention raising sees
/// the mask; otherwise the diagonal test is an iota comparison, and k may
/// be a run-time scalar.
LogicalResult convertTrilu(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  RankedTensorType type = typeOf(*x);
  if (type.getRank() < 2)
    return n.error() << "needs an input of rank 2 or more";
  bool upper = n.intAttr("upper", 1) != 0;
  int64_t rows = type.getDimSize(type.getRank() - 2),
          cols = type.getShape().back();
  DenseElementsAttr diagonalConstant = n.denseConstantInput(1);
  DenseElementsAttr dense = n.denseConstantInput(0);
  if (dense && (!n.input(1) || diagonalConstant)) {
    FailureOr<double> diagonal = constantScalar(n, 1, 0);
    if (failed(diagonal))
      return failure();
    SmallVector<Attribute> elements(dense.getValues<Attribute>());
    Attribute zero = n.b.getZeroAttr(dense.getElementType());
    for (size_t i = 0; i < elements.size(); ++i) {
      int64_t col = i % cols, row = (i / cols) % rows;
      if (upper ? col - row < *diagonal : col - row > *diagonal)
        elements[i] = zero;
    }
    n.setOutput(0, ConstantOp::create(
                       n.b, DenseElementsAttr::get(dense.getType(), elements)));
    return success();
  }
  KilnBuilder k(n.b);
  Type i64 = n.b.getI64Type();
  Value diagonal = k.scalar(i64, 0);
  if (Value given = n.input(1)) {
    if (typeOf(given).getNumElements() != 1)
      return n.error() << "k must be a scalar";
    diagonal = k.reshape(k.cast(given, i64), {});
  }
  Value row = k.iota({rows, cols}, i64, 0), col = k.iota({rows, cols}, i64, 1);
  Value keep = k.compare(upper ? CompareDirection::ge : CompareDirection::le,
                         k.sub(col, row), diagonal);
  n.setOutput(0, k.select(keep, *x, k.scalarLike(*x, 0)));
  return success();
}

LogicalResult convertEyeLike(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  RankedTensorType type = typeOf(*x);
  if (type.getRank() != 2)
    return n.error() << "needs a 2-d input";
  Type element = type.getElementType();
  if (const onnx::AttributeProto *dtype = n.attribute("dtype")) {
    element = convertElementType(dtype->i(), n.b.getContext());
    if (!element)
      return n.error() << "dtype " << dtype->i() << " is not supported";
  }
  int64_t diagonal = n.intAttr("k", 0);
  int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
  if (failed(checkMaterialized(n, rows, cols, "the identity")))
    return failure();
  SmallVector<Attribute> values;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      double v = c - r == diagonal ? 1.0 : 0.0;
      values.push_back(isa<FloatType>(element)
                           ? Attribute(n.b.getFloatAttr(element, v))
                           : Attribute(n.b.getIntegerAttr(
                                 element, static_cast<int64_t>(v))));
    }
  n.setOutput(0, ConstantOp::create(
                     n.b, DenseElementsAttr::get(type.clone(element), values)));
  return success();
}

/// Tile: every dimension d repeated r[d] times, as one broadcast of x with
/// a size-1 dimension before each of its own, merged back.
LogicalResult convertTile(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  FailureOr<SmallVector<int64_t>> repeats = n.constantInts(1);
  if (failed(x) || failed(repeats))
    return failure();
  ArrayRef<int64_t> shape = typeOf(*x).getShape();
  if (repeats->size() != shape.size())
    return n.error() << repeats->size() << " repeats for an input of rank "
                     << shape.size();
  SmallVector<int64_t> split, broadcast, merged;
  for (auto [dim, repeat] : llvm::zip(shape, *repeats)) {
    if (repeat < 0)
      return n.error() << "repeat " << repeat << " is negative";
    split.append({1, dim});
    broadcast.append({repeat, dim});
    merged.push_back(repeat * dim);
  }
  KilnBuilder k(n.b);
  Value y = k.broadcastTo(k.reshape(*x, split), broadcast);
  n.setOutput(0, k.reshape(y, merged));
  return success();
}

/// DepthToSpace (DCR or CRD) and SpaceToDepth: a reshape, a transpose and
/// a reshape.
LogicalResult convertDepthToSpace(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> s = typeOf(*x).getShape();
  if (s.size() != 4)
    return n.error() << "needs an NCHW input";
  int64_t b = n.intAttr("blocksize", 0);
  if (b <= 0 || s[1] % (b * b))
    return n.error() << "blocksize " << b << " does not divide the " << s[1]
                     << " channels into squares";
  std::string mode = n.stringAttr("mode", "DCR");
  if (mode != "DCR" && mode != "CRD")
    return n.error() << "mode '" << mode << "' is not one of DCR, CRD";
  int64_t c = s[1] / (b * b);
  KilnBuilder k(n.b);
  Value y;
  if (mode == "DCR")
    y = k.transpose(k.reshape(*x, {s[0], b, b, c, s[2], s[3]}),
                    {0, 3, 4, 1, 5, 2});
  else
    y = k.transpose(k.reshape(*x, {s[0], c, b, b, s[2], s[3]}),
                    {0, 1, 4, 2, 5, 3});
  n.setOutput(0, k.reshape(y, {s[0], c, s[2] * b, s[3] * b}));
  return success();
}

LogicalResult convertSpaceToDepth(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> s = typeOf(*x).getShape();
  if (s.size() != 4)
    return n.error() << "needs an NCHW input";
  int64_t b = n.intAttr("blocksize", 0);
  if (b <= 0 || s[2] % b || s[3] % b)
    return n.error() << "blocksize " << b << " does not divide the " << s[2]
                     << "x" << s[3] << " image";
  KilnBuilder k(n.b);
  Value y = k.transpose(k.reshape(*x, {s[0], s[1], s[2] / b, b, s[3] / b, b}),
                        {0, 3, 5, 1, 2, 4});
  n.setOutput(0, k.reshape(y, {s[0], s[1] * b * b, s[2] / b, s[3] / b}));
  return success();
}

/// The edge or reflection of `x` along `dim`: `count` slices taken one by
/// one (reflect: x[amount..1] before, mirrored after; edge: the border
/// element repeated; wrap: the far end).
Value borderSlices(KilnBuilder &k, Value x, int64_t dim, int64_t count,
                   bool before, StringRef mode) {
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  int64_t size = shape[dim];
  SmallVector<Value> pieces;
  for (int64_t i = 0; i < count; ++i) {
    int64_t at;
    if (mode == "edge")
      at = before ? 0 : size - 1;
    else if (mode == "wrap")
      at = before ? size - count + i : i;
    else // reflect
      at = before ? count - i : size - 2 - i;
    SmallVector<int64_t> start(shape.size(), 0), limit(shape),
        stride(shape.size(), 1);
    start[dim] = at;
    limit[dim] = at + 1;
    pieces.push_back(k.slice(x, start, limit, stride));
  }
  return pieces.size() == 1 ? pieces.front() : k.concat(pieces, dim);
}

/// Pad: constant (with a value), reflect, edge and (opset 19) wrap modes;
/// pads an attribute before opset 11, an input after (with the optional
/// constant value and, from 18, axes). Negative pads crop.
LogicalResult convertPad(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  SmallVector<int64_t> pads;
  double value = 0.0;
  if (n.opset < 11) {
    pads = n.intsAttr("pads").value_or(SmallVector<int64_t>());
    if (pads.empty())
      pads = n.intsAttr("paddings").value_or(SmallVector<int64_t>());
    value = n.floatAttr("value", 0.0);
  } else {
    FailureOr<SmallVector<int64_t>> given = n.constantInts(1);
    if (failed(given))
      return failure();
    pads = *given;
    FailureOr<double> v = constantScalar(n, 2, 0.0);
    if (failed(v))
      return failure();
    value = *v;
  }
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  if (n.input(3)) {
    FailureOr<SmallVector<int64_t>> given = n.constantInts(3);
    if (failed(given))
      return failure();
    FailureOr<SmallVector<int64_t>> normalized;
    axes.clear();
    for (int64_t axis : *given) {
      FailureOr<int64_t> a = normalizeAxis(n, axis, rank);
      if (failed(a))
        return failure();
      axes.push_back(*a);
    }
  }
  if (pads.size() != 2 * axes.size())
    return n.error() << pads.size() << " pads for " << axes.size() << " axes";
  SmallVector<int64_t> low(rank, 0), high(rank, 0);
  for (auto [i, axis] : llvm::enumerate(axes)) {
    low[axis] = pads[i];
    high[axis] = pads[i + axes.size()];
  }
  std::string mode = n.stringAttr("mode", "constant");
  KilnBuilder k(n.b);
  if (mode == "constant") {
    // Crop first (negative amounts), then pad.
    SmallVector<int64_t> cropLow, cropHigh, padLow, padHigh;
    for (int64_t d = 0; d < rank; ++d) {
      cropLow.push_back(std::min<int64_t>(low[d], 0));
      cropHigh.push_back(std::min<int64_t>(high[d], 0));
      padLow.push_back(std::max<int64_t>(low[d], 0));
      padHigh.push_back(std::max<int64_t>(high[d], 0));
    }
    Value y = k.padOrCrop(*x, cropLow, cropHigh);
    n.setOutput(0, k.pad(y, padLow, padHigh, value));
    return success();
  }
  if (mode != "reflect" && mode != "edge" && mode != "wrap")
    return n.error() << "mode '" << mode
                     << "' is not one of constant, reflect, edge, wrap";
  Value y = *x;
  for (int64_t d = 0; d < rank; ++d) {
    if (low[d] < 0 || high[d] < 0)
      return n.error() << "negative pads in " << mode
                       << " mode are not supported";
    int64_t size = typeOf(y).getDimSize(d);
    if (mode == "reflect" && (low[d] >= size || high[d] >= size))
      return n.error() << "reflect pads of " << std::max(low[d], high[d])
                       << " exceed dimension " << d << " of size " << size
                       << " minus 1";
    if (mode == "wrap" && (low[d] > size || high[d] > size))
      return n.error() << "wrap pads larger than dimension " << d
                       << " are not supported";
    SmallVector<Value> pieces;
    if (low[d])
      pieces.push_back(borderSlices(k, y, d, low[d], true, mode));
    pieces.push_back(y);
    if (high[d])
      pieces.push_back(borderSlices(k, y, d, high[d], false, mode));
    if (pieces.size() > 1)
      y = k.concat(pieces, d);
  }
  n.setOutput(0, y);
  return success();
}

/// OneHot(indices, depth, values): values[1] where the position along
/// `axis` equals the index (negative ones count from depth), values[0]
/// elsewhere.
LogicalResult convertOneHot(NodeContext &n) {
  FailureOr<Value> indices = n.requiredInput(0), values = n.requiredInput(2);
  if (failed(indices) || failed(values))
    return failure();
  FailureOr<double> depthValue = constantScalar(n, 1, 0);
  if (failed(depthValue))
    return failure();
  int64_t depth = static_cast<int64_t>(*depthValue);
  if (depth <= 0)
    return n.error() << "depth must be positive";
  if (typeOf(*values).getNumElements() != 2)
    return n.error() << "values must hold [off, on]";
  ArrayRef<int64_t> inShape = typeOf(*indices).getShape();
  int64_t rank = inShape.size() + 1;
  FailureOr<int64_t> axis = normalizeAxis(n, n.intAttr("axis", -1), rank);
  if (failed(axis))
    return failure();
  KilnBuilder k(n.b);
  Type i64 = n.b.getI64Type();
  Value index = k.cast(*indices, i64);
  index = k.select(k.compare(CompareDirection::lt, index, k.scalar(i64, 0)),
                   k.add(index, k.scalar(i64, depth)), index);
  SmallVector<int64_t> shape(inShape), expanded(inShape);
  shape.insert(shape.begin() + *axis, depth);
  expanded.insert(expanded.begin() + *axis, 1);
  Value positions = k.iota(shape, i64, *axis);
  Value hot =
      k.compare(CompareDirection::eq, positions, k.reshape(index, expanded));
  Value flat = k.reshape(*values, {2});
  Value off = k.reshape(k.slice(flat, {0}, {1}, {1}), {});
  Value on = k.reshape(k.slice(flat, {1}, {2}, {1}), {});
  n.setOutput(0, k.select(hot, on, off));
  return success();
}

LogicalResult convertGatherElements(NodeContext &n) {
  FailureOr<Value> data = n.requiredInput(0), indices = n.requiredInput(1);
  if (failed(data) || failed(indices))
    return failure();
  int64_t rank = typeOf(*data).getRank();
  FailureOr<int64_t> axis = normalizeAxis(n, n.intAttr("axis", 0), rank);
  if (failed(axis))
    return failure();
  if (typeOf(*indices).getRank() != rank)
    return n.error() << "indices must have the rank of data (" << rank << ")";
  for (int64_t d = 0; d < rank; ++d)
    if (d != *axis &&
        typeOf(*indices).getDimSize(d) > typeOf(*data).getDimSize(d))
      return n.error() << "indices dimension " << d << " is larger than data's";
  auto type = typeOf(*indices).clone(typeOf(*data).getElementType());
  n.setOutput(0, GatherElementsOp::create(n.b, type, *data, *indices, *axis));
  return success();
}

/// ReverseSequence: along time_axis, each batch entry's first
/// sequence_lens[b] elements reversed and the rest kept, as one
/// gather_elements whose index is computed at run time (the lengths are
/// data).
LogicalResult convertReverseSequence(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0), lengths = n.requiredInput(1);
  if (failed(x) || failed(lengths))
    return failure();
  RankedTensorType type = typeOf(*x);
  int64_t batchAxis = n.intAttr("batch_axis", 1);
  int64_t timeAxis = n.intAttr("time_axis", 0);
  if (type.getRank() < 2 || (batchAxis != 0 && batchAxis != 1) ||
      (timeAxis != 0 && timeAxis != 1) || batchAxis == timeAxis)
    return n.error() << "batch_axis and time_axis must be 0 and 1 (in either "
                        "order) of an input of rank 2 or more";
  int64_t batch = type.getDimSize(batchAxis);
  if (typeOf(*lengths).getRank() != 1 ||
      typeOf(*lengths).getDimSize(0) != batch)
    return n.error() << "sequence_lens must have one length per batch entry ("
                     << batch << ")";
  KilnBuilder k(n.b);
  Type i64 = n.b.getI64Type();
  ArrayRef<int64_t> shape = type.getShape();
  Value time = k.iota(shape, i64, timeAxis);
  SmallVector<int64_t> lengthShape(shape.size(), 1);
  lengthShape[batchAxis] = batch;
  Value length = k.reshape(k.cast(*lengths, i64), lengthShape);
  Value reversed = k.sub(k.sub(length, k.scalar(i64, 1)), time);
  Value index =
      k.select(k.compare(CompareDirection::lt, time, length), reversed, time);
  n.setOutput(0, GatherElementsOp::create(n.b, type, *x, index, timeAxis));
  return success();
}

} // namespace

void mlir::kiln::onnx_import::addShapeConverters(ConverterMap &map) {
  const std::pair<const char *, Converter> entries[] = {
      {"Size", convertSize},
      {"Dropout", convertDropout},
      {"Trilu", convertTrilu},
      {"EyeLike", convertEyeLike},
      {"Tile", convertTile},
      {"DepthToSpace", convertDepthToSpace},
      {"SpaceToDepth", convertSpaceToDepth},
      {"Pad", convertPad},
      {"OneHot", convertOneHot},
      {"GatherElements", convertGatherElements},
      {"ReverseSequence", convertReverseSequence},
  };
  for (const auto &[name, converter] : entries)
    map[name] = converter;
}
