//===- ScatterConverters.cpp - ONNX scatters and GatherND -----------------===//
//
// ScatterElements (and its deprecated name Scatter) map to
// kiln.scatter_elements. ScatterND, GatherND and MaxUnpool address whole
// index tuples; they flatten the addressed leading dimensions into one, turn
// each tuple into a flat position with constant strides, and become one
// scatter_elements or gather on the flattened tensor.
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

/// The number of elements of a shape (upstream's ShapedType helper).
int64_t product(ArrayRef<int64_t> sizes) {
  return ShapedType::getNumElements(sizes);
}

Value i64Constant(KilnBuilder &k, ArrayRef<int64_t> shape,
                  ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get(shape, k.builder().getI64Type());
  return ConstantOp::create(k.builder(), DenseElementsAttr::get(type, values));
}

/// The reduction attribute of ScatterElements/ScatterND (opset 16 on).
FailureOr<ScatterReduction> readReduction(NodeContext &n) {
  std::string name = n.stringAttr("reduction", "none");
  std::optional<ScatterReduction> reduction = symbolizeScatterReduction(name);
  if (!reduction) {
    n.error() << "reduction '" << name
              << "' is not one of none, add, mul, max, min";
    return failure();
  }
  return *reduction;
}

/// The flat positions of index tuples `indices` [..., k] into leading
/// dimensions `dims` (k of them), negative components wrapped once; a tuple
/// with a component out of range becomes `outsideValue`: product(dims), out of
/// range of the flattened dimension, for a scatter to drop it, or 0 for a
/// gather to read something harmless (ONNX leaves such indices undefined).
Value flatPositions(KilnBuilder &k, Value indices, ArrayRef<int64_t> dims,
                    int64_t outsideValue) {
  Type i64 = k.builder().getI64Type();
  indices = k.cast(indices, i64);
  int64_t depth = static_cast<int64_t>(dims.size());
  SmallVector<int64_t> strides(depth, 1);
  for (int64_t d = depth - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * dims[d + 1];
  Value sizes = i64Constant(k, {depth}, dims);
  Value zero = k.scalar(i64, 0);
  Value negative = k.compare(CompareDirection::lt, indices, zero);
  Value wrapped = k.select(negative, k.add(indices, sizes), indices);
  Value outside =
      OrOp::create(k.builder(), k.compare(CompareDirection::lt, wrapped, zero),
                   k.compare(CompareDirection::ge, wrapped, sizes));
  int64_t last = typeOf(indices).getRank() - 1;
  Value flat = k.reduceSum(k.mul(wrapped, i64Constant(k, {depth}, strides)),
                           {last}, false);
  Value anyOutside =
      k.reduceMax(k.cast(outside, i64), {last}, /*keepDims=*/false);
  return k.select(k.compare(CompareDirection::ne, anyOutside, zero),
                  k.scalar(i64, outsideValue), flat);
}

LogicalResult convertScatterElements(NodeContext &n) {
  FailureOr<SmallVector<Value>> in = requiredInputs(n, 3);
  if (failed(in))
    return failure();
  auto [data, indices, updates] = std::tuple((*in)[0], (*in)[1], (*in)[2]);
  int64_t rank = typeOf(data).getRank();
  FailureOr<int64_t> axis = normalizeAxis(n, n.intAttr("axis", 0), rank);
  FailureOr<ScatterReduction> reduction = readReduction(n);
  if (failed(axis) || failed(reduction))
    return failure();
  if (typeOf(indices).getShape() != typeOf(updates).getShape() ||
      typeOf(updates).getRank() != rank)
    return n.error() << "indices and updates must have one shape of data's "
                        "rank ("
                     << rank << ")";
  for (int64_t d = 0; d < rank; ++d)
    if (d != *axis &&
        typeOf(updates).getDimSize(d) > typeOf(data).getDimSize(d))
      return n.error() << "updates dimension " << d << " is larger than data's";
  if (typeOf(updates).getElementType() != typeOf(data).getElementType())
    return n.error() << "updates and data have different element types";
  n.setOutput(0, ScatterElementsOp::create(n.b, typeOf(data), data, indices,
                                           updates, *axis, *reduction));
  return success();
}

LogicalResult convertScatterND(NodeContext &n) {
  FailureOr<SmallVector<Value>> in = requiredInputs(n, 3);
  FailureOr<ScatterReduction> reduction = readReduction(n);
  if (failed(in) || failed(reduction))
    return failure();
  auto [data, indices, updates] = std::tuple((*in)[0], (*in)[1], (*in)[2]);
  ArrayRef<int64_t> dataShape = typeOf(data).getShape();
  ArrayRef<int64_t> indexShape = typeOf(indices).getShape();
  if (indexShape.empty() || indexShape.back() > (int64_t)dataShape.size())
    return n.error() << "the last dimension of indices must be at most data's "
                        "rank ("
                     << dataShape.size() << ")";
  int64_t depth = indexShape.back();
  ArrayRef<int64_t> addressed = dataShape.take_front(depth);
  ArrayRef<int64_t> rest = dataShape.drop_front(depth);
  SmallVector<int64_t> expected(indexShape.drop_back());
  expected.append(rest.begin(), rest.end());
  if (typeOf(updates).getShape() != ArrayRef<int64_t>(expected))
    return n.error() << "updates must have shape indices.shape[:-1] + "
                        "data.shape[k:]";
  KilnBuilder k(n.b);
  int64_t count = product(indexShape.drop_back()), inner = product(rest);
  Value flatData = k.reshape(data, {product(addressed), inner});
  Value flat = flatPositions(k, indices, addressed, product(addressed));
  Value positions = k.broadcastTo(k.reshape(flat, {count, 1}), {count, inner});
  Value scattered = ScatterElementsOp::create(
      n.b, typeOf(flatData), flatData, positions,
      k.reshape(updates, {count, inner}), /*axis=*/0, *reduction);
  n.setOutput(0, k.reshape(scattered, dataShape));
  return success();
}

LogicalResult convertGatherND(NodeContext &n) {
  FailureOr<SmallVector<Value>> in = requiredInputs(n, 2);
  if (failed(in))
    return failure();
  Value data = (*in)[0], indices = (*in)[1];
  ArrayRef<int64_t> dataShape = typeOf(data).getShape();
  ArrayRef<int64_t> indexShape = typeOf(indices).getShape();
  int64_t batch = n.intAttr("batch_dims", 0);
  if (indexShape.empty() || batch < 0 ||
      batch >= static_cast<int64_t>(indexShape.size()) ||
      batch + indexShape.back() > static_cast<int64_t>(dataShape.size()))
    return n.error() << "batch_dims plus the last dimension of indices must "
                        "be at most data's rank ("
                     << dataShape.size() << ")";
  if (dataShape.take_front(batch) != indexShape.take_front(batch))
    return n.error() << "the first batch_dims dimensions of data and indices "
                        "must be equal";
  int64_t depth = indexShape.back();
  ArrayRef<int64_t> addressed = dataShape.slice(batch, depth);
  ArrayRef<int64_t> rest = dataShape.drop_front(batch + depth);
  int64_t batches = product(dataShape.take_front(batch));
  int64_t count =
      product(indexShape.slice(batch, indexShape.size() - 1 - batch));
  int64_t rows = product(addressed), inner = product(rest);
  KilnBuilder k(n.b);
  // Batch b's tuples address rows b * rows ... of the flattened data.
  Value flat = k.reshape(flatPositions(k, indices, addressed, /*outside=*/0),
                         {batches, count});
  SmallVector<int64_t> offsets;
  for (int64_t b = 0; b < batches; ++b)
    offsets.push_back(b * rows);
  flat = k.add(flat, i64Constant(k, {batches, 1}, offsets));
  Value gathered = GatherOp::create(
      n.b, k.reshape(data, {batches * rows, inner}), flat, /*axis=*/0);
  SmallVector<int64_t> shape(indexShape.drop_back());
  shape.append(rest.begin(), rest.end());
  n.setOutput(0, k.reshape(gathered, shape));
  return success();
}

/// MaxUnpool: zeros of the unpooled shape with X's values at the flat
/// positions in I (MaxPool's Indices output).
LogicalResult convertMaxUnpool(NodeContext &n) {
  FailureOr<SmallVector<Value>> in = requiredInputs(n, 2);
  if (failed(in))
    return failure();
  Value x = (*in)[0], indices = (*in)[1];
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  if (shape.size() < 3 || typeOf(indices).getShape() != shape)
    return n.error() << "X must be [N, C, ...] and I of its shape";
  size_t rank = shape.size() - 2;
  std::optional<SmallVector<int64_t>> kernel = n.intsAttr("kernel_shape");
  SmallVector<int64_t> strides =
      n.intsAttr("strides").value_or(SmallVector<int64_t>(rank, 1));
  SmallVector<int64_t> pads =
      n.intsAttr("pads").value_or(SmallVector<int64_t>(2 * rank, 0));
  if (!kernel || kernel->size() != rank || strides.size() != rank ||
      pads.size() != 2 * rank)
    return n.error() << "kernel_shape, strides and pads must match " << rank
                     << " spatial dimensions";
  // (in - 1) * stride + kernel - pads, checked: fuzzed attributes near
  // 2^63 once overflowed here.
  SmallVector<int64_t> out = {shape[0], shape[1]};
  for (size_t i = 0; i < rank; ++i) {
    int64_t size = 0, padding = 0, elements = 0;
    bool bad = (*kernel)[i] < 1 || strides[i] < 1 || pads[i] < 0 ||
               pads[i + rank] < 0 ||
               llvm::AddOverflow(pads[i], pads[i + rank], padding) ||
               llvm::MulOverflow(shape[i + 2] - 1, strides[i], size) ||
               llvm::AddOverflow(size, (*kernel)[i], size) ||
               llvm::SubOverflow(size, padding, size) || size < 1 ||
               llvm::MulOverflow(product(out), size, elements);
    if (bad)
      return n.error() << "kernel_shape and strides must be positive and "
                          "pads non-negative, giving an output size of at "
                          "least 1 that fits in 64 bits (spatial dimension "
                       << i << ")";
    out.push_back(size);
  }
  // Indices address the inferred shape; a given output_shape extends it
  // with zeros at the end of each dimension, as ONNX's reference does.
  SmallVector<int64_t> given = out;
  if (n.input(2)) {
    FailureOr<SmallVector<int64_t>> read = n.constantInts(2);
    if (failed(read))
      return failure();
    given = *read;
    if (given.size() != shape.size() || given[0] != shape[0] ||
        given[1] != shape[1])
      return n.error() << "output_shape must have X's rank, batch and "
                          "channels";
  }
  KilnBuilder k(n.b);
  int64_t total = product(out), count = product(shape);
  auto flatType = RankedTensorType::get({total}, typeOf(x).getElementType());
  Value zeros = k.splat(flatType, 0.0);
  Value scattered = ScatterElementsOp::create(
      n.b, flatType, zeros, k.reshape(indices, {count}), k.reshape(x, {count}),
      /*axis=*/0, ScatterReduction::none);
  SmallVector<int64_t> low(out.size(), 0), high;
  for (auto [size, wanted] : llvm::zip_equal(out, given))
    high.push_back(wanted - size);
  n.setOutput(0, k.padOrCrop(k.reshape(scattered, out), low, high));
  return success();
}

} // namespace

void mlir::kiln::onnx_import::addScatterConverters(ConverterMap &map) {
  const std::pair<const char *, Converter> entries[] = {
      {"ScatterElements", convertScatterElements},
      {"Scatter", convertScatterElements},
      {"ScatterND", convertScatterND},
      {"GatherND", convertGatherND},
      {"MaxUnpool", convertMaxUnpool},
  };
  for (const auto &[name, converter] : entries)
    map[name] = converter;
}
