//===- TensorOps.cpp - Data-movement kiln ops to tensor / linalg ----------===//

#include "LoweringUtils.h"
#include "kiln/Conversion/KilnToLinalg.h"
#include "kiln/KilnOps.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Static offsets, sizes and strides as index attributes.
SmallVector<OpFoldResult> indexAttrs(OpBuilder &b, ArrayRef<int64_t> values) {
  return getAsIndexOpFoldResult(b.getContext(), values);
}

struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    rewriter.replaceOp(op, reshapeTensor(rewriter, op.getLoc(),
                                         adaptor.getOperand(),
                                         cast<RankedTensorType>(op.getType())));
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    auto type = cast<RankedTensorType>(op.getType());
    Value init = createEmpty(rewriter, op.getLoc(), type);
    auto transpose = linalg::TransposeOp::create(
        rewriter, op.getLoc(), adaptor.getOperand(), init, op.getPermutation());
    rewriter.replaceOp(op, transpose.getResult());
    return success();
  }
};

struct SliceLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    auto type = cast<RankedTensorType>(op.getType());
    // An empty slice may start at the end of a dimension, which
    // tensor.extract_slice rejects as out of bounds: it reads nothing.
    if (type.getNumElements() == 0) {
      rewriter.replaceOpWithNewOp<tensor::EmptyOp>(op, type.getShape(),
                                                   type.getElementType());
      return success();
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, type, adaptor.getOperand(), indexAttrs(rewriter, op.getStart()),
        indexAttrs(rewriter, type.getShape()),
        indexAttrs(rewriter, op.getStride()));
    return success();
  }
};

/// Each piece is a slice of the operand along `dim`.
struct SplitLowering : OpConversionPattern<SplitOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SplitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    int64_t dim = static_cast<int64_t>(op.getDim());
    auto sourceType = cast<RankedTensorType>(adaptor.getOperand().getType());
    SmallVector<Value> pieces;
    SmallVector<int64_t> offsets(sourceType.getRank(), 0);
    SmallVector<int64_t> strides(sourceType.getRank(), 1);
    for (Value result : op.getResults()) {
      auto type = cast<RankedTensorType>(result.getType());
      if (type.getNumElements() == 0) { // as for an empty slice
        pieces.push_back(tensor::EmptyOp::create(
            rewriter, op.getLoc(), type.getShape(), type.getElementType()));
        continue;
      }
      pieces.push_back(tensor::ExtractSliceOp::create(
          rewriter, op.getLoc(), type, adaptor.getOperand(),
          indexAttrs(rewriter, offsets), indexAttrs(rewriter, type.getShape()),
          indexAttrs(rewriter, strides)));
      offsets[dim] += type.getDimSize(dim);
    }
    rewriter.replaceOp(op, pieces);
    return success();
  }
};

/// Inserts each input into an empty result at its running offset.
struct ConcatLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    int64_t dim = static_cast<int64_t>(op.getDim());
    auto type = cast<RankedTensorType>(op.getType());
    Value result = createEmpty(rewriter, op.getLoc(), type);
    SmallVector<int64_t> offsets(type.getRank(), 0);
    SmallVector<int64_t> strides(type.getRank(), 1);
    for (Value input : adaptor.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      result = tensor::InsertSliceOp::create(
          rewriter, op.getLoc(), input, result, indexAttrs(rewriter, offsets),
          indexAttrs(rewriter, inputType.getShape()),
          indexAttrs(rewriter, strides));
      offsets[dim] += inputType.getDimSize(dim);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct PadLowering : OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Value padValue =
        arith::ConstantOp::create(rewriter, op.getLoc(), op.getValue());
    rewriter.replaceOpWithNewOp<tensor::PadOp>(
        op, op.getType(), adaptor.getOperand(),
        indexAttrs(rewriter, op.getLow()), indexAttrs(rewriter, op.getHigh()),
        padValue);
    return success();
  }
};

/// A generic over the result whose indices operand is read through a map
/// and whose data is read with tensor.extract at the gathered position;
/// negative indices wrap once, as numpy.take does.
struct GatherLowering : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto dataType = cast<RankedTensorType>(data.getType());
    auto indicesType = cast<RankedTensorType>(indices.getType());
    auto type = cast<RankedTensorType>(op.getType());
    int64_t axis = static_cast<int64_t>(op.getAxis());
    int64_t indexRank = indicesType.getRank();
    MLIRContext *context = rewriter.getContext();

    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < indexRank; ++i)
      indexExprs.push_back(getAffineDimExpr(axis + i, context));
    SmallVector<AffineMap> maps = {
        AffineMap::get(type.getRank(), 0, indexExprs, context),
        rewriter.getMultiDimIdentityMap(type.getRank())};
    SmallVector<utils::IteratorType> iterators(type.getRank(),
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{indices},
        ValueRange{createEmpty(rewriter, loc, type)}, maps, iterators,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value index = toPosition(b, nestedLoc, args[0],
                                   dataType.getDimSize(axis), /*clamp=*/false);
          SmallVector<Value> position;
          for (int64_t d = 0; d < dataType.getRank(); ++d) {
            if (d == axis)
              position.push_back(index);
            else
              position.push_back(linalg::IndexOp::create(
                  b, nestedLoc, d < axis ? d : d + indexRank - 1));
          }
          Value element =
              tensor::ExtractOp::create(b, nestedLoc, data, position);
          linalg::YieldOp::create(b, nestedLoc, element);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// One generic over the indices: each element reads data at its own
/// position with the axis coordinate replaced by the (clamped) index.
struct GatherElementsLowering : OpConversionPattern<GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto dataType = cast<RankedTensorType>(data.getType());
    auto type = cast<RankedTensorType>(op.getType());
    int64_t axis = static_cast<int64_t>(op.getAxis());
    int64_t rank = type.getRank();
    SmallVector<AffineMap> maps(2, rewriter.getMultiDimIdentityMap(rank));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{indices},
        ValueRange{createEmpty(rewriter, loc, type)}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value index = toPosition(b, l, args[0], dataType.getDimSize(axis),
                                   /*clamp=*/true);
          SmallVector<Value> position;
          for (int64_t d = 0; d < rank; ++d)
            position.push_back(d == axis ? index
                                         : linalg::IndexOp::create(b, l, d));
          linalg::YieldOp::create(
              b, l,
              tensor::ExtractOp::create(b, l, data, position).getResult());
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::kiln::populateTensorOpsToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<ReshapeLowering, TransposeLowering, SliceLowering, SplitLowering,
           ConcatLowering, PadLowering, GatherLowering, GatherElementsLowering>(
          patterns.getContext());
}
