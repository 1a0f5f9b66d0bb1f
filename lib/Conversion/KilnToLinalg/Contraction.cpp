//===- Contraction.cpp - dot, conv2d and pooling to linalg ----------------===//

#include "LoweringUtils.h"
#include "kiln/Conversion/KilnToLinalg.h"
#include "kiln/KilnOps.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <numeric>

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// A zero-filled accumulator of `type`.
Value createZeros(OpBuilder &b, Location loc, RankedTensorType type) {
  return createFilled(b, loc, type, getScalarAttr(type.getElementType(), 0));
}

/// The indexing map of one dot operand over the loops
/// [batch..., lhs free..., rhs free..., contracting...].
AffineMap dotOperandMap(int64_t rank, ArrayRef<int64_t> batch,
                        ArrayRef<int64_t> contract, int64_t freeOffset,
                        int64_t contractOffset, int64_t numLoops,
                        MLIRContext *context) {
  SmallVector<AffineExpr> exprs;
  int64_t free = 0;
  for (int64_t d = 0; d < rank; ++d) {
    const auto *b = llvm::find(batch, d);
    const auto *c = llvm::find(contract, d);
    int64_t loop;
    if (b != batch.end())
      loop = b - batch.begin();
    else if (c != contract.end())
      loop = contractOffset + (c - contract.begin());
    else
      loop = freeOffset + free++;
    exprs.push_back(getAffineDimExpr(loop, context));
  }
  return AffineMap::get(numLoops, 0, exprs, context);
}

/// `value` with its dimensions permuted (result dim i = operand dim
/// permutation[i]); `value` itself for the identity.
Value transposeTensor(OpBuilder &b, Location loc, Value value,
                      ArrayRef<int64_t> permutation) {
  if (llvm::equal(permutation, llvm::seq<int64_t>(0, permutation.size())))
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (int64_t d : permutation)
    shape.push_back(type.getDimSize(d));
  return linalg::TransposeOp::create(
             b, loc, value, createEmpty(b, loc, type.clone(shape)), permutation)
      .getResult()[0];
}

/// A dot operand's dimension groups in matmul order: [batch, free,
/// contracting] for the lhs, [batch, contracting, free] for the rhs.
using DimGroups = std::array<SmallVector<int64_t>, 3>;

DimGroups matmulGroups(DotDimensionsAttr dims, int64_t rank, bool isLhs) {
  ArrayRef<int64_t> batch =
      isLhs ? dims.getLhsBatchDims() : dims.getRhsBatchDims();
  ArrayRef<int64_t> contract =
      isLhs ? dims.getLhsContractingDims() : dims.getRhsContractingDims();
  SmallVector<int64_t> free;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(batch, d) && !llvm::is_contained(contract, d))
      free.push_back(d);
  SmallVector<int64_t> b(batch), c(contract);
  return isLhs ? DimGroups{b, free, c} : DimGroups{b, c, free};
}

int64_t groupSize(RankedTensorType type, ArrayRef<int64_t> group) {
  int64_t n = 1;
  for (int64_t d : group)
    n *= type.getDimSize(d);
  return n;
}

/// `value` rearranged to the matmul operand `[g0, g1, g2]` (the groups'
/// sizes; `[g1, g2]` without batch dimensions). When every group is a run of
/// consecutive dimensions the operand is collapsed first and only whole groups
/// are transposed (attention's [B, H, N, K] key as [B*H, N, K] then [B*H, K,
/// N]); otherwise it is transposed at full rank and then collapsed.
Value toMatmulOperand(OpBuilder &b, Location loc, Value value,
                      const DimGroups &groups) {
  auto type = cast<RankedTensorType>(value.getType());
  // Without batch dimensions the operand is a matrix.
  SmallVector<int64_t> shape3;
  for (auto [i, group] : llvm::enumerate(groups))
    if (i != 0 || !group.empty())
      shape3.push_back(groupSize(type, group));
  SmallVector<const SmallVector<int64_t> *> present;
  for (const SmallVector<int64_t> &group : groups)
    if (!group.empty())
      present.push_back(&group);
  bool runs = llvm::all_of(present, [](const SmallVector<int64_t> *group) {
    return llvm::equal(
        *group,
        llvm::seq<int64_t>(group->front(), group->front() + group->size()));
  });
  if (!runs) {
    SmallVector<int64_t> order;
    for (const SmallVector<int64_t> &group : groups)
      llvm::append_range(order, group);
    return reshapeTensor(b, loc, transposeTensor(b, loc, value, order),
                         type.clone(shape3));
  }
  // Collapse each run in the operand's own order, then permute the runs.
  SmallVector<unsigned> byPosition(present.size());
  std::iota(byPosition.begin(), byPosition.end(), 0);
  llvm::sort(byPosition, [&](unsigned x, unsigned y) {
    return present[x]->front() < present[y]->front();
  });
  SmallVector<int64_t> collapsed, permutation(present.size());
  for (auto [position, index] : llvm::enumerate(byPosition)) {
    collapsed.push_back(groupSize(type, *present[index]));
    permutation[index] = static_cast<int64_t>(position);
  }
  Value runsValue = reshapeTensor(b, loc, value, type.clone(collapsed));
  return reshapeTensor(b, loc, transposeTensor(b, loc, runsValue, permutation),
                       type.clone(shape3));
}

/// A dot as one [B, M, K] x [B, K, N] batch_matmul (a matmul without batch
/// dimensions), its operands rearranged by toMatmulOperand. A transpose
/// moves O(size) data, against the product's O(M N K) work, and the product
/// then runs in the packed, vectorized kernel instead of a generic loop
/// nest (gradients produce such layouts: g . W^T, X^T . g).
Value lowerAsBatchMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                         DotDimensionsAttr dims, RankedTensorType type) {
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  DimGroups lhsGroups = matmulGroups(dims, lhsType.getRank(), true);
  DimGroups rhsGroups = matmulGroups(dims, rhsType.getRank(), false);
  Value lhs3 = toMatmulOperand(b, loc, lhs, lhsGroups);
  Value rhs3 = toMatmulOperand(b, loc, rhs, rhsGroups);
  int64_t batch = groupSize(lhsType, lhsGroups[0]);
  int64_t m = groupSize(lhsType, lhsGroups[1]);
  int64_t n = groupSize(rhsType, rhsGroups[2]);
  Value product;
  if (lhsGroups[0].empty()) {
    product = linalg::MatmulOp::create(b, loc, ValueRange{lhs3, rhs3},
                                       createZeros(b, loc, type.clone({m, n})))
                  .getResult(0);
  } else {
    product = linalg::BatchMatmulOp::create(
                  b, loc, ValueRange{lhs3, rhs3},
                  createZeros(b, loc, type.clone({batch, m, n})))
                  .getResult(0);
  }
  return reshapeTensor(b, loc, product, type);
}

/// Dots become the named matmul/batch_matmul that the CPU schedules pack and
/// vectorize (lowerAsBatchMatmul, transposing operands when needed); only
/// integer products whose lhs would need a transpose stay a contraction
/// linalg.generic.
struct DotLowering : OpConversionPattern<DotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto type = cast<RankedTensorType>(op.getType());
    DotDimensionsAttr dims = op.getDimensions();
    ArrayRef<int64_t> lb = dims.getLhsBatchDims(), rb = dims.getRhsBatchDims();
    ArrayRef<int64_t> lc = dims.getLhsContractingDims();
    ArrayRef<int64_t> rc = dims.getRhsContractingDims();
    int64_t lhsRank = cast<RankedTensorType>(lhs.getType()).getRank();
    int64_t rhsRank = cast<RankedTensorType>(rhs.getType()).getRank();
    // Floats always take the matmul kernel; integer products do when their
    // lhs is already [batch, free, contracting] (no copy of the larger
    // operand), as attention-like and linear-layer products are.
    bool isFloat = isa<FloatType>(type.getElementType());
    DimGroups lhsGroups = matmulGroups(dims, lhsRank, /*isLhs=*/true);
    SmallVector<int64_t> lhsOrder;
    for (const SmallVector<int64_t> &group : lhsGroups)
      llvm::append_range(lhsOrder, group);
    if (isFloat || llvm::equal(lhsOrder, llvm::seq<int64_t>(0, lhsRank))) {
      rewriter.replaceOp(
          op, lowerAsBatchMatmul(rewriter, loc, lhs, rhs, dims, type));
      return success();
    }

    int64_t numBatch = lb.size(), numContract = lc.size();
    int64_t lhsFree = lhsRank - numBatch - numContract;
    int64_t numParallel = type.getRank();
    int64_t numLoops = numParallel + numContract;
    MLIRContext *context = rewriter.getContext();
    SmallVector<AffineMap> maps = {
        dotOperandMap(lhsRank, lb, lc, numBatch, numParallel, numLoops,
                      context),
        dotOperandMap(rhsRank, rb, rc, numBatch + lhsFree, numParallel,
                      numLoops, context),
        AffineMap::getMultiDimIdentityMap(numLoops, context)
            .getMajorSubMap(numParallel)};
    SmallVector<utils::IteratorType> iterators(numParallel,
                                               utils::IteratorType::parallel);
    iterators.append(numContract, utils::IteratorType::reduction);
    // What is left is an integer product whose lhs would need a transpose:
    // one contraction generic over (batch, lhs free, rhs free, contracting).
    Value init = createZeros(rewriter, loc, type);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{lhs, rhs}, ValueRange{init},
        maps, iterators,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value product = arith::MulIOp::create(b, nestedLoc, args[0], args[1]);
          Value sum = arith::AddIOp::create(b, nestedLoc, args[2], product);
          linalg::YieldOp::create(b, nestedLoc, sum);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Pads the H and W dimensions of an NCHW tensor by
/// `padding` = [top, left, bottom, right] with `value`.
Value padSpatial(OpBuilder &b, Location loc, Value input,
                 ArrayRef<int64_t> padding, TypedAttr value) {
  if (llvm::all_of(padding, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[2] += padding[0] + padding[2];
  shape[3] += padding[1] + padding[3];
  SmallVector<OpFoldResult> low =
      getAsIndexOpFoldResult(b.getContext(), {0, 0, padding[0], padding[1]});
  SmallVector<OpFoldResult> high =
      getAsIndexOpFoldResult(b.getContext(), {0, 0, padding[2], padding[3]});
  Value padValue = arith::ConstantOp::create(b, loc, value);
  return tensor::PadOp::create(b, loc, type.clone(shape), input, low, high,
                               padValue);
}

struct Conv2DLowering : OpConversionPattern<Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Type elementType = type.getElementType();
    Value input = padSpatial(rewriter, loc, adaptor.getInput(), op.getPadding(),
                             getScalarAttr(elementType, 0));
    Value filter = adaptor.getFilter();
    auto strides = rewriter.getI64VectorAttr(op.getStrides());
    auto dilations = rewriter.getI64VectorAttr(op.getDilations());
    int64_t groups = static_cast<int64_t>(op.getGroups());
    if (groups == 1) {
      auto conv = linalg::Conv2DNchwFchwOp::create(
          rewriter, loc, TypeRange{type}, ValueRange{input, filter},
          ValueRange{createZeros(rewriter, loc, type)}, strides, dilations);
      rewriter.replaceOp(op, conv.getResult(0));
      return success();
    }
    // Grouped: split C and F into [groups, per-group] and use the grouped
    // named op, then merge the output's group dimension back into F.
    auto inputType = cast<RankedTensorType>(input.getType());
    auto filterType = cast<RankedTensorType>(filter.getType());
    int64_t n = inputType.getDimSize(0), c = inputType.getDimSize(1);
    int64_t f = filterType.getDimSize(0);
    auto groupedInputType =
        inputType.clone({n, groups, c / groups, inputType.getDimSize(2),
                         inputType.getDimSize(3)});
    auto groupedFilterType =
        filterType.clone({groups, f / groups, filterType.getDimSize(1),
                          filterType.getDimSize(2), filterType.getDimSize(3)});
    auto groupedResultType = type.clone(
        {n, groups, f / groups, type.getDimSize(2), type.getDimSize(3)});
    Value groupedInput = reshapeTensor(rewriter, loc, input, groupedInputType);
    Value groupedFilter =
        reshapeTensor(rewriter, loc, filter, groupedFilterType);
    auto conv = linalg::Conv2DNgchwGfchwOp::create(
        rewriter, loc, TypeRange{groupedResultType},
        ValueRange{groupedInput, groupedFilter},
        ValueRange{createZeros(rewriter, loc, groupedResultType)}, strides,
        dilations);
    rewriter.replaceOp(op,
                       reshapeTensor(rewriter, loc, conv.getResult(0), type));
    return success();
  }
};

/// Max pooling pads with -inf, so padded positions never win.
struct MaxPool2DLowering : OpConversionPattern<MaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    TypedAttr lowest = getExtremeAttr(type.getElementType(), false);
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), op.getPadding(), lowest);
    Value window = tensor::EmptyOp::create(rewriter, loc, op.getWindow(),
                                           type.getElementType());
    auto pool = linalg::PoolingNchwMaxOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{input, window},
        ValueRange{createFilled(rewriter, loc, type, lowest)},
        rewriter.getI64VectorAttr(op.getStrides()),
        rewriter.getI64VectorAttr({1, 1}));
    rewriter.replaceOp(op, pool.getResult(0));
    return success();
  }
};

/// Sum pooling over the zero-padded input, divided by the number of
/// in-bounds positions of each window (count_include_pad = 0). The count
/// is computed from the output position inside the division's generic
/// rather than materialized as a constant: a constant would cost outH x
/// outW elements at compile time (the fuzzer found a 2^31-row pool that
/// took minutes), the arithmetic a few integer ops per output element
/// next to the window's k x k additions.
struct AvgPool2DLowering : OpConversionPattern<AvgPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Type elementType = type.getElementType();
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    SmallVector<int64_t> padding(op.getPadding()), strides(op.getStrides());
    SmallVector<int64_t> window(op.getWindow());
    Value input = padSpatial(rewriter, loc, adaptor.getInput(), padding,
                             getScalarAttr(elementType, 0));
    Value windowTensor =
        tensor::EmptyOp::create(rewriter, loc, window, elementType);
    auto pool = linalg::PoolingNchwSumOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{input, windowTensor},
        ValueRange{createZeros(rewriter, loc, type)},
        rewriter.getI64VectorAttr(strides), rewriter.getI64VectorAttr({1, 1}));

    int64_t sizes[2] = {inputType.getDimSize(2), inputType.getDimSize(3)};
    Value result = createElementwise(
        rewriter, loc, type, ValueRange{pool.getResult(0)},
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) -> Value {
          auto index = [&](int64_t value) -> Value {
            return arith::ConstantIndexOp::create(b, nestedLoc, value);
          };
          // The in-bounds extent of the window starting at
          // `o * stride - pad` along spatial dimension `d`.
          auto extent = [&](unsigned d) -> Value {
            Value o = linalg::IndexOp::create(b, nestedLoc, 2 + d);
            Value start = arith::SubIOp::create(
                b, nestedLoc,
                arith::MulIOp::create(b, nestedLoc, o, index(strides[d])),
                index(padding[d]));
            Value end = arith::MinSIOp::create(
                b, nestedLoc,
                arith::AddIOp::create(b, nestedLoc, start, index(window[d])),
                index(sizes[d]));
            Value begin = arith::MaxSIOp::create(b, nestedLoc, start, index(0));
            return arith::SubIOp::create(b, nestedLoc, end, begin);
          };
          Value count =
              arith::MulIOp::create(b, nestedLoc, extent(0), extent(1));
          count =
              arith::IndexCastOp::create(b, nestedLoc, b.getI64Type(), count);
          count = arith::SIToFPOp::create(b, nestedLoc, elementType, count);
          return arith::DivFOp::create(b, nestedLoc, args[0], count);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::kiln::populateContractionToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<DotLowering, Conv2DLowering, MaxPool2DLowering, AvgPool2DLowering>(
          patterns.getContext());
}
