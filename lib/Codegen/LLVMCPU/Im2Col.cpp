//===- Im2Col.cpp - The --kiln-im2col pass --------------------------------===//
//
// A 2-D convolution, grouped or not, as a copy of the input's windows and a
// batched matrix product:
//
//   col[n, g, c, kh, kw, oh, ow] = in[n, g, c, oh*sh + kh*dh, ow*sw + kw*dw]
//   out[(n, g), f, (oh, ow)]    += w[g, f, (c, kh, kw)] * col[(n, g), (c, kh,
//   kw), (oh, ow)]
//
// Upstream's rewriteInIm2Col computes each column element with index
// divisions and a tensor.extract (a gather per element) and takes no groups;
// here the copy is a linalg.generic whose input map is the convolution's own
// affine access, so its innermost loop is a unit-stride (or strided) row copy
// that vectorizes, and grouped convolutions become a batched product.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/LLVMCPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_IM2COLPASS
#include "kiln/Codegen/LLVMCPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

/// Output channels per group below which the product's rows would mostly
/// be empty register-block rows (a depthwise convolution has one): such
/// convolutions keep their direct loops.
constexpr int64_t kMinChannelsPerGroup = 4;

int64_t dim(Value value, unsigned index) {
  return cast<RankedTensorType>(value.getType()).getDimSize(index);
}

/// The operands of a convolution seen as grouped, NGCHW x GFCHW -> NGFHW,
/// and the sizes read from them.
struct GroupedConv {
  Value input, filter, init;
  int64_t strides[2], dilations[2];
  int64_t n, groups, channels, filters, kh, kw, oh, ow;

  /// Reads the sizes once the three operands are set.
  void readSizes() {
    n = dim(input, 0);
    groups = dim(input, 1);
    channels = dim(input, 2);
    filters = dim(filter, 1);
    kh = dim(filter, 3);
    kw = dim(filter, 4);
    oh = dim(init, 3);
    ow = dim(init, 4);
  }
  int64_t depth() const { return channels * kh * kw; }
  int64_t pixels() const { return oh * ow; }
};

/// Inserts a unit dimension at `position` (a group of one).
Value insertUnitDim(OpBuilder &b, Location loc, Value value,
                    unsigned position) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape.insert(shape.begin() + position, 1);
  SmallVector<ReassociationIndices> groups;
  for (unsigned i = 0, j = 0; i < type.getRank(); ++i) {
    ReassociationIndices group;
    if (i == position)
      group.push_back(j++);
    group.push_back(j++);
    groups.push_back(group);
  }
  return tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), value,
      groups);
}

void readAttributes(DenseIntElementsAttr strides,
                    DenseIntElementsAttr dilations, GroupedConv &conv) {
  for (auto [i, v] : llvm::enumerate(strides.getValues<int64_t>()))
    conv.strides[i] = v;
  for (auto [i, v] : llvm::enumerate(dilations.getValues<int64_t>()))
    conv.dilations[i] = v;
}

/// The copy of the input's windows, read through the convolution's access
/// map: col[n, g, c, kh, kw, oh, ow] collapsed to B[(n, g), (c, kh, kw),
/// (oh, ow)], or with `pixelMajor` col^T[n, g, oh, ow, c, kh, kw] collapsed
/// to A[(n, g), (oh, ow), (c, kh, kw)].
Value emitWindowCopy(OpBuilder &b, Location loc, const GroupedConv &conv,
                     bool pixelMajor) {
  // Loop `order[i]` of the copy is the i-th of (n, g, c, kh, kw, oh, ow).
  SmallVector<unsigned> order =
      pixelMajor ? SmallVector<unsigned>{0, 1, 5, 6, 2, 3, 4}
                 : SmallVector<unsigned>{0, 1, 2, 3, 4, 5, 6};
  int64_t sizes[7] = {conv.n,  conv.groups, conv.channels, conv.kh,
                      conv.kw, conv.oh,     conv.ow};
  AffineExpr d[7];
  SmallVector<int64_t> shape;
  for (auto [loop, logical] : llvm::enumerate(order)) {
    d[logical] = getAffineDimExpr(loop, b.getContext());
    shape.push_back(sizes[logical]);
  }
  AffineMap inputMap = AffineMap::get(
      7, 0,
      {d[0], d[1], d[2], d[5] * conv.strides[0] + d[3] * conv.dilations[0],
       d[6] * conv.strides[1] + d[4] * conv.dilations[1]},
      b.getContext());
  Value colInit = tensor::EmptyOp::create(b, loc, shape, b.getF32Type());
  Value col =
      linalg::GenericOp::create(
          b, loc, TypeRange{colInit.getType()}, ValueRange{conv.input},
          ValueRange{colInit},
          ArrayRef<AffineMap>{inputMap, b.getMultiDimIdentityMap(7)},
          SmallVector<utils::IteratorType>(7, utils::IteratorType::parallel),
          [](OpBuilder &nb, Location nloc, ValueRange args) {
            linalg::YieldOp::create(nb, nloc, args[0]);
          })
          .getResult(0);
  SmallVector<ReassociationIndices> collapse =
      pixelMajor ? SmallVector<ReassociationIndices>{{0, 1}, {2, 3}, {4, 5, 6}}
                 : SmallVector<ReassociationIndices>{{0, 1}, {2, 3, 4}, {5, 6}};
  return tensor::CollapseShapeOp::create(b, loc, col, collapse);
}

/// A per-group operand [G, rows, cols] as [(n, g), rows, cols]: repeated
/// for each of `n` images (it is small next to the columns).
Value repeatPerImage(OpBuilder &b, Location loc, Value perGroup, int64_t n) {
  if (n == 1)
    return perGroup;
  auto type = cast<RankedTensorType>(perGroup.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape.insert(shape.begin(), n);
  Value repeated =
      tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  Value broadcast = linalg::BroadcastOp::create(b, loc, perGroup, repeated,
                                                ArrayRef<int64_t>{0})
                        .getResult()[0];
  return tensor::CollapseShapeOp::create(
      b, loc, broadcast, ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}});
}

/// Skips reshapes that keep the row-major order of the data.
Value skipReshapes(Value value) {
  while (true) {
    if (auto expand = value.getDefiningOp<tensor::ExpandShapeOp>())
      value = expand.getSrc();
    else if (auto collapse = value.getDefiningOp<tensor::CollapseShapeOp>())
      value = collapse.getSrc();
    else
      return value;
  }
}

/// The f32 elements of a constant filter (dense or a resource blob).
std::optional<SmallVector<float>> getConstantData(Value value) {
  Attribute attr;
  if (!matchPattern(skipReshapes(value), m_Constant(&attr)))
    return std::nullopt;
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    if (!dense.getElementType().isF32())
      return std::nullopt;
    return SmallVector<float>(dense.getValues<float>());
  }
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr))
    if (std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef())
      return SmallVector<float>(*data);
  return std::nullopt;
}

/// Whether `init` is a fill of +0.0 (seen through reshapes).
bool isZeroFilled(Value init) {
  auto fill = skipReshapes(init).getDefiningOp<linalg::FillOp>();
  return fill && matchPattern(fill.getInputs()[0], m_PosZeroFloat());
}

/// The product with pixels as rows, for convolutions with fewer output
/// pixels than filters (a late ResNet stage: 7x7 pixels, 512 filters):
///
///   out^T[(n, g), (oh, ow), f] = col^T[(n, g), (oh, ow), (c, kh, kw)] W^T[g,
///   (c, kh, kw), f]
///
/// With pixels as columns the GEMM's register blocks would cover 49 of 64
/// lanes and each packed filter row would serve only 49 columns; this way
/// the filters fill the vector lanes. W^T is computed here from the
/// constant filter; the result is transposed back into the (zero) init.
Value emitPixelMajorProduct(OpBuilder &b, Location loc, const GroupedConv &conv,
                            ArrayRef<float> filterData) {
  Type f32 = b.getF32Type();
  int64_t groups = conv.groups, filters = conv.filters, depth = conv.depth();
  Value lhs = emitWindowCopy(b, loc, conv, /*pixelMajor=*/true);

  // W^T[g, k, f], a new constant (kept as a blob like the weights).
  SmallVector<float> transposed(filterData.size());
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t f = 0; f < filters; ++f)
      for (int64_t k = 0; k < depth; ++k)
        transposed[(g * depth + k) * filters + f] =
            filterData[(g * filters + f) * depth + k];
  auto rhsType = RankedTensorType::get({groups, depth, filters}, f32);
  Value rhs = arith::ConstantOp::create(
      b, loc, rhsType,
      DenseResourceElementsAttr::get(
          rhsType, "kiln_filter_transposed",
          HeapAsmResourceBlob::allocateAndCopyInferAlign(
              ArrayRef<float>(transposed))));
  rhs = repeatPerImage(b, loc, rhs, conv.n);

  auto productType =
      RankedTensorType::get({conv.n * groups, conv.pixels(), filters}, f32);
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  Value productInit =
      linalg::FillOp::create(b, loc, zero,
                             ValueRange{tensor::EmptyOp::create(
                                 b, loc, productType.getShape(), f32)})
          .getResult(0);
  Value product = linalg::BatchMatmulOp::create(b, loc, TypeRange{productType},
                                                ValueRange{lhs, rhs},
                                                ValueRange{productInit})
                      .getResult(0);
  // Back to [(n, g), f, (oh, ow)], written over the zero init.
  Value out = tensor::CollapseShapeOp::create(
      b, loc, conv.init, ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3, 4}});
  Value back = linalg::TransposeOp::create(b, loc, product, out,
                                           ArrayRef<int64_t>{0, 2, 1})
                   .getResult()[0];
  return tensor::ExpandShapeOp::create(
      b, loc, conv.init.getType(), back,
      ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3, 4}});
}

/// Emits the im2col copy and the batched product; returns the result in
/// NGFHW.
Value emitIm2ColProduct(OpBuilder &b, Location loc, const GroupedConv &conv) {
  if (conv.pixels() < conv.filters && isZeroFilled(conv.init))
    if (std::optional<SmallVector<float>> data = getConstantData(conv.filter))
      return emitPixelMajorProduct(b, loc, conv, *data);
  // A 1x1 window with unit strides reads the input as it lies: its
  // columns are the input itself, B[(n, g), c, (h, w)].
  Value rhs = conv.kh == 1 && conv.kw == 1 && conv.strides[0] == 1 &&
                      conv.strides[1] == 1
                  ? tensor::CollapseShapeOp::create(
                        b, loc, conv.input,
                        ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3, 4}})
                        .getResult()
                  : emitWindowCopy(b, loc, conv, /*pixelMajor=*/false);
  // A[(n, g), f, (c, kh, kw)]: the filter, repeated per image.
  Value lhs =
      repeatPerImage(b, loc,
                     tensor::CollapseShapeOp::create(
                         b, loc, conv.filter,
                         ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3, 4}}),
                     conv.n);
  // C[(n, g), f, (oh, ow)], accumulating into the convolution's init.
  Value acc = tensor::CollapseShapeOp::create(
      b, loc, conv.init, ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3, 4}});
  auto accType = RankedTensorType::get(
      {conv.n * conv.groups, conv.filters, conv.pixels()}, b.getF32Type());
  Value product =
      linalg::BatchMatmulOp::create(b, loc, TypeRange{accType},
                                    ValueRange{lhs, rhs}, ValueRange{acc})
          .getResult(0);
  return tensor::ExpandShapeOp::create(
      b, loc, conv.init.getType(), product,
      ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3, 4}});
}

/// Whether the rewrite applies: static f32 tensors, and enough output
/// channels per group to fill register blocks.
bool isCandidate(linalg::LinalgOp conv, int64_t filtersPerGroup) {
  auto type = dyn_cast<RankedTensorType>(conv->getResult(0).getType());
  return conv.hasPureTensorSemantics() && type && type.hasStaticShape() &&
         type.getElementType().isF32() &&
         llvm::all_of(conv->getOperandTypes(),
                      [](Type t) {
                        auto ranked = dyn_cast<RankedTensorType>(t);
                        return ranked && ranked.hasStaticShape();
                      }) &&
         filtersPerGroup >= kMinChannelsPerGroup;
}

struct Im2ColPass : kiln::impl::Im2ColPassBase<Im2ColPass> {
  void runOnOperation() override {
    SmallVector<Operation *> convolutions;
    getOperation()->walk([&](Operation *op) {
      if (auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op)) {
        if (isCandidate(conv, dim(conv.getInputs()[1], 0)))
          convolutions.push_back(op);
      } else if (auto conv = dyn_cast<linalg::Conv2DNgchwGfchwOp>(op)) {
        if (isCandidate(conv, dim(conv.getInputs()[1], 1)))
          convolutions.push_back(op);
      }
    });
    OpBuilder b(&getContext());
    for (Operation *op : convolutions) {
      b.setInsertionPoint(op);
      Location loc = op->getLoc();
      auto linalgOp = cast<linalg::LinalgOp>(op);
      GroupedConv conv;
      Value result;
      if (auto plain = dyn_cast<linalg::Conv2DNchwFchwOp>(op)) {
        // One group: NCHW -> N1CHW, FCHW -> 1FCHW, NFHW -> N1FHW.
        conv.input = insertUnitDim(b, loc, linalgOp.getDpsInputs()[0], 1);
        conv.filter = insertUnitDim(b, loc, linalgOp.getDpsInputs()[1], 0);
        conv.init = insertUnitDim(b, loc, linalgOp.getDpsInits()[0], 1);
        readAttributes(plain.getStrides(), plain.getDilations(), conv);
        conv.readSizes();
        result = tensor::CollapseShapeOp::create(
            b, loc, emitIm2ColProduct(b, loc, conv),
            ArrayRef<ReassociationIndices>{{0}, {1, 2}, {3}, {4}});
      } else {
        auto grouped = cast<linalg::Conv2DNgchwGfchwOp>(op);
        conv.input = linalgOp.getDpsInputs()[0];
        conv.filter = linalgOp.getDpsInputs()[1];
        conv.init = linalgOp.getDpsInits()[0];
        readAttributes(grouped.getStrides(), grouped.getDilations(), conv);
        conv.readSizes();
        result = emitIm2ColProduct(b, loc, conv);
      }
      op->getResult(0).replaceAllUsesWith(result);
      op->erase();
    }
  }
};

} // namespace
