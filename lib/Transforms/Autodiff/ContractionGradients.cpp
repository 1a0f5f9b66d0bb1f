//===- ContractionGradients.cpp - dot, conv2d and pooling rules -----------===//
//
// Each adjoint is again a kiln contraction, so the backward pass uses the
// same tuned lowerings as the forward one: dot's adjoints are dots, a
// convolution's input adjoint is the convolution of the dilated, padded
// output adjoint with the flipped, transposed filter, and its filter
// adjoint is a convolution of the input with the output adjoint (strides
// and dilations trade places).
//
//===----------------------------------------------------------------------===//

#include "GradientRules.h"

#include "llvm/ADT/TypeSwitch.h"

#include <limits>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::autodiff;

namespace {

SmallVector<int64_t> complement(int64_t rank, ArrayRef<int64_t> a,
                                ArrayRef<int64_t> b) {
  SmallVector<int64_t> rest;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(a, d) && !llvm::is_contained(b, d))
      rest.push_back(d);
  return rest;
}

SmallVector<int64_t> range(int64_t begin, int64_t count) {
  return llvm::to_vector(llvm::seq<int64_t>(begin, begin + count));
}

/// The adjoint of one dot operand: the product of g with the other
/// operand, contracting the other operand's free dimensions, transposed
/// into the operand's layout. `self*` describe the operand, `other*` the
/// other one and `gOtherFree` the positions in g of the other operand's
/// free dimensions. The product keeps the operands' order (g first for
/// lhs, second for rhs), so a plain matmul's adjoints need no transpose.
Value dotOperandGradient(KilnBuilder &k, Value g, Value other, bool selfIsLhs,
                         int64_t selfRank, ArrayRef<int64_t> selfBatch,
                         ArrayRef<int64_t> selfContract,
                         ArrayRef<int64_t> otherBatch,
                         ArrayRef<int64_t> otherContract,
                         ArrayRef<int64_t> gOtherFree) {
  int64_t otherRank = typeOf(other).getRank();
  SmallVector<int64_t> otherFree =
      complement(otherRank, otherBatch, otherContract);
  int64_t batch = selfBatch.size();
  SmallVector<int64_t> gBatch = range(0, batch);
  // The other operand's remaining (contracting) dims, in its order.
  SmallVector<int64_t> remaining = complement(otherRank, otherBatch, otherFree);
  SmallVector<int64_t> selfFree = complement(selfRank, selfBatch, selfContract);
  Value product =
      selfIsLhs ? k.dot(g, other, gBatch, otherBatch, gOtherFree, otherFree)
                : k.dot(other, g, otherBatch, gBatch, otherFree, gOtherFree);
  int64_t freeBase = batch + (selfIsLhs ? 0 : remaining.size());
  int64_t contractBase = batch + (selfIsLhs ? selfFree.size() : 0);
  SmallVector<int64_t> permutation(selfRank);
  for (auto [j, d] : llvm::enumerate(selfBatch))
    permutation[d] = static_cast<int64_t>(j);
  for (auto [i, d] : llvm::enumerate(selfFree))
    permutation[d] = freeBase + static_cast<int64_t>(i);
  for (auto [c, d] : llvm::enumerate(selfContract)) {
    int64_t rank = llvm::find(remaining, otherContract[c]) - remaining.begin();
    permutation[d] = contractBase + rank;
  }
  return k.transpose(product, permutation);
}

Adjoints dotGradient(DotOp op, Value g, KilnBuilder &k) {
  DotDimensionsAttr dims = op.getDimensions();
  int64_t lhsRank = typeOf(op.getLhs()).getRank();
  int64_t rhsRank = typeOf(op.getRhs()).getRank();
  int64_t batch = dims.getLhsBatchDims().size();
  int64_t lhsFree = lhsRank - batch - dims.getLhsContractingDims().size();
  int64_t rhsFree = rhsRank - batch - dims.getRhsContractingDims().size();
  SmallVector<int64_t> gLhsFree = range(batch, lhsFree);
  SmallVector<int64_t> gRhsFree = range(batch + lhsFree, rhsFree);
  Value dl = dotOperandGradient(
      k, g, op.getRhs(), /*selfIsLhs=*/true, lhsRank, dims.getLhsBatchDims(),
      dims.getLhsContractingDims(), dims.getRhsBatchDims(),
      dims.getRhsContractingDims(), gRhsFree);
  Value dr = dotOperandGradient(
      k, g, op.getLhs(), /*selfIsLhs=*/false, rhsRank, dims.getRhsBatchDims(),
      dims.getRhsContractingDims(), dims.getLhsBatchDims(),
      dims.getLhsContractingDims(), gLhsFree);
  return {dl, dr};
}

Adjoints convGradient(Conv2DOp op, Value g, KilnBuilder &k) {
  Value x = op.getInput(), w = op.getFilter();
  auto xShape = typeOf(x).getShape(), wShape = typeOf(w).getShape();
  auto gShape = typeOf(g).getShape();
  int64_t n = xShape[0], channels = xShape[1];
  int64_t filters = wShape[0], groupChannels = wShape[1];
  int64_t groups = static_cast<int64_t>(op.getGroups());
  ArrayRef<int64_t> stride = op.getStrides(), pad = op.getPadding(),
                    dilation = op.getDilations();
  ImplicitLocOpBuilder &b = k.builder();

  // Input: full correlation of the dilated g with the flipped filter, its
  // [F, C/G] blocks transposed to [C, F/G] per group.
  Value spread = dilate(k, g, {1, 1, stride[0], stride[1]});
  SmallVector<int64_t> low{0, 0}, high{0, 0};
  for (int d = 0; d < 2; ++d) {
    low.push_back((wShape[2 + d] - 1) * dilation[d] - pad[d]);
    high.push_back(xShape[2 + d] + pad[d] - (gShape[2 + d] - 1) * stride[d] -
                   1);
  }
  Value padded = k.padOrCrop(spread, low, high);
  Value flipped = reverse(k, reverse(k, w, 2), 3);
  Value blocks = k.reshape(
      flipped, {groups, filters / groups, groupChannels, wShape[2], wShape[3]});
  Value swapped = k.reshape(k.transpose(blocks, {0, 2, 1, 3, 4}),
                            {channels, filters / groups, wShape[2], wShape[3]});
  Value dx =
      Conv2DOp::create(b, padded, swapped, b.getDenseI64ArrayAttr({1, 1}),
                       b.getDenseI64ArrayAttr({0, 0, 0, 0}),
                       op.getDilationsAttr(), op.getGroupsAttr());

  // Filter: images become channels ([C/G, G*N, H, W]) and g the filter
  // ([F, N, OH, OW]); the window offset is the output.
  Value images = k.reshape(x, {n, groups, groupChannels, xShape[2], xShape[3]});
  images = k.reshape(k.transpose(images, {2, 1, 0, 3, 4}),
                     {groupChannels, groups * n, xShape[2], xShape[3]});
  Value gFilter = k.transpose(g, {1, 0, 2, 3});
  Value windows = Conv2DOp::create(b, images, gFilter, op.getDilationsAttr(),
                                   op.getPaddingAttr(), op.getStridesAttr(),
                                   op.getGroupsAttr());
  auto windowShape = typeOf(windows).getShape();
  windows = k.slice(windows, {0, 0, 0, 0},
                    {windowShape[0], windowShape[1], wShape[2], wShape[3]},
                    {1, 1, 1, 1});
  Value dw = k.transpose(windows, {1, 0, 2, 3});
  return {dx, dw};
}

/// Sums, over the window offsets (i, j), the [N, C, OH, OW] adjoint
/// `contribution(i, j)` scattered to the input positions that offset
/// reads, then crops the padding.
template <typename ContributionFn>
Value scatterWindows(KilnBuilder &k, RankedTensorType inputType,
                     ArrayRef<int64_t> window, ArrayRef<int64_t> stride,
                     ArrayRef<int64_t> pad, ArrayRef<int64_t> outShape,
                     ContributionFn contribution) {
  auto shape = inputType.getShape();
  int64_t paddedH = shape[2] + pad[0] + pad[2];
  int64_t paddedW = shape[3] + pad[1] + pad[3];
  Value sum;
  for (int64_t i = 0; i < window[0]; ++i) {
    for (int64_t j = 0; j < window[1]; ++j) {
      Value part = contribution(i, j);
      if (!part)
        continue;
      Value spread = dilate(k, part, {1, 1, stride[0], stride[1]});
      int64_t spanH = (outShape[2] - 1) * stride[0] + 1;
      int64_t spanW = (outShape[3] - 1) * stride[1] + 1;
      Value placed =
          k.padOrCrop(spread, {0, 0, i, j},
                      {0, 0, paddedH - i - spanH, paddedW - j - spanW});
      sum = sum ? k.add(sum, placed) : placed;
    }
  }
  return k.slice(sum, {0, 0, pad[0], pad[1]},
                 {shape[0], shape[1], pad[0] + shape[2], pad[1] + shape[3]},
                 {1, 1, 1, 1});
}

/// The input elements one window offset reads, [N, C, OH, OW].
Value windowElements(KilnBuilder &k, Value padded, int64_t i, int64_t j,
                     ArrayRef<int64_t> stride, ArrayRef<int64_t> outShape) {
  auto shape = typeOf(padded).getShape();
  return k.slice(padded, {0, 0, i, j},
                 {shape[0], shape[1], i + (outShape[2] - 1) * stride[0] + 1,
                  j + (outShape[3] - 1) * stride[1] + 1},
                 {1, 1, stride[0], stride[1]});
}

/// The adjoint goes to the first maximum of each window in row-major order,
/// the element torch's max_pool2d returns as its index.
Value maxPoolGradient(MaxPool2DOp op, Value g, KilnBuilder &k) {
  Value x = op.getInput(), y = op.getResult();
  auto type = typeOf(x);
  ArrayRef<int64_t> pad = op.getPadding(), stride = op.getStrides();
  Value padded = k.pad(x, {0, 0, pad[0], pad[1]}, {0, 0, pad[2], pad[3]},
                       -std::numeric_limits<double>::infinity());
  auto outShape = typeOf(y).getShape();
  Value taken;
  Value one = k.scalarLike(x, 1.0);
  return scatterWindows(
      k, type, op.getWindow(), stride, pad, outShape,
      [&](int64_t i, int64_t j) {
        Value elements = windowElements(k, padded, i, j, stride, outShape);
        Value hit = k.cast(k.compare(CompareDirection::eq, elements, y),
                           type.getElementType());
        Value first = taken ? k.mul(hit, k.sub(one, taken)) : hit;
        taken = taken ? k.add(taken, first) : first;
        return k.mul(g, first);
      });
}

/// Every element of a window gets g / (the window's count of non-padding
/// elements).
Value avgPoolGradient(AvgPool2DOp op, Value g, KilnBuilder &k) {
  auto type = typeOf(op.getInput());
  ArrayRef<int64_t> window = op.getWindow(), stride = op.getStrides(),
                    pad = op.getPadding();
  auto outShape = typeOf(g).getShape();
  auto covered = [&](int64_t out, int d) {
    int64_t begin = out * stride[d] - pad[d];
    int64_t end = begin + window[d];
    return std::min(end, type.getDimSize(2 + d)) - std::max<int64_t>(begin, 0);
  };
  SmallVector<double> counts;
  for (int64_t oh = 0; oh < outShape[2]; ++oh)
    for (int64_t ow = 0; ow < outShape[3]; ++ow)
      counts.push_back(double(covered(oh, 0) * covered(ow, 1)));
  auto countType =
      RankedTensorType::get({outShape[2], outShape[3]}, type.getElementType());
  SmallVector<Attribute> elements;
  for (double c : counts)
    elements.push_back(k.builder().getFloatAttr(type.getElementType(), c));
  Value count = ConstantOp::create(k.builder(),
                                   DenseElementsAttr::get(countType, elements));
  Value share = k.div(g, count);
  return scatterWindows(k, type, window, stride, pad, outShape,
                        [&](int64_t, int64_t) { return share; });
}

} // namespace

std::optional<Adjoints> autodiff::contractionGradient(Operation *op,
                                                      ValueRange results,
                                                      KilnBuilder &k) {
  Value g = results.front();
  return TypeSwitch<Operation *, std::optional<Adjoints>>(op)
      .Case([&](DotOp dot) { return dotGradient(dot, g, k); })
      .Case([&](Conv2DOp conv) { return convGradient(conv, g, k); })
      .Case([&](MaxPool2DOp pool) { return only(maxPoolGradient(pool, g, k)); })
      .Case([&](AvgPool2DOp pool) { return only(avgPoolGradient(pool, g, k)); })
      .Default([](Operation *) { return std::nullopt; });
}
