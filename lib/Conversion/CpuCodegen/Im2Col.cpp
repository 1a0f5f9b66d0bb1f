//===- Im2Col.cpp - The --kiln-im2col pass --------------------------------===//
//
// A 2-D convolution, grouped or not, as a copy of the input's windows and a
// batched matrix product:
//
//   col[n, g, c, kh, kw, oh, ow] = in[n, g, c, oh*sh + kh*dh, ow*sw + kw*dw]
//   out[(n, g), f, (oh, ow)]    += w[g, f, (c, kh, kw)] * col[(n, g), (c, kh, kw), (oh, ow)]
//
// Upstream's rewriteInIm2Col computes each column element with index
// divisions and a tensor.extract (a gather per element) and takes no groups;
// here the copy is a linalg.generic whose input map is the convolution's own
// affine access, so its innermost loop is a unit-stride (or strided) row copy
// that vectorizes, and grouped convolutions become a batched product.
//
//===----------------------------------------------------------------------===//

#include "kiln/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_IM2COLPASS
#include "kiln/Conversion/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

/// Output channels per group below which the product's rows would mostly
/// be empty register-block rows (a depthwise convolution has one): such
/// convolutions keep their direct loops.
constexpr int64_t kMinChannelsPerGroup = 4;

/// The operands of a convolution seen as grouped, NGCHW x GFCHW -> NGFHW.
struct GroupedConv {
  Value input, filter, init;
  int64_t strides[2], dilations[2];
};

int64_t dim(Value value, unsigned index) {
  return cast<RankedTensorType>(value.getType()).getDimSize(index);
}

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

/// B[(n, g), (c, kh, kw), (oh, ow)]: the copy of the input's windows,
/// col[n, g, c, kh, kw, oh, ow], read through the convolution's access map.
Value emitColumns(OpBuilder &b, Location loc, const GroupedConv &conv) {
  MLIRContext *context = b.getContext();
  int64_t n = dim(conv.input, 0), groups = dim(conv.input, 1),
          channels = dim(conv.input, 2);
  int64_t kh = dim(conv.filter, 3), kw = dim(conv.filter, 4);
  int64_t oh = dim(conv.init, 3), ow = dim(conv.init, 4);
  AffineExpr d[7];
  bindDimsList(context, MutableArrayRef<AffineExpr>(d));
  AffineMap inputMap = AffineMap::get(
      7, 0,
      {d[0], d[1], d[2], d[5] * conv.strides[0] + d[3] * conv.dilations[0],
       d[6] * conv.strides[1] + d[4] * conv.dilations[1]},
      context);
  SmallVector<int64_t> colShape = {n, groups, channels, kh, kw, oh, ow};
  Value colInit = tensor::EmptyOp::create(b, loc, colShape, b.getF32Type());
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
  return tensor::CollapseShapeOp::create(
      b, loc, col, ArrayRef<ReassociationIndices>{{0, 1}, {2, 3, 4}, {5, 6}});
}

/// Emits the im2col copy and the batched product; returns the result in
/// NGFHW.
Value emitIm2ColProduct(OpBuilder &b, Location loc, const GroupedConv &conv) {
  Type f32 = b.getF32Type();
  int64_t n = dim(conv.input, 0), groups = dim(conv.input, 1),
          channels = dim(conv.input, 2);
  int64_t filters = dim(conv.filter, 1), kh = dim(conv.filter, 3),
          kw = dim(conv.filter, 4);
  int64_t oh = dim(conv.init, 3), ow = dim(conv.init, 4);
  int64_t depth = channels * kh * kw, pixels = oh * ow;
  // A 1x1 window with unit strides reads the input as it lies: its
  // columns are the input itself, B[(n, g), c, (h, w)].
  Value rhs =
      kh == 1 && kw == 1 && conv.strides[0] == 1 && conv.strides[1] == 1
          ? tensor::CollapseShapeOp::create(
                b, loc, conv.input,
                ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3, 4}})
                .getResult()
          : emitColumns(b, loc, conv);
  // A[(n, g), f, (c, kh, kw)]: the filter, repeated per batch element when
  // there are several (it is small next to the columns).
  Value lhs = tensor::CollapseShapeOp::create(
      b, loc, conv.filter, ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3, 4}});
  if (n > 1) {
    Value repeated =
        tensor::EmptyOp::create(b, loc, {n, groups, filters, depth}, f32);
    lhs = linalg::BroadcastOp::create(b, loc, lhs, repeated,
                                      ArrayRef<int64_t>{0})
              .getResult()[0];
    lhs = tensor::CollapseShapeOp::create(
        b, loc, lhs, ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}});
  }
  // C[(n, g), f, (oh, ow)], accumulating into the convolution's init.
  Value acc = tensor::CollapseShapeOp::create(
      b, loc, conv.init, ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3, 4}});
  auto accType = RankedTensorType::get({n * groups, filters, pixels}, f32);
  Value product = linalg::BatchMatmulOp::create(b, loc, TypeRange{accType},
                                                ValueRange{lhs, rhs},
                                                ValueRange{acc})
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
        result = tensor::CollapseShapeOp::create(
            b, loc, emitIm2ColProduct(b, loc, conv),
            ArrayRef<ReassociationIndices>{{0}, {1, 2}, {3}, {4}});
      } else {
        auto grouped = cast<linalg::Conv2DNgchwGfchwOp>(op);
        conv.input = linalgOp.getDpsInputs()[0];
        conv.filter = linalgOp.getDpsInputs()[1];
        conv.init = linalgOp.getDpsInits()[0];
        readAttributes(grouped.getStrides(), grouped.getDilations(), conv);
        result = emitIm2ColProduct(b, loc, conv);
      }
      op->getResult(0).replaceAllUsesWith(result);
      op->erase();
    }
  }
};

} // namespace
