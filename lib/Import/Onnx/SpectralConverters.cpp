//===- SpectralConverters.cpp - ONNX DFT, STFT and MelWeightMatrix --------===//
//
// The audio front end of speech models. DFT and STFT are products with
// constant cosine and sine matrices (real and imaginary parts kept as a
// trailing dimension of 2, ONNX's complex layout): exact to the rounding
// of the matrices, O(N^2) per transform, which suits the frame lengths of
// audio features. STFT frames the signal with a constant gather. Lengths
// and steps decide shapes, so they must be constants; MelWeightMatrix of
// constant inputs is a constant.
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

/// cos and sin of 2 pi n k / length for n < rows, k < bins, as [rows, bins]
/// constants of `element` type.
std::pair<Value, Value> twiddles(KilnBuilder &k, Type element, int64_t rows,
                                 int64_t bins, int64_t length) {
  SmallVector<double> c, s;
  for (int64_t n = 0; n < rows; ++n)
    for (int64_t b = 0; b < bins; ++b) {
      // n * b reduced mod length keeps the angle small and exact.
      double angle = 2 * M_PI * static_cast<double>((n * b) % length) /
                     static_cast<double>(length);
      c.push_back(std::cos(angle));
      s.push_back(std::sin(angle));
    }
  auto make = [&](ArrayRef<double> values) {
    SmallVector<Attribute> attrs;
    for (double v : values)
      attrs.push_back(FloatAttr::get(element, v));
    auto type = RankedTensorType::get({rows, bins}, element);
    return ConstantOp::create(k.builder(), DenseElementsAttr::get(type, attrs));
  };
  return {make(c), make(s)};
}

/// The transform of (re, im) along their last dimension (of `rows`
/// elements, the signal padded or cut to `length` already): `bins` outputs,
/// forward (e^-i) or inverse (e^+i, divided by length). Returns the
/// outputs' real and imaginary parts.
std::pair<Value, Value> transform(KilnBuilder &k, Value re, Value im,
                                  int64_t length, int64_t bins, bool inverse) {
  RankedTensorType type = typeOf(re);
  int64_t last = type.getRank() - 1;
  auto [cosine, sine] =
      twiddles(k, type.getElementType(), type.getDimSize(last), bins, length);
  auto times = [&](Value x, Value m) {
    return k.dot(x, m, {}, {}, {last}, {0});
  };
  // (re + i im)(cos -+ i sin)
  Value outRe = times(re, cosine);
  Value outIm = inverse ? times(re, sine) : k.neg(times(re, sine));
  if (im) {
    outRe =
        inverse ? k.sub(outRe, times(im, sine)) : k.add(outRe, times(im, sine));
    outIm = k.add(outIm, times(im, cosine));
  }
  if (inverse) {
    Value scale = k.scalarLike(outRe, 1.0 / static_cast<double>(length));
    outRe = k.mul(outRe, scale);
    outIm = k.mul(outIm, scale);
  }
  return {outRe, outIm};
}

/// re and im stacked as a trailing dimension of 2.
Value complexPair(KilnBuilder &k, Value re, Value im) {
  SmallVector<int64_t> shape(typeOf(re).getShape());
  shape.push_back(1);
  return k.concat({k.reshape(re, shape), k.reshape(im, shape)},
                  static_cast<int64_t>(shape.size()) - 1);
}

/// The real and imaginary parts of an ONNX complex-layout tensor
/// ([..., 1] real or [..., 2] complex); im is null for real input.
FailureOr<std::pair<Value, Value>> splitComplex(NodeContext &n, KilnBuilder &k,
                                                Value x) {
  RankedTensorType type = typeOf(x);
  int64_t rank = type.getRank();
  if (!isa<FloatType>(type.getElementType()) || rank < 2 ||
      (type.getDimSize(rank - 1) != 1 && type.getDimSize(rank - 1) != 2)) {
    n.error() << "needs a floating-point input whose last dimension is 1 "
                 "(real) or 2 (complex)";
    return failure();
  }
  SmallVector<int64_t> shape(type.getShape().drop_back());
  auto part = [&](int64_t i) {
    SmallVector<int64_t> start(rank, 0), limit(type.getShape()),
        stride(rank, 1);
    start[rank - 1] = i;
    limit[rank - 1] = i + 1;
    return k.reshape(k.slice(x, start, limit, stride), shape);
  };
  Value im = type.getDimSize(rank - 1) == 2 ? part(1) : Value();
  return std::make_pair(part(0), im);
}

/// `x` padded with zeros or cut to `length` along its last dimension.
Value fitLength(KilnBuilder &k, Value x, int64_t length) {
  if (!x)
    return x;
  int64_t rank = typeOf(x).getRank();
  SmallVector<int64_t> low(rank, 0), high(rank, 0);
  high[rank - 1] = length - typeOf(x).getDimSize(rank - 1);
  return k.padOrCrop(x, low, high);
}

LogicalResult convertDFT(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  if (n.opset >= 20)
    return n.error() << "DFT of opset 20 (axis as an input) is not supported";
  KilnBuilder k(n.b);
  auto parts = splitComplex(n, k, *x);
  if (failed(parts))
    return failure();
  auto [re, im] = *parts;
  int64_t rank = typeOf(re).getRank();
  FailureOr<int64_t> axis = normalizeAxis(n, n.intAttr("axis", 1), rank);
  if (failed(axis))
    return failure();
  bool inverse = n.intAttr("inverse", 0) != 0;
  bool onesided = n.intAttr("onesided", 0) != 0;
  if (onesided && (im || inverse))
    return n.error() << "onesided needs a real forward transform";
  int64_t size = typeOf(re).getDimSize(*axis);
  FailureOr<double> given = constantScalar(n, 1, static_cast<double>(size));
  if (failed(given))
    return failure();
  int64_t length = static_cast<int64_t>(*given);
  if (length <= 0)
    return n.error() << "dft_length must be positive";
  // The signal's axis last, transformed, moved back.
  SmallVector<int64_t> permutation;
  for (int64_t d = 0; d < rank; ++d)
    if (d != *axis)
      permutation.push_back(d);
  permutation.push_back(*axis);
  SmallVector<int64_t> back(rank);
  for (int64_t d = 0; d < rank; ++d)
    back[permutation[d]] = d;
  re = fitLength(k, k.transpose(re, permutation), length);
  im = im ? fitLength(k, k.transpose(im, permutation), length) : Value();
  int64_t bins = onesided ? length / 2 + 1 : length;
  if (failed(checkMaterialized(n, length, bins, "the DFT's twiddle factors")))
    return failure();
  auto [outRe, outIm] = transform(k, re, im, length, bins, inverse);
  n.setOutput(
      0, complexPair(k, k.transpose(outRe, back), k.transpose(outIm, back)));
  return success();
}

LogicalResult convertSTFT(NodeContext &n) {
  FailureOr<Value> signal = n.requiredInput(0);
  if (failed(signal))
    return failure();
  KilnBuilder k(n.b);
  auto parts = splitComplex(n, k, *signal);
  if (failed(parts))
    return failure();
  auto [re, im] = *parts;
  if (typeOf(re).getRank() != 2)
    return n.error() << "signal must be [batch, length, 1 or 2]";
  int64_t size = typeOf(re).getDimSize(1);
  FailureOr<double> step = constantScalar(n, 1, 0);
  if (failed(step))
    return failure();
  Value window = n.input(2);
  int64_t frameLength = window ? typeOf(window).getNumElements() : 0;
  if (n.input(3)) {
    FailureOr<double> given = constantScalar(n, 3, 0);
    if (failed(given))
      return failure();
    if (window && static_cast<int64_t>(*given) != frameLength)
      return n.error() << "frame_length and the window's length differ";
    frameLength = static_cast<int64_t>(*given);
  }
  int64_t hop = static_cast<int64_t>(*step);
  if (hop <= 0 || frameLength <= 0 || frameLength > size)
    return n.error() << "frame_step must be positive and frame_length (or "
                        "the window's length) in [1, "
                     << size << "]";
  bool onesided = n.intAttr("onesided", 1) != 0;
  if (onesided && im)
    return n.error() << "onesided needs a real signal";
  int64_t frames = (size - frameLength) / hop + 1;
  SmallVector<int64_t> positions;
  for (int64_t f = 0; f < frames; ++f)
    for (int64_t i = 0; i < frameLength; ++i)
      positions.push_back(f * hop + i);
  auto indexType =
      RankedTensorType::get({frames, frameLength}, n.b.getI64Type());
  Value index = ConstantOp::create(
      n.b, DenseElementsAttr::get(indexType, ArrayRef(positions)));
  auto frame = [&](Value part) {
    if (!part)
      return part;
    Value framed = GatherOp::create(n.b, part, index, /*axis=*/1);
    if (window)
      framed = k.mul(framed, k.cast(window, typeOf(part).getElementType()));
    return framed;
  };
  int64_t bins = onesided ? frameLength / 2 + 1 : frameLength;
  auto [outRe, outIm] =
      transform(k, frame(re), frame(im), frameLength, bins, /*inverse=*/false);
  n.setOutput(0, complexPair(k, outRe, outIm));
  return success();
}

/// MelWeightMatrix of constant inputs, following ONNX's reference: the
/// triangular filters between mel-spaced points rounded to DFT bins.
LogicalResult convertMelWeightMatrix(NodeContext &n) {
  SmallVector<double> in;
  for (int i = 0; i < 5; ++i) {
    FailureOr<double> v = constantScalar(n, i, 0);
    if (failed(v))
      return failure();
    in.push_back(*v);
  }
  int64_t melBins = static_cast<int64_t>(in[0]);
  int64_t dftLength = static_cast<int64_t>(in[1]);
  double sampleRate = in[2], lower = in[3], upper = in[4];
  if (melBins <= 0 || dftLength <= 0 || sampleRate <= 0 || lower < 0 ||
      upper <= lower)
    return n.error() << "needs positive num_mel_bins, dft_length and "
                        "sample_rate and 0 <= lower_edge_hertz < "
                        "upper_edge_hertz";
  Type element =
      convertElementType(n.intAttr("output_datatype", 1), n.b.getContext());
  if (!element || !isa<FloatType>(element))
    return n.error() << "output_datatype must be a floating-point type";
  int64_t spectrumBins = dftLength / 2 + 1;
  auto toMel = [](double hz) { return 2595 * std::log10(1 + hz / 700); };
  double low = toMel(lower), high = toMel(upper);
  double melStep = (high - low) / static_cast<double>(melBins + 2);
  SmallVector<int64_t> points;
  for (int64_t i = 0; i < melBins + 2; ++i) {
    double hz = 700 * (std::pow(10.0, (i * melStep + low) / 2595) - 1);
    points.push_back(
        static_cast<int64_t>(std::floor((dftLength + 1) * hz / sampleRate)));
  }
  SmallVector<double> weights(spectrumBins * melBins, 0.0);
  auto at = [&](int64_t bin, int64_t mel) -> double & {
    return weights[bin * melBins + mel];
  };
  for (int64_t i = 0; i < melBins; ++i) {
    int64_t left = points[i], center = points[i + 1], right = points[i + 2];
    if (left < 0 || right >= spectrumBins + 1 || center >= spectrumBins)
      return n.error() << "the filters reach past the spectrum's "
                       << spectrumBins << " bins";
    if (center == left)
      at(center, i) = 1;
    else
      for (int64_t j = left; j <= center; ++j)
        at(j, i) = static_cast<double>(j - left) / (center - left);
    for (int64_t j = center; j < right; ++j)
      at(j, i) = static_cast<double>(right - j) / (right - center);
  }
  SmallVector<Attribute> attrs;
  for (double w : weights)
    attrs.push_back(FloatAttr::get(element, w));
  auto type = RankedTensorType::get({spectrumBins, melBins}, element);
  n.setOutput(0, ConstantOp::create(n.b, DenseElementsAttr::get(type, attrs)));
  return success();
}

} // namespace

void mlir::kiln::onnx_import::addSpectralConverters(ConverterMap &map) {
  map["DFT"] = convertDFT;
  map["STFT"] = convertSTFT;
  map["MelWeightMatrix"] = convertMelWeightMatrix;
}
