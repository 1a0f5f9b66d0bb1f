//===- NeuralNetConverters.cpp - ONNX convolutions, pools and norms -------===//
//
// Conv and ConvTranspose (1-D, 2-D, 3-D), MaxPool/AveragePool (1-D, 2-D),
// the global pools, LpPool-free normalizations (Batch, Instance, Layer,
// Group, Lp, MeanVariance) and LRN. Kiln's window ops are 2-D, so 1-D
// windows run as 2-D ones of height 1, 3-D convolutions as a sum of 2-D
// ones over the depth taps, and a transposed convolution as a convolution
// of the stride-dilated input with the flipped filter. auto_pad (SAME_*,
// VALID) and ceil_mode are turned into explicit pads here.
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

/// Window attributes (kernel sizes, strides, dilations, pads) above this
/// are rejected: no model has them, and with them the shape arithmetic of
/// an input of up to 2^40 elements a side stays within 64 bits.
constexpr int64_t kMaxWindowValue = int64_t{1} << 20;

bool inWindowRange(ArrayRef<int64_t> values, int64_t lowest) {
  return llvm::all_of(
      values, [&](int64_t v) { return v >= lowest && v <= kMaxWindowValue; });
}

/// The window attributes of Conv and the pools over `spatial` dimensions:
/// pads as [begin..., end...] like ONNX.
struct Window {
  SmallVector<int64_t> kernel, strides, pads, dilations;
};

/// Reads kernel_shape (or `kernel`), strides, dilations and pads, and turns
/// auto_pad and ceil_mode into explicit pads for an input of spatial
/// sizes `in`.
FailureOr<Window> getWindow(NodeContext &n, ArrayRef<int64_t> in,
                            ArrayRef<int64_t> kernel, bool allowCeil) {
  size_t rank = in.size();
  Window w;
  w.kernel = n.intsAttr("kernel_shape").value_or(SmallVector<int64_t>(kernel));
  w.strides = n.intsAttr("strides").value_or(SmallVector<int64_t>(rank, 1));
  w.dilations = n.intsAttr("dilations").value_or(SmallVector<int64_t>(rank, 1));
  w.pads = n.intsAttr("pads").value_or(SmallVector<int64_t>(2 * rank, 0));
  if (w.kernel.size() != rank || w.strides.size() != rank ||
      w.dilations.size() != rank || w.pads.size() != 2 * rank) {
    n.error() << "kernel_shape, strides, dilations and pads do not match "
              << rank << " spatial dimensions";
    return failure();
  }
  if (!inWindowRange(w.kernel, 1) || !inWindowRange(w.strides, 1) ||
      !inWindowRange(w.dilations, 1) || !inWindowRange(w.pads, 0)) {
    n.error() << "kernel_shape, strides and dilations must be positive and "
                 "pads non-negative, all at most "
              << kMaxWindowValue;
    return failure();
  }
  std::string autoPad = n.stringAttr("auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    w.pads.assign(2 * rank, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    // The output is ceil(in / stride); the extra element of an odd total
    // goes at the end (UPPER) or the beginning (LOWER).
    for (size_t i = 0; i < rank; ++i) {
      int64_t out = (in[i] + w.strides[i] - 1) / w.strides[i];
      int64_t extent = (w.kernel[i] - 1) * w.dilations[i] + 1;
      int64_t total =
          std::max<int64_t>((out - 1) * w.strides[i] + extent - in[i], 0);
      int64_t small = total / 2, large = total - small;
      w.pads[i] = autoPad == "SAME_UPPER" ? small : large;
      w.pads[i + rank] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (autoPad != "NOTSET") {
    n.error() << "auto_pad '" << autoPad
              << "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID";
    return failure();
  }
  if (allowCeil && n.intAttr("ceil_mode", 0)) {
    // Pad the end so that the floor formula gives the ceil size; a last
    // window that would start in the end padding is dropped (as ONNX and
    // PyTorch do).
    for (size_t i = 0; i < rank; ++i) {
      int64_t extent = (w.kernel[i] - 1) * w.dilations[i] + 1;
      int64_t padded = in[i] + w.pads[i] + w.pads[i + rank];
      int64_t out = (padded - extent + w.strides[i] - 1) / w.strides[i] + 1;
      if ((out - 1) * w.strides[i] >= in[i] + w.pads[i])
        --out;
      int64_t needed = (out - 1) * w.strides[i] + extent - padded;
      w.pads[i + rank] += std::max<int64_t>(needed, 0);
    }
  }
  return w;
}

/// [N, C, L] as [N, C, 1, L], with the window's attributes to match.
void to2D(KilnBuilder &k, Value &x, Window &w) {
  ArrayRef<int64_t> s = typeOf(x).getShape();
  x = k.reshape(x, {s[0], s[1], 1, s[2]});
  w.kernel.insert(w.kernel.begin(), 1);
  w.strides.insert(w.strides.begin(), 1);
  w.dilations.insert(w.dilations.begin(), 1);
  w.pads = {0, w.pads[0], 0, w.pads[1]};
}

/// [N, F, 1, L] back to [N, F, L].
Value from2D(KilnBuilder &k, Value y) {
  ArrayRef<int64_t> s = typeOf(y).getShape();
  return k.reshape(y, {s[0], s[1], s[3]});
}

/// pads [begin..., end...] as kiln's [top, left, bottom, right].
SmallVector<int64_t> padding2D(ArrayRef<int64_t> pads) {
  return {pads[0], pads[1], pads[2], pads[3]};
}

/// A 3-D convolution as the sum over depth taps of 2-D convolutions of the
/// input's (strided) depth slices, each batched over output depth.
Value conv3D(KilnBuilder &k, Value x, Value w, const Window &win,
             int64_t groups) {
  ArrayRef<int64_t> xs = typeOf(x).getShape(), ws = typeOf(w).getShape();
  int64_t n = xs[0], c = xs[1], h = xs[3], wd = xs[4];
  int64_t f = ws[0], kd = ws[2];
  // Pad the depth only; height and width are padded by conv2d.
  x = k.pad(x, {0, 0, win.pads[0], 0, 0}, {0, 0, win.pads[3], 0, 0});
  int64_t depth = typeOf(x).getDimSize(2);
  int64_t extent = (kd - 1) * win.dilations[0] + 1;
  int64_t od = (depth - extent) / win.strides[0] + 1;
  Value sum;
  for (int64_t t = 0; t < kd; ++t) {
    int64_t start = t * win.dilations[0];
    Value slice = k.slice(x, {0, 0, start, 0, 0},
                          {n, c, start + (od - 1) * win.strides[0] + 1, h, wd},
                          {1, 1, win.strides[0], 1, 1});
    Value batched =
        k.reshape(k.transpose(slice, {0, 2, 1, 3, 4}), {n * od, c, h, wd});
    Value tap =
        k.reshape(k.slice(w, {0, 0, t, 0, 0}, {f, ws[1], t + 1, ws[3], ws[4]},
                          {1, 1, 1, 1, 1}),
                  {f, ws[1], ws[3], ws[4]});
    Value y = Conv2DOp::create(
        k.builder(), batched, tap,
        ArrayRef<int64_t>{win.strides[1], win.strides[2]},
        ArrayRef<int64_t>{win.pads[1], win.pads[2], win.pads[4], win.pads[5]},
        ArrayRef<int64_t>{win.dilations[1], win.dilations[2]}, groups);
    sum = sum ? k.add(sum, y) : y;
  }
  ArrayRef<int64_t> ys = typeOf(sum).getShape();
  return k.transpose(k.reshape(sum, {n, od, f, ys[2], ys[3]}), {0, 2, 1, 3, 4});
}

LogicalResult convertConv(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0), w = n.requiredInput(1);
  if (failed(x) || failed(w))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  if (rank < 3 || rank > 5 || typeOf(*w).getRank() != rank)
    return n.error() << "only 1-D, 2-D and 3-D convolutions are supported "
                        "(input and weight of rank 3 to 5)";
  FailureOr<Window> window =
      getWindow(n, typeOf(*x).getShape().drop_front(2),
                typeOf(*w).getShape().drop_front(2), /*allowCeil=*/false);
  if (failed(window))
    return failure();
  int64_t groups = n.intAttr("group", 1);
  int64_t channels = typeOf(*x).getDimSize(1),
          filters = typeOf(*w).getDimSize(0);
  if (groups <= 0 || channels % groups || filters % groups ||
      typeOf(*w).getDimSize(1) * groups != channels)
    return n.error() << "group " << groups << " does not fit " << channels
                     << " input channels and a weight of type " << typeOf(*w);
  KilnBuilder k(n.b);
  Value input = *x, y;
  if (rank == 5) {
    y = conv3D(k, input, *w, *window, groups);
  } else {
    Value weight = *w;
    if (rank == 3) {
      to2D(k, input, *window);
      ArrayRef<int64_t> ws = typeOf(weight).getShape();
      weight = k.reshape(weight, {ws[0], ws[1], 1, ws[2]});
    }
    y = Conv2DOp::create(n.b, input, weight, window->strides,
                         padding2D(window->pads), window->dilations, groups);
    if (rank == 3)
      y = from2D(k, y);
  }
  if (Value bias = n.input(2)) {
    SmallVector<int64_t> shape(rank - 1, 1);
    shape[0] = filters;
    y = k.add(y, k.reshape(bias, shape));
  }
  n.setOutput(0, y);
  return success();
}

/// `x` reversed along `dim` (a gather of constant descending indices).
Value reverse(KilnBuilder &k, Value x, int64_t dim) {
  int64_t size = typeOf(x).getDimSize(dim);
  SmallVector<int64_t> indices;
  for (int64_t i = size - 1; i >= 0; --i)
    indices.push_back(i);
  auto type = RankedTensorType::get({size}, k.builder().getI64Type());
  Value constant = ConstantOp::create(
      k.builder(), DenseElementsAttr::get(type, ArrayRef<int64_t>(indices)));
  return GatherOp::create(k.builder(), x, constant, dim);
}

/// ConvTranspose: the input dilated by the strides (zeros between
/// elements), padded by dilation * (kernel - 1) less the pads (plus the
/// output padding at the end), convolved at stride 1 with the filter
/// flipped and its channel dimensions swapped per group.
LogicalResult convertConvTranspose(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0), w = n.requiredInput(1);
  if (failed(x) || failed(w))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  if (rank < 3 || rank > 5 || typeOf(*w).getRank() != rank)
    return n.error() << "only 1-D, 2-D and 3-D transposed convolutions are "
                        "supported (input and weight of rank 3 to 5)";
  int64_t spatial = rank - 2;
  ArrayRef<int64_t> in = typeOf(*x).getShape().drop_front(2);
  ArrayRef<int64_t> ws = typeOf(*w).getShape();
  SmallVector<int64_t> kernel =
      n.intsAttr("kernel_shape")
          .value_or(SmallVector<int64_t>(ws.drop_front(2)));
  SmallVector<int64_t> strides =
      n.intsAttr("strides").value_or(SmallVector<int64_t>(spatial, 1));
  SmallVector<int64_t> dilations =
      n.intsAttr("dilations").value_or(SmallVector<int64_t>(spatial, 1));
  SmallVector<int64_t> pads =
      n.intsAttr("pads").value_or(SmallVector<int64_t>(2 * spatial, 0));
  SmallVector<int64_t> outputPadding =
      n.intsAttr("output_padding").value_or(SmallVector<int64_t>(spatial, 0));
  if (kernel.size() != static_cast<size_t>(spatial) ||
      strides.size() != kernel.size() || dilations.size() != kernel.size() ||
      pads.size() != 2 * kernel.size() || outputPadding.size() != kernel.size())
    return n.error() << "the window attributes do not match " << spatial
                     << " spatial dimensions";
  std::string autoPad = n.stringAttr("auto_pad", "NOTSET");
  std::optional<SmallVector<int64_t>> outputShape = n.intsAttr("output_shape");
  if (outputShape && outputShape->size() > static_cast<size_t>(spatial))
    outputShape =
        SmallVector<int64_t>(outputShape->end() - spatial, outputShape->end());
  if (!inWindowRange(kernel, 1) || !inWindowRange(strides, 1) ||
      !inWindowRange(dilations, 1) || !inWindowRange(pads, 0) ||
      !inWindowRange(outputPadding, 0))
    return n.error() << "kernel_shape, strides and dilations must be positive "
                        "and pads and output_padding non-negative, all at most "
                     << kMaxWindowValue;
  if (outputShape && outputShape->size() != static_cast<size_t>(spatial))
    return n.error() << "output_shape has " << outputShape->size()
                     << " entries for " << spatial << " spatial dimensions";
  if (outputShape && llvm::any_of(*outputShape, [](int64_t v) {
        return v <= 0 || v > kMaxWindowValue * kMaxWindowValue;
      }))
    return n.error() << "output_shape must be positive and at most "
                     << kMaxWindowValue * kMaxWindowValue;
  if (autoPad == "VALID") {
    pads.assign(2 * spatial, 0);
  } else if (outputShape || autoPad == "SAME_UPPER" ||
             autoPad == "SAME_LOWER") {
    if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" &&
        autoPad != "SAME_LOWER")
      return n.error() << "auto_pad '" << autoPad << "' is not supported";
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t out = outputShape ? (*outputShape)[i] : in[i] * strides[i];
      int64_t total = strides[i] * (in[i] - 1) + outputPadding[i] +
                      (kernel[i] - 1) * dilations[i] + 1 - out;
      if (total < 0) {
        // A larger output than the pads-free one: the rest is output
        // padding at the end.
        outputPadding[i] -= total;
        total = 0;
      }
      bool upper = autoPad == "SAME_UPPER";
      pads[i] = upper ? total / 2 : total - total / 2;
      pads[i + spatial] = upper ? total - total / 2 : total / 2;
    }
  } else if (autoPad != "NOTSET") {
    return n.error() << "auto_pad '" << autoPad << "' is not supported";
  }
  int64_t groups = n.intAttr("group", 1);
  int64_t channels = typeOf(*x).getDimSize(1);
  if (groups <= 0 || channels % groups || ws[0] != channels)
    return n.error() << "group " << groups << " does not fit " << channels
                     << " input channels and a weight of type " << typeOf(*w);
  KilnBuilder k(n.b);
  Value input = *x, weight = *w;
  // Dilate: [N, C, D1, ...] -> [N, C, D1, 1, D2, 1, ...] -> zeros after each
  // element -> [N, C, D1*s1, ...] -> drop the trailing zeros.
  ArrayRef<int64_t> s = typeOf(input).getShape();
  if (llvm::any_of(strides, [](int64_t v) { return v > 1; })) {
    SmallVector<int64_t> split = {s[0], s[1]}, merged = {s[0], s[1]};
    SmallVector<int64_t> high(2, 0), limit = {s[0], s[1]};
    for (int64_t i = 0; i < spatial; ++i) {
      split.append({s[i + 2], 1});
      high.append({0, strides[i] - 1});
      merged.push_back(s[i + 2] * strides[i]);
      limit.push_back((s[i + 2] - 1) * strides[i] + 1);
    }
    Value expanded = k.pad(k.reshape(input, split),
                           SmallVector<int64_t>(split.size(), 0), high);
    input = k.slice(k.reshape(expanded, merged), SmallVector<int64_t>(rank, 0),
                    limit, SmallVector<int64_t>(rank, 1));
  }
  SmallVector<int64_t> low(rank, 0), high(rank, 0);
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t border = dilations[i] * (kernel[i] - 1);
    low[2 + i] = border - pads[i];
    high[2 + i] = border - pads[i + spatial] + outputPadding[i];
  }
  input = k.padOrCrop(input, low, high);
  // Filter [C, F/g, K...] -> [F, C/g, K...] flipped in space.
  int64_t perGroupIn = ws[0] / groups, perGroupOut = ws[1];
  SmallVector<int64_t> grouped = {groups, perGroupIn, perGroupOut};
  grouped.append(ws.begin() + 2, ws.end());
  SmallVector<int64_t> swap = {0, 2, 1};
  SmallVector<int64_t> filter = {groups * perGroupOut, perGroupIn};
  for (int64_t i = 0; i < spatial; ++i) {
    swap.push_back(3 + i);
    filter.push_back(ws[2 + i]);
  }
  weight = k.reshape(k.transpose(k.reshape(weight, grouped), swap), filter);
  for (int64_t i = 0; i < spatial; ++i)
    weight = reverse(k, weight, 2 + i);
  // A stride-1 convolution with the dilations.
  Value y;
  if (spatial == 3) {
    Window window{kernel, SmallVector<int64_t>(3, 1),
                  SmallVector<int64_t>(6, 0), dilations};
    y = conv3D(k, input, weight, window, groups);
  } else {
    SmallVector<int64_t> dilations2D = dilations;
    if (spatial == 1) {
      ArrayRef<int64_t> is = typeOf(input).getShape();
      input = k.reshape(input, {is[0], is[1], 1, is[2]});
      weight = k.reshape(weight, {filter[0], filter[1], 1, filter[2]});
      dilations2D.insert(dilations2D.begin(), 1);
    }
    y = Conv2DOp::create(n.b, input, weight, ArrayRef<int64_t>{1, 1},
                         ArrayRef<int64_t>{0, 0, 0, 0}, dilations2D, groups);
    if (spatial == 1)
      y = from2D(k, y);
  }
  if (Value bias = n.input(2)) {
    SmallVector<int64_t> shape(rank - 1, 1);
    shape[0] = groups * perGroupOut;
    y = k.add(y, k.reshape(bias, shape));
  }
  n.setOutput(0, y);
  return success();
}

/// A 3-D pool as 2-D pools of the input's depth slices, one per depth tap
/// (batched over channels and output depth), combined by max or by a sum
/// divided by the number of taps that fall inside the input (all taps with
/// count_include_pad).
template <typename PoolOp>
Value pool3D(KilnBuilder &k, Value x, const Window &w, bool includePad) {
  constexpr bool isAverage = std::is_same_v<PoolOp, AvgPool2DOp>;
  ArrayRef<int64_t> s = typeOf(x).getShape();
  int64_t n = s[0], c = s[1], depth = s[2];
  SmallVector<int64_t> hwPads = {w.pads[1], w.pads[2], w.pads[4], w.pads[5]};
  if (isAverage && includePad) {
    x = k.pad(x, {0, 0, 0, w.pads[1], w.pads[2]},
              {0, 0, 0, w.pads[4], w.pads[5]});
    hwPads.assign(4, 0);
  }
  // Padded depth never wins a max and adds nothing to a sum.
  Type element = typeOf(x).getElementType();
  double fill = isAverage ? 0.0 : -INFINITY;
  x = k.pad(x, {0, 0, w.pads[0], 0, 0}, {0, 0, w.pads[3], 0, 0}, fill);
  ArrayRef<int64_t> p = typeOf(x).getShape();
  int64_t od = (p[2] - w.kernel[0]) / w.strides[0] + 1;
  Value result;
  SmallVector<double> taps(od, 0);
  for (int64_t t = 0; t < w.kernel[0]; ++t) {
    Value slice = k.slice(x, {0, 0, t, 0, 0},
                          {n, c, t + (od - 1) * w.strides[0] + 1, p[3], p[4]},
                          {1, 1, w.strides[0], 1, 1});
    Value y =
        PoolOp::create(k.builder(), k.reshape(slice, {n, c * od, p[3], p[4]}),
                       ArrayRef<int64_t>{w.kernel[1], w.kernel[2]},
                       ArrayRef<int64_t>{w.strides[1], w.strides[2]}, hwPads);
    for (int64_t o = 0; o < od; ++o) {
      int64_t at = o * w.strides[0] + t - w.pads[0];
      taps[o] += includePad || (at >= 0 && at < depth) ? 1 : 0;
    }
    if (!result)
      result = y;
    else if (isAverage)
      result = k.add(result, y);
    else
      result = MaxOp::create(k.builder(), result, y);
  }
  ArrayRef<int64_t> r = typeOf(result).getShape();
  result = k.reshape(result, {n, c, od, r[2], r[3]});
  if (isAverage) {
    SmallVector<Attribute> counts;
    for (double t : taps)
      counts.push_back(k.builder().getFloatAttr(element, t));
    auto type = RankedTensorType::get({od, 1, 1}, element);
    result =
        k.div(result, ConstantOp::create(k.builder(),
                                         DenseElementsAttr::get(type, counts)));
  }
  return result;
}

/// The value that never wins a max: -inf, or the integer type's minimum.
TypedAttr lowestValue(Builder &b, Type element) {
  if (auto f = dyn_cast<FloatType>(element))
    return b.getFloatAttr(
        f, APFloat::getInf(f.getFloatSemantics(), /*Negative=*/true));
  unsigned width = element.getIntOrFloatBitWidth();
  return b.getIntegerAttr(element, element.isUnsignedInteger()
                                       ? APInt::getZero(width)
                                       : APInt::getSignedMinValue(width));
}

/// MaxPool of any spatial rank as the max over the window's taps, each a
/// strided slice of the input padded with the lowest value: the form for
/// dilations, integer elements and the Indices output, which the
/// max_pool2d op has not. Indices are flat positions in the unpadded input,
/// row-major (storage_order 0) or with the spatial part column-major (1);
/// the first of equal maxima wins, as in ONNX's reference.
LogicalResult maxPoolByTaps(NodeContext &n, KilnBuilder &k, Value x,
                            const Window &w) {
  RankedTensorType type = typeOf(x);
  ArrayRef<int64_t> in = type.getShape();
  size_t rank = in.size() - 2;
  SmallVector<int64_t> low(2, 0), high(2, 0);
  for (size_t i = 0; i < rank; ++i) {
    low.push_back(w.pads[i]);
    high.push_back(w.pads[i + rank]);
  }
  Value padded = PadOp::create(n.b, x, n.b.getDenseI64ArrayAttr(low),
                               n.b.getDenseI64ArrayAttr(high),
                               lowestValue(n.b, type.getElementType()));
  ArrayRef<int64_t> p = typeOf(padded).getShape();
  SmallVector<int64_t> out = {in[0], in[1]};
  for (size_t i = 0; i < rank; ++i) {
    int64_t extent = (w.kernel[i] - 1) * w.dilations[i] + 1;
    if (p[i + 2] < extent)
      return n.error() << "the window is larger than the padded input";
    out.push_back((p[i + 2] - extent) / w.strides[i] + 1);
  }
  bool wantIndices = n.node.output_size() > 1 && !n.node.output(1).empty();
  if (!wantIndices) {
    // The max over a window is the max over each dimension in turn: one
    // dimension's taps at a time, sum(kernel) slices instead of
    // prod(kernel) (a dilated 60 x 80 window made 4,800 ops, which took
    // minutes to compile).
    Value reduced = padded;
    for (size_t i = 0; i < rank; ++i) {
      SmallVector<int64_t> shape(typeOf(reduced).getShape());
      Value best;
      for (int64_t t = 0; t < w.kernel[i]; ++t) {
        SmallVector<int64_t> start(shape.size(), 0), limit(shape),
            stride(shape.size(), 1);
        start[i + 2] = t * w.dilations[i];
        limit[i + 2] = start[i + 2] + (out[i + 2] - 1) * w.strides[i] + 1;
        stride[i + 2] = w.strides[i];
        Value values = k.slice(reduced, start, limit, stride);
        best = best ? Value(MaxOp::create(n.b, best, values)) : values;
      }
      reduced = best;
    }
    n.setOutput(0, reduced);
    return success();
  }
  bool columnMajor = n.intAttr("storage_order", 0) != 0;
  // (n * C + c) * prod(spatial sizes), as [N, C, 1, ...].
  int64_t spatialSize = 1;
  for (size_t i = 0; i < rank; ++i)
    spatialSize *= in[i + 2];
  SmallVector<int64_t> baseShape(in.size(), 1);
  baseShape[0] = in[0];
  baseShape[1] = in[1];
  if (failed(checkMaterialized(n, in[0], in[1], "the pool's index bases")))
    return failure();
  {
    // One constant of input positions per tap.
    int64_t taps = 1, positions = 1;
    bool overflow = false;
    for (size_t i = 0; i < rank; ++i) {
      overflow |= llvm::MulOverflow(taps, w.kernel[i], taps);
      overflow |= llvm::MulOverflow(positions, out[i + 2], positions);
    }
    if (failed(checkMaterialized(n, overflow ? -1 : taps, positions,
                                 "the pool's indices")))
      return failure();
  }
  SmallVector<int64_t> bases;
  for (int64_t nc = 0; nc < in[0] * in[1]; ++nc)
    bases.push_back(nc * spatialSize);
  Type i64 = n.b.getI64Type();
  Value base = ConstantOp::create(
      n.b, DenseElementsAttr::get(RankedTensorType::get(baseShape, i64),
                                  ArrayRef<int64_t>(bases)));
  SmallVector<int64_t> tapShape(2, 1);
  tapShape.append(out.begin() + 2, out.end());
  int64_t outSpatial = 1;
  for (size_t i = 0; i < rank; ++i)
    outSpatial *= out[i + 2];

  Value best, bestIndex;
  SmallVector<int64_t> tap(rank, 0);
  while (true) {
    SmallVector<int64_t> start(2, 0), limit = {in[0], in[1]}, stride(2, 1);
    for (size_t i = 0; i < rank; ++i) {
      start.push_back(tap[i] * w.dilations[i]);
      limit.push_back(start.back() + (out[i + 2] - 1) * w.strides[i] + 1);
      stride.push_back(w.strides[i]);
    }
    Value values = k.slice(padded, start, limit, stride);
    Value index;
    {
      // The input position of this tap at every output position.
      SmallVector<int64_t> positions;
      SmallVector<int64_t> o(rank, 0);
      for (int64_t e = 0; e < outSpatial; ++e) {
        int64_t flat = 0;
        for (size_t j = 0; j < rank; ++j) {
          size_t i = columnMajor ? rank - 1 - j : j;
          int64_t at =
              o[i] * w.strides[i] + tap[i] * w.dilations[i] - w.pads[i];
          flat = flat * in[i + 2] + at;
        }
        positions.push_back(flat);
        for (int64_t i = static_cast<int64_t>(rank) - 1; i >= 0; --i) {
          if (++o[i] < out[i + 2])
            break;
          o[i] = 0;
        }
      }
      index = k.add(base, ConstantOp::create(
                              n.b, DenseElementsAttr::get(
                                       RankedTensorType::get(tapShape, i64),
                                       ArrayRef<int64_t>(positions))));
    }
    if (!best) {
      best = values;
      bestIndex = k.broadcastTo(index, out);
    } else {
      Value better = k.compare(CompareDirection::gt, values, best);
      best = k.select(better, values, best);
      bestIndex = k.select(better, index, bestIndex);
    }
    size_t i = rank;
    while (i > 0 && ++tap[i - 1] == w.kernel[i - 1])
      tap[--i] = 0;
    if (i == 0)
      break;
  }
  n.setOutput(0, best);
  n.setOutput(1, bestIndex);
  return success();
}

template <typename PoolOp> LogicalResult convertPool(NodeContext &n) {
  constexpr bool isAverage = std::is_same_v<PoolOp, AvgPool2DOp>;
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  if (rank < 3 || rank > 5)
    return n.error() << "only 1-D, 2-D and 3-D pooling (input of rank 3 to "
                        "5) is supported";
  bool isFloat = isa<FloatType>(typeOf(*x).getElementType());
  if (isAverage && !isFloat)
    return n.error() << "needs a floating-point input";
  n.ignoreAttributes({"storage_order"});
  FailureOr<Window> window =
      getWindow(n, typeOf(*x).getShape().drop_front(2), {}, /*allowCeil=*/true);
  if (failed(window))
    return failure();
  bool dilated =
      llvm::any_of(window->dilations, [](int64_t d) { return d != 1; });
  KilnBuilder k(n.b);
  bool wantIndices = n.node.output_size() > 1 && !n.node.output(1).empty();
  if (!isAverage && (dilated || !isFloat || wantIndices))
    return maxPoolByTaps(n, k, *x, *window);
  if (dilated)
    return n.error() << "dilated average pooling is not supported";
  Value input = *x;
  bool includePad = isAverage && n.intAttr("count_include_pad", 0);
  if (rank == 5) {
    for (int i = 1; i < 3; ++i)
      if (window->pads[i] >= window->kernel[i] ||
          window->pads[i + 3] >= window->kernel[i])
        return n.error() << "pads must be smaller than the kernel";
    n.setOutput(0, pool3D<PoolOp>(k, input, *window, includePad));
    return success();
  }
  if (rank == 3)
    to2D(k, input, *window);
  SmallVector<int64_t> padding = padding2D(window->pads);
  if (includePad && llvm::any_of(padding, [](int64_t p) { return p != 0; })) {
    // Padded zeros count: pad explicitly, then average without padding.
    input = k.pad(input, {0, 0, padding[0], padding[1]},
                  {0, 0, padding[2], padding[3]});
    padding.assign(4, 0);
  }
  for (int i = 0; i < 2; ++i)
    if (padding[i] >= window->kernel[i] || padding[i + 2] >= window->kernel[i])
      return n.error() << "pads must be smaller than the kernel";
  Value y =
      PoolOp::create(n.b, input, window->kernel, window->strides, padding);
  n.setOutput(0, rank == 3 ? from2D(k, y) : y);
  return success();
}

/// GlobalAveragePool, GlobalMaxPool, GlobalLpPool: over every spatial
/// dimension, kept with size 1.
LogicalResult convertGlobalPool(NodeContext &n, StringRef kind) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  if (rank < 3)
    return n.error() << "needs an [N, C, ...] input with spatial dimensions";
  KilnBuilder k(n.b);
  SmallVector<int64_t> dims = llvm::to_vector(llvm::seq<int64_t>(2, rank));
  Value y;
  if (kind == "avg" && rank == 4)
    y = GlobalAvgPool2DOp::create(n.b, *x);
  else if (kind == "avg")
    y = k.reduceMean(*x, dims, true);
  else if (kind == "max")
    y = k.reduceMax(*x, dims, true);
  else {
    Value p = k.scalarLike(*x, n.intAttr("p", 2));
    Value sum = k.reduceSum(k.pow(AbsOp::create(n.b, *x), p), dims, true);
    y = k.pow(sum, k.div(k.scalarLike(*x, 1), p));
  }
  n.setOutput(0, y);
  return success();
}

/// BatchNormalization with training_mode 1 (opset 14 on): normalized with
/// the batch's own per-channel mean and (biased) variance; outputs 1 and 2
/// are the running statistics moved toward them by 1 - momentum, as in
/// ONNX's reference.
LogicalResult convertTrainingBatchNormalization(NodeContext &n,
                                                ArrayRef<Value> in) {
  Value x = in[0];
  int64_t rank = typeOf(x).getRank();
  if (rank < 2)
    return n.error() << "needs an [N, C, ...] input";
  KilnBuilder k(n.b);
  SmallVector<int64_t> dims = {0};
  for (int64_t d = 2; d < rank; ++d)
    dims.push_back(d);
  SmallVector<int64_t> shape(rank, 1);
  shape[1] = typeOf(x).getDimSize(1);
  auto channel = [&](Value v) { return k.reshape(v, shape); };
  Value mean = k.reduceMean(x, dims, /*keepDims=*/true);
  Value centered = k.sub(x, mean);
  Value variance = k.reduceMean(k.mul(centered, centered), dims, true);
  Value epsilon = k.scalarLike(x, n.floatAttr("epsilon", 1e-5));
  Value y = k.add(
      k.mul(k.mul(centered, k.rsqrt(k.add(variance, epsilon))), channel(in[1])),
      channel(in[2]));
  n.setOutput(0, y);
  double momentum = n.floatAttr("momentum", 0.9);
  auto running = [&](Value old, Value batch) {
    ArrayRef<int64_t> c = typeOf(old).getShape();
    return k.add(k.mul(old, k.scalarLike(old, momentum)),
                 k.mul(k.reshape(batch, c), k.scalarLike(old, 1 - momentum)));
  };
  if (n.node.output_size() > 1 && !n.node.output(1).empty())
    n.setOutput(1, running(in[3], mean));
  if (n.node.output_size() > 2 && !n.node.output(2).empty())
    n.setOutput(2, running(in[4], variance));
  return success();
}

LogicalResult convertBatchNormalization(NodeContext &n) {
  FailureOr<SmallVector<Value>> in = requiredInputs(n, 5);
  if (failed(in))
    return failure();
  n.ignoreAttributes({"consumed_inputs"});
  if (n.intAttr("training_mode", 0))
    return convertTrainingBatchNormalization(n, *in);
  // momentum only updates running statistics in training.
  n.ignoreAttributes({"momentum"});
  if (n.opset < 7 && !n.intAttr("is_test", 0))
    return n.error() << "is_test 0 (training) is not supported";
  if (!n.intAttr("spatial", 1))
    return n.error() << "spatial 0 (per-activation statistics) is not "
                        "supported";
  for (int i = 1; i < n.node.output_size(); ++i)
    if (!n.node.output(i).empty())
      return n.error() << "the training outputs (running statistics) are not "
                          "supported";
  Value x = (*in)[0];
  KilnBuilder k(n.b);
  if (typeOf(x).getRank() == 4) {
    n.setOutput(0,
                BatchNormOp::create(
                    n.b, x.getType(), x, (*in)[1], (*in)[2], (*in)[3], (*in)[4],
                    n.b.getF32FloatAttr(n.floatAttr("epsilon", 1e-5))));
    return success();
  }
  // Other ranks: the formula with per-channel [C, 1, ...] statistics.
  if (typeOf(x).getRank() < 2)
    return n.error() << "needs an [N, C, ...] input";
  SmallVector<int64_t> shape(typeOf(x).getRank() - 1, 1);
  shape[0] = typeOf(x).getDimSize(1);
  auto channel = [&](Value v) { return k.reshape(v, shape); };
  Value scale =
      k.mul(channel((*in)[1]),
            k.rsqrt(k.add(channel((*in)[4]),
                          k.scalarLike(x, n.floatAttr("epsilon", 1e-5)))));
  n.setOutput(
      0, k.add(k.mul(k.sub(x, channel((*in)[3])), scale), channel((*in)[2])));
  return success();
}

/// (x - mean) / sqrt(var + epsilon) over `dims`, per element of the rest.
Value normalize(KilnBuilder &k, Value x, ArrayRef<int64_t> dims,
                double epsilon) {
  Value mean = k.reduceMean(x, dims, true);
  Value centered = k.sub(x, mean);
  Value variance = k.reduceMean(k.mul(centered, centered), dims, true);
  return k.mul(centered,
               k.rsqrt(k.add(variance, k.scalarLike(variance, epsilon))));
}

LogicalResult convertInstanceNormalization(NodeContext &n) {
  FailureOr<SmallVector<Value>> in = requiredInputs(n, 3);
  if (failed(in))
    return failure();
  Value x = (*in)[0];
  int64_t rank = typeOf(x).getRank();
  if (rank < 3)
    return n.error() << "needs an [N, C, ...] input with spatial dimensions";
  KilnBuilder k(n.b);
  SmallVector<int64_t> dims = llvm::to_vector(llvm::seq<int64_t>(2, rank));
  SmallVector<int64_t> shape(rank - 1, 1);
  shape[0] = typeOf(x).getDimSize(1);
  n.ignoreAttributes({"consumed_inputs"});
  Value y = normalize(k, x, dims, n.floatAttr("epsilon", 1e-5));
  n.setOutput(0, k.add(k.mul(y, k.reshape((*in)[1], shape)),
                       k.reshape((*in)[2], shape)));
  return success();
}

/// GroupNormalization: channels in `num_groups` groups, each normalized
/// over its channels and the spatial dimensions; scale and bias per
/// channel (opset 21) or, for opset 18, per group.
LogicalResult convertGroupNormalization(NodeContext &n) {
  FailureOr<SmallVector<Value>> in = requiredInputs(n, 3);
  if (failed(in))
    return failure();
  Value x = (*in)[0];
  ArrayRef<int64_t> s = typeOf(x).getShape();
  int64_t groups = n.intAttr("num_groups", 0);
  if (s.size() < 3 || groups <= 0 || s[1] % groups)
    return n.error() << "num_groups " << groups << " does not divide the "
                     << (s.size() > 1 ? s[1] : 0) << " channels";
  n.ignoreAttributes({"stash_type"});
  int64_t spatial = 1;
  for (int64_t d : s.drop_front(2))
    spatial *= d;
  KilnBuilder k(n.b);
  Value grouped = k.reshape(x, {s[0], groups, (s[1] / groups) * spatial});
  Value y =
      k.reshape(normalize(k, grouped, {2}, n.floatAttr("epsilon", 1e-5)), s);
  SmallVector<int64_t> shape(s.size() - 1, 1);
  shape[0] = s[1];
  Value scale = (*in)[1], bias = (*in)[2];
  if (typeOf(scale).getNumElements() == groups && groups != s[1]) {
    // Opset 18: one scale per group, repeated over its channels.
    SmallVector<int64_t> perGroup = {groups, s[1] / groups};
    scale = k.reshape(k.broadcastTo(k.reshape(scale, {groups, 1}), perGroup),
                      {s[1]});
    bias = k.reshape(k.broadcastTo(k.reshape(bias, {groups, 1}), perGroup),
                     {s[1]});
  }
  n.setOutput(0,
              k.add(k.mul(y, k.reshape(scale, shape)), k.reshape(bias, shape)));
  return success();
}

/// MeanVarianceNormalization: (x - mean) / (std + 1e-9) over `axes`.
LogicalResult convertMeanVarianceNormalization(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  SmallVector<int64_t> given =
      n.intsAttr("axes").value_or(SmallVector<int64_t>{0, 2, 3});
  FailureOr<SmallVector<int64_t>> axes = normalizeAxes(n, given, rank);
  if (failed(axes))
    return failure();
  KilnBuilder k(n.b);
  Value mean = k.reduceMean(*x, *axes, true);
  Value meanOfSquares = k.reduceMean(k.mul(*x, *x), *axes, true);
  Value deviation = k.sqrt(k.sub(meanOfSquares, k.mul(mean, mean)));
  n.setOutput(0, k.div(k.sub(*x, mean),
                       k.add(deviation, k.scalarLike(deviation, 1e-9))));
  return success();
}

LogicalResult convertLpNormalization(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  FailureOr<int64_t> axis =
      normalizeAxis(n, n.intAttr("axis", -1), typeOf(*x).getRank());
  if (failed(axis))
    return failure();
  int64_t p = n.intAttr("p", 2);
  if (p != 1 && p != 2)
    return n.error() << "p " << p << " is not 1 or 2";
  KilnBuilder k(n.b);
  Value norm = p == 1 ? k.reduceSum(AbsOp::create(n.b, *x), {*axis}, true)
                      : k.sqrt(k.reduceSum(k.mul(*x, *x), {*axis}, true));
  n.setOutput(0, k.div(*x, norm));
  return success();
}

/// LRN: x / (bias + alpha / size * sum of squares over `size` neighbouring
/// channels)^beta; the window sum is a sum of shifted slices of the
/// zero-padded squares.
LogicalResult convertLRN(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> s = typeOf(*x).getShape();
  int64_t size = n.intAttr("size", 0);
  if (s.size() < 3 || size <= 0)
    return n.error() << "needs an [N, C, ...] input and a positive size";
  double alpha = n.floatAttr("alpha", 1e-4), beta = n.floatAttr("beta", 0.75),
         bias = n.floatAttr("bias", 1.0);
  KilnBuilder k(n.b);
  int64_t rank = s.size();
  // A window past the channels reads zeros: at most C - 1 channels on
  // either side count, however large `size` is (a fuzzed size of 2^35
  // once meant as many slices).
  int64_t reach = std::max<int64_t>(s[1] - 1, 0);
  int64_t before = std::min((size - 1) / 2, reach),
          after = std::min(size - 1 - (size - 1) / 2, reach);
  SmallVector<int64_t> low(rank, 0), high(rank, 0);
  low[1] = before;
  high[1] = after;
  Value squares = k.pad(k.mul(*x, *x), low, high);
  Value sum;
  for (int64_t i = 0; i <= before + after; ++i) {
    SmallVector<int64_t> start(rank, 0), limit(s), stride(rank, 1);
    start[1] = i;
    limit[1] = i + s[1];
    Value slice = k.slice(squares, start, limit, stride);
    sum = sum ? k.add(sum, slice) : slice;
  }
  Value denominator = k.pow(
      k.add(k.scalarLike(*x, bias), k.mul(k.scalarLike(*x, alpha / size), sum)),
      k.scalarLike(*x, beta));
  n.setOutput(0, k.div(*x, denominator));
  return success();
}

/// LayerNormalization (opset 17) over the dimensions from `axis` on. Over
/// several dimensions, the input is seen as [outer, inner] (and scale and
/// bias as [inner]) around a last-axis layer norm.
LogicalResult convertLayerNormalization(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = typeOf(*x).getShape();
  int64_t rank = shape.size();
  FailureOr<int64_t> axis = normalizeAxis(n, n.intAttr("axis", -1), rank);
  if (failed(axis))
    return failure();
  // The optional Mean and InvStdDev outputs, kept-dims statistics over the
  // normalized dimensions.
  bool wantsStatistics = false;
  for (int i = 1; i < n.node.output_size(); ++i)
    wantsStatistics |= !n.node.output(i).empty();
  double epsilonValue = n.floatAttr("epsilon", 1e-5);
  if (wantsStatistics) {
    KilnBuilder k(n.b);
    SmallVector<int64_t> dims =
        llvm::to_vector(llvm::seq<int64_t>(*axis, rank));
    Value mean = k.reduceMean(*x, dims, /*keepDims=*/true);
    Value centered = k.sub(*x, mean);
    Value variance = k.reduceMean(k.mul(centered, centered), dims, true);
    n.setOutput(1, mean);
    n.setOutput(2,
                k.rsqrt(k.add(variance, k.scalarLike(variance, epsilonValue))));
  }
  if (n.intAttr("stash_type", 1) != 1)
    return n.error() << "stash_type other than float is not supported";
  auto epsilon = n.b.getF32FloatAttr(epsilonValue);
  Value scale = n.input(1), bias = n.input(2);
  if (*axis == rank - 1) {
    n.setOutput(0, LayerNormOp::create(n.b, x->getType(), *x, scale, bias,
                                       n.b.getI64IntegerAttr(*axis), epsilon));
    return success();
  }
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < rank; ++i)
    (i < *axis ? outer : inner) *= shape[i];
  KilnBuilder k(n.b);
  // Scale and bias broadcast to the normalized dimensions.
  SmallVector<int64_t> innerShape(shape.begin() + *axis, shape.end());
  auto flatten = [&](Value v) -> Value {
    if (!v)
      return v;
    return k.reshape(k.broadcastTo(v, innerShape), {inner});
  };
  scale = flatten(scale);
  bias = flatten(bias);
  Value flat = k.reshape(*x, {outer, inner});
  Value y = LayerNormOp::create(n.b, flat.getType(), flat, scale, bias,
                                n.b.getI64IntegerAttr(1), epsilon);
  n.setOutput(0, k.reshape(y, shape));
  return success();
}

} // namespace

void mlir::kiln::onnx_import::addNeuralNetConverters(ConverterMap &map) {
  const std::pair<const char *, Converter> entries[] = {
      {"Conv", convertConv},
      {"ConvTranspose", convertConvTranspose},
      {"MaxPool", convertPool<MaxPool2DOp>},
      {"AveragePool", convertPool<AvgPool2DOp>},
      {"GlobalAveragePool",
       [](NodeContext &n) { return convertGlobalPool(n, "avg"); }},
      {"GlobalMaxPool",
       [](NodeContext &n) { return convertGlobalPool(n, "max"); }},
      {"GlobalLpPool",
       [](NodeContext &n) { return convertGlobalPool(n, "lp"); }},
      {"BatchNormalization", convertBatchNormalization},
      {"InstanceNormalization", convertInstanceNormalization},
      {"GroupNormalization", convertGroupNormalization},
      {"LayerNormalization", convertLayerNormalization},
      {"MeanVarianceNormalization", convertMeanVarianceNormalization},
      {"LpNormalization", convertLpNormalization},
      {"LRN", convertLRN},
  };
  for (const auto &[name, converter] : entries)
    map[name] = converter;
}
