//===- OpBuildersTest.cpp - Building kiln ops from C++ --------------------===//
//
// Passes and importers build kiln ops without spelling result types; these
// tests pin the inferred types and the folding API they rely on.
//
//===----------------------------------------------------------------------===//

#include "kiln/InitAll.h"
#include "kiln/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

class OpBuildersTest : public ::testing::Test {
protected:
  OpBuildersTest() : builder(&context) {
    DialectRegistry registry;
    registerKilnDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  /// A function whose arguments have `types`; the builder points into it.
  func::FuncOp makeFunc(TypeRange types) {
    auto func = func::FuncOp::create(builder, builder.getUnknownLoc(), "f",
                                     builder.getFunctionType(types, {}));
    builder.setInsertionPointToEnd(func.addEntryBlock());
    return func;
  }

  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
};

TEST_F(OpBuildersTest, BroadcastingAddInfersResult) {
  func::FuncOp func = makeFunc({f32({4, 1}), f32({8})});
  Location loc = builder.getUnknownLoc();
  auto add =
      AddOp::create(builder, loc, func.getArgument(0), func.getArgument(1));
  EXPECT_EQ(add.getType(), f32({4, 8}));
  func::ReturnOp::create(builder, loc);
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(OpBuildersTest, DotInfersBatchThenFreeDims) {
  func::FuncOp func = makeFunc({f32({2, 3, 5}), f32({2, 5, 7})});
  Location loc = builder.getUnknownLoc();
  auto dims = DotDimensionsAttr::get(&context, {0}, {0}, {2}, {1});
  auto dot = DotOp::create(builder, loc, func.getArgument(0),
                           func.getArgument(1), dims);
  EXPECT_EQ(dot.getType(), f32({2, 3, 7}));
}

TEST_F(OpBuildersTest, CompareInfersI1) {
  func::FuncOp func = makeFunc({f32({3}), f32({2, 1})});
  Location loc = builder.getUnknownLoc();
  auto cmp = CompareOp::create(builder, loc, CompareDirection::lt,
                               func.getArgument(0), func.getArgument(1));
  EXPECT_EQ(cmp.getType(), RankedTensorType::get({2, 3}, builder.getI1Type()));
}

TEST_F(OpBuildersTest, SplitInfersEachPiece) {
  func::FuncOp func = makeFunc({f32({4, 10})});
  Location loc = builder.getUnknownLoc();
  auto split = SplitOp::create(builder, loc, func.getArgument(0), 1,
                               ArrayRef<int64_t>{3, 7});
  ASSERT_EQ(split.getNumResults(), 2u);
  EXPECT_EQ(split.getResult(0).getType(), f32({4, 3}));
  EXPECT_EQ(split.getResult(1).getType(), f32({4, 7}));
}

TEST_F(OpBuildersTest, ConstantFoldingThroughCreateOrFold) {
  makeFunc({});
  Location loc = builder.getUnknownLoc();
  auto type = f32({2});
  Value a = ConstantOp::create(
      builder, loc, DenseElementsAttr::get(type, ArrayRef<float>{1.5f, 2.0f}));
  Value b = ConstantOp::create(
      builder, loc, DenseElementsAttr::get(type, ArrayRef<float>{0.5f, 4.0f}));
  Value sum = builder.createOrFold<AddOp>(loc, a, b);
  auto constant = sum.getDefiningOp<ConstantOp>();
  ASSERT_TRUE(constant);
  auto values = cast<DenseElementsAttr>(constant.getValue());
  EXPECT_EQ(values.getValues<float>()[0], 2.0f);
  EXPECT_EQ(values.getValues<float>()[1], 6.0f);
}

TEST_F(OpBuildersTest, AttentionDefaultScaleIsInverseSqrtHeadDim) {
  func::FuncOp func =
      makeFunc({f32({1, 2, 4, 16}), f32({1, 2, 4, 16}), f32({1, 2, 4, 16})});
  Location loc = builder.getUnknownLoc();
  auto attention = AttentionOp::create(builder, loc, func.getArgument(0),
                                       func.getArgument(1), func.getArgument(2),
                                       /*mask=*/Value(), /*scale=*/FloatAttr(),
                                       /*causal=*/false);
  EXPECT_DOUBLE_EQ(attention.getEffectiveScale(), 0.25);
  EXPECT_EQ(attention.getType(), f32({1, 2, 4, 16}));
}

} // namespace
