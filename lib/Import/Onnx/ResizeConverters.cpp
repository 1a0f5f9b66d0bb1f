//===- ResizeConverters.cpp - ONNX Resize and Upsample --------------------===//
//
// Resize (opsets 10 to 18) and Upsample (7 to 9) with constant scales or
// sizes. Every mode ONNX defines is separable, so each resized axis is
// done on its own: the taps of every output position (one for nearest,
// two for linear, four for cubic) and their weights are computed here at
// import, from the coordinate transformation mode, and the axis becomes a
// weighted sum of kiln.gather's of constant indices. Positions outside the
// input under tf_crop_and_resize take extrapolation_value.
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

struct ResizeSettings {
  std::string mode = "nearest";
  std::string coordinates = "half_pixel";
  std::string nearest = "round_prefer_floor";
  double cubicA = -0.75;
  bool excludeOutside = false;
  double extrapolation = 0.0;
};

/// Where output position `x` of an axis of `in` elements resized by
/// `scale` samples the input. As in ONNX's reference, the output length in
/// these formulas is in * scale unrounded (for sizes, scale = size / in).
double sourceCoordinate(const ResizeSettings &s, double x, int64_t in,
                        double scale, double roiStart, double roiEnd) {
  double out = in * scale;
  const std::string &mode = s.coordinates;
  if (mode == "half_pixel")
    return (x + 0.5) / scale - 0.5;
  if (mode == "half_pixel_symmetric") {
    double adjustment = out / (scale * in);
    double center = in / 2.0;
    return center * (1 - adjustment) + (x + 0.5) / scale - 0.5;
  }
  if (mode == "pytorch_half_pixel")
    return out > 1 ? (x + 0.5) / scale - 0.5 : 0.0;
  if (mode == "align_corners")
    return out == 1 ? 0.0 : x * (in - 1) / (out - 1);
  if (mode == "tf_half_pixel_for_nn")
    return (x + 0.5) / scale;
  if (mode == "tf_crop_and_resize")
    return out > 1 ? roiStart * (in - 1) +
                         x * (roiEnd - roiStart) * (in - 1) / (out - 1)
                   : 0.5 * (roiStart + roiEnd) * (in - 1);
  return x / scale; // asymmetric
}

int64_t nearestIndex(const ResizeSettings &s, double x, bool downsampling) {
  const std::string &mode = s.nearest;
  if (mode == "floor")
    return static_cast<int64_t>(std::floor(x));
  if (mode == "ceil")
    return static_cast<int64_t>(std::ceil(x));
  if (mode == "simple") // Resize-10 and Upsample.
    return static_cast<int64_t>(downsampling ? std::ceil(x) : std::floor(x));
  double floor = std::floor(x);
  if (x - floor == 0.5)
    return static_cast<int64_t>(mode == "round_prefer_ceil" ? floor + 1
                                                            : floor);
  return static_cast<int64_t>(std::round(x));
}

/// Cubic convolution weights of the four taps around fraction `t`.
std::array<double, 4> cubicWeights(double t, double a) {
  auto w = [a](double d) {
    d = std::abs(d);
    if (d <= 1)
      return ((a + 2) * d - (a + 3)) * d * d + 1;
    if (d < 2)
      return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
    return 0.0;
  };
  return {w(t + 1), w(t), w(1 - t), w(2 - t)};
}

/// The taps of one axis: for output position i, indices[t][i] and
/// weights[t][i]; inside[i] is false where extrapolation applies.
struct AxisTaps {
  SmallVector<SmallVector<int64_t>> indices;
  SmallVector<SmallVector<double>> weights;
  SmallVector<bool> inside;
};

AxisTaps computeTaps(const ResizeSettings &s, int64_t in, int64_t out,
                     double scale, double roiStart, double roiEnd) {
  int taps = s.mode == "nearest" ? 1 : s.mode == "linear" ? 2 : 4;
  AxisTaps result;
  result.indices.resize(taps);
  result.weights.resize(taps);
  auto clampIndex = [in](int64_t i) {
    return std::clamp<int64_t>(i, 0, in - 1);
  };
  for (int64_t i = 0; i < out; ++i) {
    double x = sourceCoordinate(s, i, in, scale, roiStart, roiEnd);
    result.inside.push_back(s.coordinates != "tf_crop_and_resize" ||
                            (x >= 0 && x <= in - 1));
    if (taps == 1) {
      result.indices[0].push_back(clampIndex(nearestIndex(s, x, scale < 1.0)));
      result.weights[0].push_back(1.0);
      continue;
    }
    double base = std::floor(x), t = x - base;
    int64_t b = static_cast<int64_t>(base);
    if (taps == 2) {
      result.indices[0].push_back(clampIndex(b));
      result.indices[1].push_back(clampIndex(b + 1));
      result.weights[0].push_back(1 - t);
      result.weights[1].push_back(t);
      continue;
    }
    std::array<double, 4> w = cubicWeights(t, s.cubicA);
    double total = 0;
    for (int k = 0; k < 4; ++k) {
      int64_t at = b - 1 + k;
      if (s.excludeOutside && (at < 0 || at >= in))
        w[k] = 0;
      total += w[k];
    }
    for (int k = 0; k < 4; ++k) {
      result.indices[k].push_back(clampIndex(b - 1 + k));
      result.weights[k].push_back(s.excludeOutside && total != 0 ? w[k] / total
                                                                 : w[k]);
    }
  }
  return result;
}

/// A constant of `values` shaped as `axis` of a tensor of rank `rank`.
Value axisConstant(KilnBuilder &k, ArrayRef<double> values, int64_t axis,
                   int64_t rank, Type element) {
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = values.size();
  SmallVector<Attribute> attrs;
  for (double v : values)
    attrs.push_back(k.builder().getFloatAttr(element, v));
  return ConstantOp::create(
      k.builder(),
      DenseElementsAttr::get(RankedTensorType::get(shape, element), attrs));
}

Value gatherIndices(KilnBuilder &k, Value x, ArrayRef<int64_t> indices,
                    int64_t axis) {
  auto type = RankedTensorType::get({static_cast<int64_t>(indices.size())},
                                    k.builder().getI64Type());
  Value constant =
      ConstantOp::create(k.builder(), DenseElementsAttr::get(type, indices));
  return GatherOp::create(k.builder(), x, constant, axis);
}

/// Resizes `x` to `outShape` with per-axis `scales` (and the roi of
/// tf_crop_and_resize, [starts..., ends...]).
LogicalResult emitResize(NodeContext &n, Value x, ArrayRef<int64_t> outShape,
                         ArrayRef<double> scales, ArrayRef<double> roi,
                         const ResizeSettings &s) {
  RankedTensorType type = typeOf(x);
  int64_t rank = type.getRank();
  Type element = type.getElementType();
  if (s.mode != "nearest" && !isa<FloatType>(element))
    return n.error() << s.mode << " resizing needs a floating-point input";
  KilnBuilder k(n.b);
  Value y = x;
  Value inside;
  for (int64_t axis = 0; axis < rank; ++axis) {
    int64_t in = type.getDimSize(axis), out = outShape[axis];
    if (out <= 0)
      return n.error() << "output dimension " << axis << " would be " << out;
    double roiStart = roi.empty() ? 0.0 : roi[axis];
    double roiEnd = roi.empty() ? 1.0 : roi[axis + rank];
    AxisTaps taps = computeTaps(s, in, out, scales[axis], roiStart, roiEnd);
    bool identity =
        in == out && llvm::all_of(taps.inside, [](bool b) { return b; });
    for (size_t t = 0; identity && t < taps.indices.size(); ++t)
      for (int64_t i = 0; identity && i < out; ++i)
        identity = taps.weights[t][i] == (t == 0 ? 1.0 : 0.0) &&
                   (t != 0 || taps.indices[t][i] == i);
    if (identity)
      continue;
    Value sum;
    for (size_t t = 0; t < taps.indices.size(); ++t) {
      Value gathered = gatherIndices(k, y, taps.indices[t], axis);
      if (taps.indices.size() > 1)
        gathered = k.mul(gathered,
                         axisConstant(k, taps.weights[t], axis, rank, element));
      sum = sum ? k.add(sum, gathered) : gathered;
    }
    y = sum;
    if (llvm::any_of(taps.inside, [](bool b) { return !b; })) {
      SmallVector<double> flags;
      for (bool b : taps.inside)
        flags.push_back(b ? 1.0 : 0.0);
      Value mask =
          k.compare(CompareDirection::ne,
                    axisConstant(k, flags, axis, rank, n.b.getF32Type()),
                    k.scalar(n.b.getF32Type(), 0));
      inside = inside ? AndOp::create(n.b, inside, mask).getResult() : mask;
    }
  }
  if (inside)
    y = k.select(inside, y, k.scalarLike(y, s.extrapolation));
  n.setOutput(0, y);
  return success();
}

/// floor(dim * scale), the size of a resized dimension, for a positive,
/// finite scale whose result stays below 2^40 (a mutated or absurd scale
/// is the node's error, not a float-to-integer overflow).
FailureOr<int64_t> scaledSize(NodeContext &n, int64_t dim, double scale) {
  double size = std::floor(static_cast<double>(dim) * scale);
  if (!(scale > 0) || !std::isfinite(scale) || !(size < 0x1p40)) {
    n.error() << "scale " << formatNumber(scale) << " of a dimension of " << dim
              << " is not positive or gives more than 2^40 elements";
    return failure();
  }
  return static_cast<int64_t>(size);
}

/// Resize: scales or sizes (one of them) as constant inputs; opset 18's
/// `axes` restricts them to some dimensions.
LogicalResult convertResize(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  RankedTensorType type = typeOf(*x);
  int64_t rank = type.getRank();
  ResizeSettings s;
  s.mode = n.stringAttr("mode", "nearest");
  if (s.mode != "nearest" && s.mode != "linear" && s.mode != "cubic")
    return n.error() << "mode '" << s.mode
                     << "' is not one of nearest, linear, cubic";
  if (n.opset < 11) {
    s.coordinates = "asymmetric";
    s.nearest = "simple";
  } else {
    s.coordinates =
        n.stringAttr("coordinate_transformation_mode", "half_pixel");
    s.nearest = n.stringAttr("nearest_mode", "round_prefer_floor");
    s.cubicA = n.floatAttr("cubic_coeff_a", -0.75);
    s.excludeOutside = n.intAttr("exclude_outside", 0) != 0;
    s.extrapolation = n.floatAttr("extrapolation_value", 0.0);
  }
  static const char *const coordinateModes[] = {
      "half_pixel",        "half_pixel_symmetric", "pytorch_half_pixel",
      "align_corners",     "asymmetric",           "tf_half_pixel_for_nn",
      "tf_crop_and_resize"};
  if (!llvm::is_contained(coordinateModes, s.coordinates))
    return n.error() << "coordinate_transformation_mode '" << s.coordinates
                     << "' is not supported";
  static const char *const nearestModes[] = {
      "round_prefer_floor", "round_prefer_ceil", "floor", "ceil", "simple"};
  if (!llvm::is_contained(nearestModes, s.nearest))
    return n.error() << "nearest_mode '" << s.nearest << "' is not supported";
  if (n.intAttr("antialias", 0))
    return n.error() << "antialias 1 is not supported";
  std::string policy = n.stringAttr("keep_aspect_ratio_policy", "stretch");
  if (policy != "stretch")
    return n.error() << "keep_aspect_ratio_policy '" << policy
                     << "' is not supported";

  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  if (auto given = n.intsAttr("axes")) {
    FailureOr<SmallVector<int64_t>> normalized = normalizeAxes(n, *given, rank);
    if (failed(normalized))
      return failure();
    axes = *normalized;
  }
  int scalesIndex = n.opset < 11 ? 1 : 2, sizesIndex = 3;
  auto readFloats = [&](int index) -> FailureOr<SmallVector<double>> {
    DenseElementsAttr dense = n.denseConstantInput(index);
    if (!dense) {
      n.notConstant(index);
      return failure();
    }
    SmallVector<double> values;
    for (Attribute a : dense.getValues<Attribute>())
      values.push_back(isa<FloatAttr>(a) ? cast<FloatAttr>(a).getValueAsDouble()
                                         : static_cast<double>(
                                               cast<IntegerAttr>(a).getInt()));
    return values;
  };
  SmallVector<double> scales(rank, 1.0);
  SmallVector<int64_t> outShape(type.getShape());
  bool hasSizes = n.opset >= 11 && n.input(sizesIndex) &&
                  typeOf(n.input(sizesIndex)).getNumElements() > 0;
  bool hasScales =
      n.input(scalesIndex) && typeOf(n.input(scalesIndex)).getNumElements() > 0;
  if (hasSizes == hasScales)
    return n.error() << "exactly one of scales and sizes must be given";
  if (hasScales) {
    FailureOr<SmallVector<double>> given = readFloats(scalesIndex);
    if (failed(given))
      return failure();
    if (given->size() != axes.size())
      return n.error() << given->size() << " scales for " << axes.size()
                       << " axes";
    for (auto [axis, scale] : llvm::zip(axes, *given)) {
      FailureOr<int64_t> size = scaledSize(n, type.getDimSize(axis), scale);
      if (failed(size))
        return failure();
      scales[axis] = scale;
      outShape[axis] = *size;
    }
  } else {
    FailureOr<SmallVector<int64_t>> given = n.constantInts(sizesIndex);
    if (failed(given))
      return failure();
    if (given->size() != axes.size())
      return n.error() << given->size() << " sizes for " << axes.size()
                       << " axes";
    for (auto [axis, size] : llvm::zip(axes, *given)) {
      outShape[axis] = size;
      scales[axis] = static_cast<double>(size) / type.getDimSize(axis);
    }
  }
  SmallVector<double> roi;
  if (s.coordinates == "tf_crop_and_resize") {
    if (!n.input(1))
      return n.error() << "tf_crop_and_resize needs the roi input";
    FailureOr<SmallVector<double>> given = readFloats(1);
    if (failed(given))
      return failure();
    if (given->size() != 2 * axes.size())
      return n.error() << "roi must hold starts and ends of every axis";
    roi.assign(2 * rank, 0.0);
    for (int64_t d = 0; d < rank; ++d)
      roi[d + rank] = 1.0;
    for (auto [i, axis] : llvm::enumerate(axes)) {
      roi[axis] = (*given)[i];
      roi[axis + rank] = (*given)[i + axes.size()];
    }
  }
  return emitResize(n, *x, outShape, scales, roi, s);
}

/// Upsample (opsets 7 to 9): nearest or linear with asymmetric
/// coordinates; scales an attribute (7) or an input (9).
LogicalResult convertUpsample(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  RankedTensorType type = typeOf(*x);
  ResizeSettings s;
  s.mode = n.stringAttr("mode", "nearest");
  if (s.mode == "bilinear")
    s.mode = "linear";
  if (s.mode != "nearest" && s.mode != "linear")
    return n.error() << "mode '" << s.mode << "' is not one of nearest, linear";
  s.coordinates = "asymmetric";
  s.nearest = "simple";
  SmallVector<double> scales;
  if (auto attr = n.attribute("scales")) {
    scales.assign(attr->floats().begin(), attr->floats().end());
  } else {
    DenseElementsAttr dense = n.denseConstantInput(1);
    if (!dense)
      return n.notConstant(1);
    if (!isa<FloatType>(dense.getElementType()))
      return n.error() << "scales must be floats, got "
                       << dense.getElementType();
    for (const APFloat &v : dense.getValues<APFloat>())
      scales.push_back(v.convertToDouble());
  }
  if (static_cast<int64_t>(scales.size()) != type.getRank())
    return n.error() << scales.size() << " scales for rank " << type.getRank();
  SmallVector<int64_t> outShape;
  for (auto [dim, scale] : llvm::zip(type.getShape(), scales)) {
    FailureOr<int64_t> size = scaledSize(n, dim, scale);
    if (failed(size))
      return failure();
    outShape.push_back(*size);
  }
  return emitResize(n, *x, outShape, scales, {}, s);
}

} // namespace

void mlir::kiln::onnx_import::addResizeConverters(ConverterMap &map) {
  map["Resize"] = convertResize;
  map["Upsample"] = convertUpsample;
}
