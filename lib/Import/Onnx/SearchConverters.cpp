//===- SearchConverters.cpp - ONNX TopK and the window generators ---------===//
//
// TopK with a constant k: k rounds of argmax (or argmin) along the axis,
// each taking its value with gather_elements and masking it out, which
// yields the values sorted and ties in index order, as ONNX requires. It
// costs k passes over the axis, so k is capped. HannWindow, HammingWindow
// and BlackmanWindow of a constant size are constants.
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

/// The largest k TopK unrolls into argmax rounds.
constexpr int64_t kMaxTopK = 256;

LogicalResult convertTopK(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  int64_t k;
  if (n.opset < 10) {
    k = n.intAttr("k", 0);
  } else {
    FailureOr<double> given = constantScalar(n, 1, -1);
    if (failed(given))
      return failure();
    k = static_cast<int64_t>(*given);
  }
  RankedTensorType type = typeOf(*x);
  FailureOr<int64_t> axis =
      normalizeAxis(n, n.intAttr("axis", -1), type.getRank());
  if (failed(axis))
    return failure();
  int64_t size = type.getDimSize(*axis);
  if (k < 1 || k > size)
    return n.error() << "k " << k << " is outside [1, " << size << "]";
  if (k > kMaxTopK)
    return n.error() << "k " << k << " is larger than " << kMaxTopK
                     << ", the largest TopK supported";
  bool largest = n.intAttr("largest", 1) != 0;
  // Unsorted results may come in any order; sorted ones are what this
  // produces.
  n.ignoreAttributes({"sorted"});
  KilnBuilder kb(n.b);
  Type element = type.getElementType();
  SmallVector<int64_t> kept(type.getShape());
  kept[*axis] = 1;
  auto indexType = RankedTensorType::get(kept, n.b.getI64Type());
  auto valueType = RankedTensorType::get(kept, element);
  Value positions = kb.iota(type.getShape(), n.b.getI64Type(), *axis);
  // Taken elements become the opposite extreme.
  Value exhausted;
  if (auto floatType = dyn_cast<FloatType>(element))
    exhausted = kb.scalar(element, largest ? -INFINITY : INFINITY);
  else
    exhausted = ConstantOp::create(
        n.b,
        DenseElementsAttr::get(
            RankedTensorType::get({}, element),
            largest
                ? APInt::getSignedMinValue(element.getIntOrFloatBitWidth())
                : APInt::getSignedMaxValue(element.getIntOrFloatBitWidth())));
  Value work = *x;
  SmallVector<Value> values, indices;
  for (int64_t i = 0; i < k; ++i) {
    Value index =
        largest ? Value(ArgMaxOp::create(n.b, indexType, work,
                                         static_cast<uint64_t>(*axis), true))
                : Value(ArgMinOp::create(n.b, indexType, work,
                                         static_cast<uint64_t>(*axis), true));
    indices.push_back(index);
    values.push_back(
        GatherElementsOp::create(n.b, valueType, *x, index, *axis));
    if (i + 1 < k)
      work = kb.select(kb.compare(CompareDirection::eq, positions, index),
                       exhausted, work);
  }
  n.setOutput(0, k == 1 ? values[0] : kb.concat(values, *axis));
  n.setOutput(1, k == 1 ? indices[0] : kb.concat(indices, *axis));
  return success();
}

/// The generalized cosine windows: a0 - a1 cos(2 pi n / D) + a2 cos(4 pi n
/// / D), D the size (periodic) or the size - 1 (symmetric).
LogicalResult convertWindow(NodeContext &n, double a0, double a1, double a2) {
  FailureOr<double> sizeValue = constantScalar(n, 0, 0);
  if (failed(sizeValue))
    return failure();
  int64_t size = static_cast<int64_t>(*sizeValue);
  if (size < 1)
    return n.error() << "size must be positive";
  Type element =
      convertElementType(n.intAttr("output_datatype", 1), n.b.getContext());
  if (!element)
    return n.error() << "output_datatype " << n.intAttr("output_datatype", 1)
                     << " is not supported";
  bool periodic = n.intAttr("periodic", 1) != 0;
  double denominator = periodic ? size : size - 1;
  SmallVector<Attribute> values;
  for (int64_t i = 0; i < size; ++i) {
    double t = denominator > 0 ? 2 * M_PI * i / denominator : 0;
    double v = a0 - a1 * std::cos(t) + a2 * std::cos(2 * t);
    values.push_back(
        isa<FloatType>(element)
            ? Attribute(n.b.getFloatAttr(element, v))
            : Attribute(n.b.getIntegerAttr(element, static_cast<int64_t>(v))));
  }
  n.setOutput(0, ConstantOp::create(
                     n.b, DenseElementsAttr::get(
                              RankedTensorType::get({size}, element), values)));
  return success();
}

} // namespace

void mlir::kiln::onnx_import::addSearchConverters(ConverterMap &map) {
  map["TopK"] = convertTopK;
  map["HannWindow"] = [](NodeContext &n) {
    return convertWindow(n, 0.5, 0.5, 0.0);
  };
  map["HammingWindow"] = [](NodeContext &n) {
    return convertWindow(n, 25.0 / 46.0, 21.0 / 46.0, 0.0);
  };
  map["BlackmanWindow"] = [](NodeContext &n) {
    return convertWindow(n, 0.42, 0.5, 0.08);
  };
}
