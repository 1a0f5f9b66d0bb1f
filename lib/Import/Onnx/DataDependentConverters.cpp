//===- DataDependentConverters.cpp - Outputs sized by input values --------===//
//
// NonZero, Compress and Unique have outputs whose shape depends on input
// values (how many elements are non-zero, selected, distinct). Kiln compiles
// static shapes, so the deciding input must be a constant: an initializer, a
// Constant node, or a graph input fixed with --static-input. Then NonZero and
// Unique fold and Compress becomes a gather; otherwise the diagnostic names the
// input and why.
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

#include <map>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

/// The rejection of a data-dependent output: what decides its shape, and
/// how to make it constant.
LogicalResult dataDependent(NodeContext &n, int index, StringRef what) {
  n.notConstant(index) << " (the output's shape depends on " << what << ")";
  return failure();
}

/// Whether an element of a constant is non-zero (true for NaN).
bool isNonZero(Attribute element) {
  if (auto f = dyn_cast<FloatAttr>(element))
    return !f.getValue().isZero();
  return !cast<IntegerAttr>(element).getValue().isZero();
}

LogicalResult convertNonZero(NodeContext &n) {
  DenseElementsAttr x = n.denseConstantInput(0);
  if (!x)
    return dataDependent(n, 0, "how many of its elements are non-zero");
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = std::max<int64_t>(type.getRank(), 1);
  SmallVector<SmallVector<int64_t>> coordinates(rank);
  SmallVector<int64_t> index(type.getRank(), 0);
  for (Attribute element : x.getValues<Attribute>()) {
    if (isNonZero(element)) {
      for (int64_t d = 0; d < type.getRank(); ++d)
        coordinates[d].push_back(index[d]);
      if (type.getRank() == 0)
        coordinates[0].push_back(0);
    }
    for (int64_t d = type.getRank() - 1; d >= 0; --d) {
      if (++index[d] < type.getDimSize(d))
        break;
      index[d] = 0;
    }
  }
  int64_t count = coordinates[0].size();
  if (count == 0)
    return n.error() << "no element is non-zero, and zero-size tensors are "
                        "not supported";
  SmallVector<int64_t> flat;
  for (const SmallVector<int64_t> &row : coordinates)
    flat.append(row.begin(), row.end());
  auto resultType = RankedTensorType::get({rank, count}, n.b.getI64Type());
  n.setOutput(0, ConstantOp::create(
                     n.b, DenseElementsAttr::get(resultType, ArrayRef(flat))));
  return success();
}

LogicalResult convertCompress(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  DenseElementsAttr condition = n.denseConstantInput(1);
  if (!condition)
    return dataDependent(n, 1, "how many elements the condition selects");
  KilnBuilder k(n.b);
  Value input = *x;
  int64_t axis = 0;
  if (n.attribute("axis")) {
    FailureOr<int64_t> normalized =
        normalizeAxis(n, n.intAttr("axis", 0), typeOf(input).getRank());
    if (failed(normalized))
      return failure();
    axis = *normalized;
  } else {
    input = k.reshape(input, {typeOf(input).getNumElements()});
  }
  int64_t size = typeOf(input).getDimSize(axis);
  if (condition.getNumElements() > size)
    return n.error() << "the condition has " << condition.getNumElements()
                     << " elements, more than the axis' " << size;
  SmallVector<int64_t> selected;
  for (auto [i, element] : llvm::enumerate(condition.getValues<Attribute>()))
    if (isNonZero(element))
      selected.push_back(i);
  if (selected.empty())
    return n.error() << "the condition selects nothing, and zero-size "
                        "tensors are not supported";
  auto indexType = RankedTensorType::get(
      {static_cast<int64_t>(selected.size())}, n.b.getI64Type());
  Value indices = ConstantOp::create(
      n.b, DenseElementsAttr::get(indexType, ArrayRef(selected)));
  n.setOutput(0, GatherOp::create(n.b, input, indices, axis));
  return success();
}

/// Orders constant elements: numbers by value (NaN last), as numpy.unique.
bool lessElement(Attribute a, Attribute b) {
  if (auto fa = dyn_cast<FloatAttr>(a)) {
    APFloat x = fa.getValue(), y = cast<FloatAttr>(b).getValue();
    if (x.isNaN() || y.isNaN())
      return !x.isNaN() && y.isNaN();
    return x < y;
  }
  auto ia = cast<IntegerAttr>(a);
  APInt x = ia.getValue(), y = cast<IntegerAttr>(b).getValue();
  return ia.getType().isUnsignedInteger() || x.getBitWidth() == 1 ? x.ult(y)
                                                                  : x.slt(y);
}

/// Unique of a constant, over its elements (no axis) or its slices along
/// `axis`: the unique values (sorted, or in order of first occurrence),
/// the index of each one's first occurrence, each input slice's position
/// among the unique ones, and their counts.
LogicalResult convertUnique(NodeContext &n) {
  DenseElementsAttr x = n.denseConstantInput(0);
  if (!x)
    return dataDependent(n, 0, "how many of its values are distinct");
  auto type = cast<RankedTensorType>(x.getType());
  bool sorted = n.intAttr("sorted", 1) != 0;
  bool hasAxis = n.attribute("axis") != nullptr;
  int64_t axis = 0;
  SmallVector<int64_t> shape = {type.getNumElements()};
  if (hasAxis) {
    FailureOr<int64_t> normalized =
        normalizeAxis(n, n.intAttr("axis", 0), type.getRank());
    if (failed(normalized))
      return failure();
    axis = *normalized;
    shape.assign(type.getShape().begin(), type.getShape().end());
  }
  // Slice s along the axis: its elements in row-major order of the rest.
  SmallVector<Attribute> values(x.getValues<Attribute>());
  int64_t slices = shape[axis], inner = 1, outer = 1;
  for (int64_t d = axis + 1; d < static_cast<int64_t>(shape.size()); ++d)
    inner *= shape[d];
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  auto slice = [&](int64_t s) {
    SmallVector<Attribute> out;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i)
        out.push_back(values[(o * slices + s) * inner + i]);
    return out;
  };
  auto lessSlice = [&](const SmallVector<Attribute> &a,
                       const SmallVector<Attribute> &b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        lessElement);
  };
  SmallVector<SmallVector<Attribute>> unique;
  SmallVector<int64_t> first, inverse, counts;
  for (int64_t s = 0; s < slices; ++s) {
    SmallVector<Attribute> current = slice(s);
    auto found = llvm::find(unique, current);
    if (found == unique.end()) {
      unique.push_back(current);
      first.push_back(s);
      counts.push_back(1);
      inverse.push_back(unique.size() - 1);
    } else {
      int64_t at = found - unique.begin();
      ++counts[at];
      inverse.push_back(at);
    }
  }
  SmallVector<int64_t> order =
      llvm::to_vector(llvm::seq<int64_t>(0, unique.size()));
  if (sorted)
    llvm::stable_sort(order, [&](int64_t a, int64_t b) {
      return lessSlice(unique[a], unique[b]);
    });
  SmallVector<int64_t> rank(order.size());
  for (auto [position, u] : llvm::enumerate(order))
    rank[u] = position;
  int64_t count = order.size();
  // Y: the unique slices back in the input's layout.
  SmallVector<int64_t> yShape = shape;
  yShape[axis] = count;
  SmallVector<Attribute> y(outer * count * inner);
  for (auto [position, u] : llvm::enumerate(order))
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i)
        y[(o * count + position) * inner + i] = unique[u][o * inner + i];
  auto i64 = [&](ArrayRef<int64_t> data) {
    auto t = RankedTensorType::get({static_cast<int64_t>(data.size())},
                                   n.b.getI64Type());
    return ConstantOp::create(n.b, DenseElementsAttr::get(t, data));
  };
  SmallVector<int64_t> firstSorted, countsSorted, inverseSorted;
  for (int64_t u : order) {
    firstSorted.push_back(first[u]);
    countsSorted.push_back(counts[u]);
  }
  for (int64_t u : inverse)
    inverseSorted.push_back(rank[u]);
  n.setOutput(
      0,
      ConstantOp::create(
          n.b, DenseElementsAttr::get(
                   RankedTensorType::get(yShape, type.getElementType()), y)));
  n.setOutput(1, i64(firstSorted));
  n.setOutput(2, i64(inverseSorted));
  n.setOutput(3, i64(countsSorted));
  return success();
}

} // namespace

void mlir::kiln::onnx_import::addDataDependentConverters(ConverterMap &map) {
  const std::pair<const char *, Converter> entries[] = {
      {"NonZero", convertNonZero},
      {"Compress", convertCompress},
      {"Unique", convertUnique},
  };
  for (const auto &[name, converter] : entries)
    map[name] = converter;
}
