//===- ReductionConverters.cpp - ONNX reductions and index search ---------===//
//
// Reduce* (axes an attribute before opset 13 for ReduceSum and 18 for the
// others, an input after), ArgMax/ArgMin, Hardmax and CumSum. The norms
// and log-sums are their formulas over kiln.reduce_sum / reduce_max.
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

enum class Reduction {
  sum,
  mean,
  max,
  min,
  prod,
  l1,
  l2,
  sumSquare,
  logSum,
  logSumExp
};

/// x == x and |x| != inf, as an i1 tensor.
Value isFinite(KilnBuilder &k, Value x) {
  Value notNan = k.compare(CompareDirection::eq, x, x);
  Value notInf = k.compare(CompareDirection::ne, AbsOp::create(k.builder(), x),
                           k.scalarLike(x, INFINITY));
  return AndOp::create(k.builder(), notNan, notInf);
}

Value reduceWith(KilnBuilder &k, Reduction kind, Value x,
                 ArrayRef<int64_t> axes, bool keep) {
  ImplicitLocOpBuilder &b = k.builder();
  auto attr = b.getDenseI64ArrayAttr(axes);
  UnitAttr keepAttr = keep ? b.getUnitAttr() : nullptr;
  switch (kind) {
  case Reduction::sum:
    return k.reduceSum(x, axes, keep);
  case Reduction::mean:
    return k.reduceMean(x, axes, keep);
  case Reduction::max:
    return ReduceMaxOp::create(b, x, attr, keepAttr);
  case Reduction::min:
    return ReduceMinOp::create(b, x, attr, keepAttr);
  case Reduction::prod:
    return ReduceProdOp::create(b, x, attr, keepAttr);
  case Reduction::l1:
    return k.reduceSum(AbsOp::create(b, x), axes, keep);
  case Reduction::sumSquare:
    return k.reduceSum(k.mul(x, x), axes, keep);
  case Reduction::l2: {
    Type type = getElementTypeOrSelf(x.getType());
    if (isa<FloatType>(type))
      return k.sqrt(k.reduceSum(k.mul(x, x), axes, keep));
    // Integer L2 norms are computed in f64 and truncated, as ONNX's
    // reference does.
    Value wide = k.cast(x, b.getF64Type());
    return k.cast(k.sqrt(k.reduceSum(k.mul(wide, wide), axes, keep)), type);
  }
  case Reduction::logSum:
    return k.log(k.reduceSum(x, axes, keep));
  case Reduction::logSumExp: {
    // max + log(sum(exp(x - max))); the shift is 0 where the maximum is
    // not finite, so a row of -inf gives -inf and not NaN.
    Value max = k.reduceMax(x, axes, /*keepDims=*/true);
    Value shift = k.select(isFinite(k, max), max, k.scalarLike(max, 0));
    Value sum = k.reduceSum(k.exp(k.sub(x, shift)), axes, keep);
    if (!keep)
      shift = k.reshape(shift, typeOf(sum).getShape());
    return k.add(k.log(sum), shift);
  }
  }
  llvm_unreachable("unknown reduction");
}

/// The opset from which a Reduce* operator takes its axes as an input.
int64_t axesInputFrom(Reduction kind) {
  return kind == Reduction::sum ? 13 : 18;
}

LogicalResult convertReduce(NodeContext &n, Reduction kind) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  FailureOr<SmallVector<int64_t>> given =
      getAxesOperand(n, axesInputFrom(kind));
  if (failed(given))
    return failure();
  bool noop = n.intAttr("noop_with_empty_axes", 0) != 0;
  bool keep = n.intAttr("keepdims", 1) != 0;
  if (given->empty()) {
    if (noop) {
      n.setOutput(0, *x);
      return success();
    }
    *given = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }
  FailureOr<SmallVector<int64_t>> axes = normalizeAxes(n, *given, rank);
  if (failed(axes))
    return failure();
  KilnBuilder k(n.b);
  n.setOutput(0, reduceWith(k, kind, *x, *axes, keep));
  return success();
}

template <typename OpT> LogicalResult convertArgExtreme(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  int64_t rank = std::max<int64_t>(typeOf(*x).getRank(), 1);
  FailureOr<int64_t> axis = normalizeAxis(n, n.intAttr("axis", 0), rank);
  if (failed(axis))
    return failure();
  bool keep = n.intAttr("keepdims", 1) != 0;
  bool last = n.intAttr("select_last_index", 0) != 0;
  Value input = *x;
  KilnBuilder k(n.b);
  if (typeOf(input).getRank() == 0)
    input = k.reshape(input, {1});
  auto resultType = RankedTensorType::get(
      [&] {
        SmallVector<int64_t> shape(typeOf(input).getShape());
        if (keep)
          shape[*axis] = 1;
        else
          shape.erase(shape.begin() + *axis);
        return shape;
      }(),
      n.b.getI64Type());
  n.setOutput(0, OpT::create(n.b, resultType, input,
                             static_cast<uint64_t>(*axis), keep, last));
  return success();
}

/// Hardmax: 1 at the first maximum along the axis, 0 elsewhere. Before
/// opset 13 the input is seen as a matrix split at `axis` (default 1).
LogicalResult convertHardmax(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = typeOf(*x).getShape();
  int64_t rank = shape.size();
  KilnBuilder k(n.b);
  Value input = *x;
  int64_t axis;
  if (n.opset < 13) {
    int64_t split = n.intAttr("axis", 1);
    if (split < 0)
      split += rank;
    if (split < 0 || split > rank)
      return n.error() << "axis " << n.intAttr("axis", 1)
                       << " is out of range for rank " << rank;
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < rank; ++i)
      (i < split ? outer : inner) *= shape[i];
    input = k.reshape(input, {outer, inner});
    axis = 1;
  } else {
    FailureOr<int64_t> a = normalizeAxis(n, n.intAttr("axis", -1), rank);
    if (failed(a))
      return failure();
    axis = *a;
  }
  RankedTensorType type = typeOf(input);
  SmallVector<int64_t> kept(type.getShape());
  kept[axis] = 1;
  Value best =
      ArgMaxOp::create(n.b, RankedTensorType::get(kept, n.b.getI64Type()),
                       input, static_cast<uint64_t>(axis), /*keep_dims=*/true);
  Value positions = k.iota(type.getShape(), n.b.getI64Type(), axis);
  Value hot = k.compare(CompareDirection::eq, positions, best);
  n.setOutput(0, k.reshape(k.cast(hot, type.getElementType()), shape));
  return success();
}

/// CumSum along a constant axis: a product with a triangular 0/1 matrix
/// (mask[i][j] = 1 when input i contributes to output j), so the sum is one
/// contraction the GEMM schedule runs; `exclusive` and `reverse` only
/// change the mask.
LogicalResult convertCumSum(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  FailureOr<SmallVector<int64_t>> axisInput = n.constantInts(1);
  if (failed(x) || failed(axisInput))
    return failure();
  if (axisInput->size() != 1)
    return n.error() << "axis must be a scalar";
  RankedTensorType type = typeOf(*x);
  int64_t rank = type.getRank();
  FailureOr<int64_t> axis = normalizeAxis(n, (*axisInput)[0], rank);
  if (failed(axis))
    return failure();
  bool exclusive = n.intAttr("exclusive", 0), reverse = n.intAttr("reverse", 0);
  Type element = type.getElementType();
  KilnBuilder k(n.b);
  // Integers are summed in f64 (exact below 2^53) and converted back.
  Type computeType = isa<FloatType>(element) ? element : n.b.getF64Type();
  int64_t size = type.getDimSize(*axis);
  SmallVector<Attribute> mask;
  for (int64_t i = 0; i < size; ++i)
    for (int64_t j = 0; j < size; ++j) {
      bool take =
          reverse ? (exclusive ? i > j : i >= j) : (exclusive ? i < j : i <= j);
      mask.push_back(n.b.getFloatAttr(computeType, take ? 1.0 : 0.0));
    }
  auto maskType = RankedTensorType::get({size, size}, computeType);
  Value matrix =
      ConstantOp::create(n.b, DenseElementsAttr::get(maskType, mask));
  Value input = k.cast(*x, computeType);
  // Contract the axis with the mask's rows; the result puts the new axis
  // last, so move it back.
  Value summed = k.dot(input, matrix, {}, {}, {*axis}, {0});
  SmallVector<int64_t> permutation;
  for (int64_t d = 0; d < rank; ++d)
    permutation.push_back(d < *axis ? d : (d == *axis ? rank - 1 : d - 1));
  n.setOutput(0, k.cast(k.transpose(summed, permutation), element));
  return success();
}

} // namespace

void mlir::kiln::onnx_import::addReductionConverters(ConverterMap &map) {
  const std::pair<const char *, Converter> entries[] = {
      {"ReduceSum",
       [](NodeContext &n) { return convertReduce(n, Reduction::sum); }},
      {"ReduceMean",
       [](NodeContext &n) { return convertReduce(n, Reduction::mean); }},
      {"ReduceMax",
       [](NodeContext &n) { return convertReduce(n, Reduction::max); }},
      {"ReduceMin",
       [](NodeContext &n) { return convertReduce(n, Reduction::min); }},
      {"ReduceProd",
       [](NodeContext &n) { return convertReduce(n, Reduction::prod); }},
      {"ReduceL1",
       [](NodeContext &n) { return convertReduce(n, Reduction::l1); }},
      {"ReduceL2",
       [](NodeContext &n) { return convertReduce(n, Reduction::l2); }},
      {"ReduceSumSquare",
       [](NodeContext &n) { return convertReduce(n, Reduction::sumSquare); }},
      {"ReduceLogSum",
       [](NodeContext &n) { return convertReduce(n, Reduction::logSum); }},
      {"ReduceLogSumExp",
       [](NodeContext &n) { return convertReduce(n, Reduction::logSumExp); }},
      {"ArgMax", convertArgExtreme<ArgMaxOp>},
      {"ArgMin", convertArgExtreme<ArgMinOp>},
      {"Hardmax", convertHardmax},
      {"CumSum", convertCumSum},
  };
  for (const auto &[name, converter] : entries)
    map[name] = converter;
}
