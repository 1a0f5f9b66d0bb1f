//===- GridSampleConverter.cpp - ONNX GridSample --------------------------===//
//
// GridSample (opset 16; opset 20's names too) on [N, C, H, W] inputs, as
// torch.nn.functional.grid_sample computes it: the grid's normalized
// coordinates become input positions (align_corners decides how), each
// output element is a weighted sum of taps (1 nearest, 4 bilinear, 16
// bicubic), and each tap is a gather_elements over the flattened spatial
// dimensions at a position computed at run time, zero where it falls
// outside the input. padding_mode border clamps and reflection mirrors the
// coordinate (for bicubic, each tap's).
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

enum class Padding { zeros, border, reflection };

struct Sampler {
  KilnBuilder &k;
  Value input; // [N, C, H * W]
  int64_t n, c, h, w, outH, outW;
  bool alignCorners;
  Padding padding;

  Value constant(double v) { return k.scalarLike(input, v); }
  Value floor(Value x) { return FloorOp::create(k.builder(), x); }

  /// Normalized [-1, 1] to a position along a dimension of `size`.
  Value unnormalize(Value g, int64_t size) {
    if (alignCorners)
      return k.mul(k.add(g, constant(1)), constant((size - 1) / 2.0));
    return k.div(
        k.sub(k.mul(k.add(g, constant(1)), constant(size)), constant(1)),
        constant(2));
  }

  Value clip(Value x, int64_t size) {
    return MinOp::create(k.builder(),
                         MaxOp::create(k.builder(), x, constant(0)),
                         constant(size - 1));
  }

  /// Mirrors x into [low, high] = twice / 2 repeatedly (torch's
  /// reflect_coordinates).
  Value reflect(Value x, int64_t twiceLow, int64_t twiceHigh) {
    if (twiceLow == twiceHigh)
      return k.splat(typeOf(x), 0.0);
    double low = twiceLow / 2.0, span = (twiceHigh - twiceLow) / 2.0;
    Value from = AbsOp::create(k.builder(), k.sub(x, constant(low)));
    Value extra = RemOp::create(k.builder(), from, constant(span));
    Value flips = floor(k.div(from, constant(span)));
    Value even =
        k.compare(CompareDirection::eq,
                  k.mul(floor(k.div(flips, constant(2))), constant(2)), flips);
    return k.select(even, k.add(extra, constant(low)),
                    k.add(k.sub(constant(span), extra), constant(low)));
  }

  /// The coordinate after the padding mode.
  Value pad(Value x, int64_t size) {
    switch (padding) {
    case Padding::zeros:
      return x;
    case Padding::border:
      return clip(x, size);
    case Padding::reflection:
      return clip(alignCorners ? reflect(x, 0, 2 * (size - 1))
                               : reflect(x, -1, 2 * size - 1),
                  size);
    }
    llvm_unreachable("unknown padding");
  }

  /// The input at integer positions (ix, iy) ([N, outH, outW] floats),
  /// times `weight`, zero outside the input: [N, C, outH * outW].
  Value tap(Value ix, Value iy, Value weight) {
    Type i64 = k.builder().getI64Type();
    auto inside = [&](Value v, int64_t size) {
      return AndOp::create(
          k.builder(), k.compare(CompareDirection::ge, v, constant(0)),
          k.compare(CompareDirection::le, v, constant(size - 1)));
    };
    Value in = AndOp::create(k.builder(), inside(ix, w), inside(iy, h));
    Value flat = k.add(k.mul(clip(iy, h), constant(w)), clip(ix, w));
    Value index = k.broadcastTo(
        k.reshape(k.cast(flat, i64), {n, 1, outH * outW}), {n, c, outH * outW});
    Value taken = GatherElementsOp::create(
        k.builder(), typeOf(index).clone(typeOf(input).getElementType()), input,
        index, /*axis=*/2);
    Value scale = k.select(in, weight, constant(0));
    return k.mul(taken, k.reshape(scale, {n, 1, outH * outW}));
  }

  Value sum(Value acc, Value term) { return acc ? k.add(acc, term) : term; }

  Value nearest(Value x, Value y) {
    x = pad(x, w);
    y = pad(y, h);
    return tap(RoundOp::create(k.builder(), x), RoundOp::create(k.builder(), y),
               k.splat(typeOf(x), 1.0));
  }

  Value bilinear(Value x, Value y) {
    x = pad(x, w);
    y = pad(y, h);
    Value x0 = floor(x), y0 = floor(y);
    Value x1 = k.add(x0, constant(1)), y1 = k.add(y0, constant(1));
    Value wx1 = k.sub(x, x0), wy1 = k.sub(y, y0);
    Value wx0 = k.sub(constant(1), wx1), wy0 = k.sub(constant(1), wy1);
    Value result;
    result = sum(result, tap(x0, y0, k.mul(wx0, wy0)));
    result = sum(result, tap(x1, y0, k.mul(wx1, wy0)));
    result = sum(result, tap(x0, y1, k.mul(wx0, wy1)));
    result = sum(result, tap(x1, y1, k.mul(wx1, wy1)));
    return result;
  }

  /// torch's cubic convolution coefficients (A = -0.75) of the taps at
  /// -1, 0, 1, 2 from floor(x), for t = x - floor(x).
  SmallVector<Value> cubicCoefficients(Value t) {
    const double a = -0.75;
    auto near = [&](Value v) { // ((A + 2) v - (A + 3)) v v + 1
      return k.add(
          k.mul(k.mul(k.sub(k.mul(constant(a + 2), v), constant(a + 3)), v), v),
          constant(1));
    };
    auto far = [&](Value v) { // ((A v - 5A) v + 8A) v - 4A
      return k.sub(
          k.mul(k.add(k.mul(k.sub(k.mul(constant(a), v), constant(5 * a)), v),
                      constant(8 * a)),
                v),
          constant(4 * a));
    };
    return {far(k.add(t, constant(1))), near(t), near(k.sub(constant(1), t)),
            far(k.sub(constant(2), t))};
  }

  Value bicubic(Value x, Value y) {
    Value x0 = floor(x), y0 = floor(y);
    SmallVector<Value> cx = cubicCoefficients(k.sub(x, x0));
    SmallVector<Value> cy = cubicCoefficients(k.sub(y, y0));
    Value result;
    for (int j = 0; j < 4; ++j)
      for (int i = 0; i < 4; ++i) {
        Value ix = pad(k.add(x0, constant(i - 1)), w);
        Value iy = pad(k.add(y0, constant(j - 1)), h);
        result = sum(result, tap(ix, iy, k.mul(cx[i], cy[j])));
      }
    return result;
  }
};

LogicalResult convertGridSample(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0), grid = n.requiredInput(1);
  if (failed(x) || failed(grid))
    return failure();
  RankedTensorType type = typeOf(*x), gridType = typeOf(*grid);
  if (!isa<FloatType>(type.getElementType()))
    return n.error() << "needs a floating-point input";
  if (type.getRank() != 4)
    return n.error() << "only 2-D sampling ([N, C, H, W] input) is supported";
  if (gridType.getRank() != 4 || gridType.getDimSize(0) != type.getDimSize(0) ||
      gridType.getDimSize(3) != 2)
    return n.error() << "grid must be [N, H_out, W_out, 2]";
  std::string mode =
      n.stringAttr("mode", n.opset >= 20 ? "linear" : "bilinear");
  std::string paddingName = n.stringAttr("padding_mode", "zeros");
  std::optional<Padding> padding =
      paddingName == "zeros"        ? std::optional(Padding::zeros)
      : paddingName == "border"     ? std::optional(Padding::border)
      : paddingName == "reflection" ? std::optional(Padding::reflection)
                                    : std::nullopt;
  if (!padding)
    return n.error() << "padding_mode '" << paddingName
                     << "' is not one of zeros, border, reflection";
  KilnBuilder k(n.b);
  ArrayRef<int64_t> s = type.getShape();
  int64_t outH = gridType.getDimSize(1), outW = gridType.getDimSize(2);
  Value g = k.cast(*grid, type.getElementType());
  Sampler sampler{k,
                  k.reshape(*x, {s[0], s[1], s[2] * s[3]}),
                  s[0],
                  s[1],
                  s[2],
                  s[3],
                  outH,
                  outW,
                  n.intAttr("align_corners", 0) != 0,
                  *padding};
  auto coordinate = [&](int64_t which, int64_t size) {
    Value part = k.slice(g, {0, 0, 0, which}, {s[0], outH, outW, which + 1},
                         {1, 1, 1, 1});
    return sampler.unnormalize(k.reshape(part, {s[0], outH, outW}), size);
  };
  Value px = coordinate(0, s[3]), py = coordinate(1, s[2]);
  Value result;
  if (mode == "nearest")
    result = sampler.nearest(px, py);
  else if (mode == "bilinear" || mode == "linear")
    result = sampler.bilinear(px, py);
  else if (mode == "bicubic" || mode == "cubic")
    result = sampler.bicubic(px, py);
  else
    return n.error() << "mode '" << mode << "' is not supported";
  n.setOutput(0, k.reshape(result, {s[0], s[1], outH, outW}));
  return success();
}

} // namespace

void mlir::kiln::onnx_import::addGridSampleConverter(ConverterMap &map) {
  map["GridSample"] = convertGridSample;
}
