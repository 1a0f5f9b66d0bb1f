//===- ShapeInferenceTest.cpp - Broadcasting and window arithmetic --------===//

#include "kiln/ShapeInference.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::kiln;

TEST(ShapeInference, BroadcastAlignsTrailingDimensions) {
  SmallVector<int64_t> a = {8, 1, 6, 1}, b = {7, 1, 5};
  auto shape = broadcastShapes({a, b});
  ASSERT_TRUE(shape.has_value());
  EXPECT_EQ(*shape, (SmallVector<int64_t>{8, 7, 6, 5}));
}

TEST(ShapeInference, BroadcastOfScalarIsTheOtherShape) {
  SmallVector<int64_t> scalar = {}, b = {3, 4};
  auto shape = broadcastShapes({scalar, b});
  ASSERT_TRUE(shape.has_value());
  EXPECT_EQ(*shape, (SmallVector<int64_t>{3, 4}));
}

TEST(ShapeInference, BroadcastRejectsMismatch) {
  SmallVector<int64_t> a = {2, 3}, b = {4, 3};
  EXPECT_FALSE(broadcastShapes({a, b}).has_value());
}

TEST(ShapeInference, BroadcastOfThreeShapes) {
  SmallVector<int64_t> a = {4, 1}, b = {1, 8}, c = {8};
  auto shape = broadcastShapes({a, b, c});
  ASSERT_TRUE(shape.has_value());
  EXPECT_EQ(*shape, (SmallVector<int64_t>{4, 8}));
}

TEST(ShapeInference, IsBroadcastableTo) {
  EXPECT_TRUE(isBroadcastableTo({3}, {2, 3}));
  EXPECT_TRUE(isBroadcastableTo({1, 3}, {2, 3}));
  EXPECT_FALSE(isBroadcastableTo({2}, {2, 3}));
  EXPECT_FALSE(isBroadcastableTo({1, 2, 3}, {2, 3}));
}

TEST(ShapeInference, WindowOutputSizeMatchesTheConvolutionFormula) {
  // ResNet stem: 224 input, 7x7 window, stride 2, pad 3 -> 112.
  EXPECT_EQ(windowOutputSize(224, 7, 2, 3, 3, 1), 112);
  // 3x3 max pool, stride 2, pad 1 on 112 -> 56.
  EXPECT_EQ(windowOutputSize(112, 3, 2, 1, 1, 1), 56);
  // Dilation 2 makes a 3-tap window span 5: (10 - 5) / 1 + 1 = 6.
  EXPECT_EQ(windowOutputSize(10, 3, 1, 0, 0, 2), 6);
  // A window larger than the padded input does not fit.
  EXPECT_LT(windowOutputSize(2, 3, 1, 0, 0, 1), 0);
}

TEST(ShapeInference, FormatShape) {
  EXPECT_EQ(formatShape({2, 3, 4}), "[2, 3, 4]");
  EXPECT_EQ(formatShape({}), "[]");
}
