//===- CostModelTest.cpp - FLOP and byte counts of the cost model ---------===//
//
// Expected numbers are derived by hand from the ops' definitions.
//
//===----------------------------------------------------------------------===//

#include "kiln/Analysis/CostModel.h"
#include "kiln/InitAll.h"
#include "kiln/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

class CostModelTest : public ::testing::Test {
protected:
  CostModelTest() {
    DialectRegistry registry;
    registerKilnDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// Parses `body` as a function and returns its first op.
  Operation *firstOp(StringRef signature, StringRef body) {
    std::string text =
        ("func.func @f" + signature + " {\n" + body + "\n}").str();
    module = parseSourceString<ModuleOp>(text, &context);
    if (!module)
      return nullptr;
    auto func = cast<func::FuncOp>(module->getBody()->front());
    return &func.getBody().front().front();
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

TEST_F(CostModelTest, TensorBytes) {
  Builder b(&context);
  EXPECT_EQ(getTensorBytes(RankedTensorType::get({2, 3}, b.getF32Type())), 24);
  EXPECT_EQ(getTensorBytes(RankedTensorType::get({5}, b.getBF16Type())), 10);
  // Sub-byte elements pack; the tensor rounds up to whole bytes.
  EXPECT_EQ(getTensorBytes(RankedTensorType::get({3}, b.getIntegerType(4))), 2);
  EXPECT_EQ(getTensorBytes(b.getF32Type()), 0);
}

TEST_F(CostModelTest, MatmulIsTwoMNK) {
  Operation *op = firstOp(
      "(%a: tensor<64x128xf32>, %b: tensor<128x32xf32>) -> tensor<64x32xf32>",
      "%0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : "
      "(tensor<64x128xf32>, tensor<128x32xf32>) -> tensor<64x32xf32>\n"
      "return %0 : tensor<64x32xf32>");
  ASSERT_TRUE(op);
  OpCost cost = estimateCost(op);
  EXPECT_EQ(cost.flops, 2 * 64 * 32 * 128);
  EXPECT_EQ(cost.bytes, 4 * (64 * 128 + 128 * 32 + 64 * 32));
}

TEST_F(CostModelTest, BatchedDotCountsBatch) {
  Operation *op = firstOp(
      "(%a: tensor<4x8x16xf32>, %b: tensor<4x16x2xf32>) -> tensor<4x8x2xf32>",
      "%0 = kiln.dot %a, %b, <batch = [0] x [0], contract = [2] x [1]> : "
      "(tensor<4x8x16xf32>, tensor<4x16x2xf32>) -> tensor<4x8x2xf32>\n"
      "return %0 : tensor<4x8x2xf32>");
  ASSERT_TRUE(op);
  EXPECT_EQ(estimateCost(op).flops, 2 * 4 * 8 * 2 * 16);
}

TEST_F(CostModelTest, GroupedConvolution) {
  // 32 output maps of 8x8, each reading 16/2 channels x 3 x 3 taps.
  Operation *op =
      firstOp("(%x: tensor<1x16x8x8xf32>, %w: tensor<32x8x3x3xf32>) -> "
              "tensor<1x32x8x8xf32>",
              "%0 = kiln.conv2d %x, %w strides = [1, 1] padding = [1, 1, 1, 1] "
              "dilations = [1, 1] groups = 2 : (tensor<1x16x8x8xf32>, "
              "tensor<32x8x3x3xf32>) -> tensor<1x32x8x8xf32>\n"
              "return %0 : tensor<1x32x8x8xf32>");
  ASSERT_TRUE(op);
  EXPECT_EQ(estimateCost(op).flops, 2 * 32 * 8 * 8 * 8 * 3 * 3);
}

TEST_F(CostModelTest, AttentionCountsBothMatmulsAndSoftmax) {
  Operation *op = firstOp(
      "(%q: tensor<1x4x16x8xf32>, %k: tensor<1x2x32x8xf32>, "
      "%v: tensor<1x2x32x8xf32>) -> tensor<1x4x16x8xf32>",
      "%0 = kiln.attention %q, %k, %v : (tensor<1x4x16x8xf32>, "
      "tensor<1x2x32x8xf32>, tensor<1x2x32x8xf32>) -> tensor<1x4x16x8xf32>\n"
      "return %0 : tensor<1x4x16x8xf32>");
  ASSERT_TRUE(op);
  int64_t scores = 1 * 4 * 16 * 32;
  EXPECT_EQ(estimateCost(op).flops,
            2 * scores * 8 + 2 * scores * 8 + 6 * scores);
}

TEST_F(CostModelTest, DataMovementHasNoFlops) {
  Operation *op = firstOp(
      "(%x: tensor<4x8xf32>) -> tensor<8x4xf32>",
      "%0 = kiln.transpose %x permutation = [1, 0] : (tensor<4x8xf32>) -> "
      "tensor<8x4xf32>\nreturn %0 : tensor<8x4xf32>");
  ASSERT_TRUE(op);
  OpCost cost = estimateCost(op);
  EXPECT_EQ(cost.flops, 0);
  EXPECT_EQ(cost.bytes, 2 * 4 * 8 * 4);
}

TEST_F(CostModelTest, BroadcastingAddCountsResultElements) {
  Operation *op =
      firstOp("(%x: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32>",
              "%0 = kiln.add %x, %b : (tensor<4x8xf32>, tensor<8xf32>) -> "
              "tensor<4x8xf32>\nreturn %0 : tensor<4x8xf32>");
  ASSERT_TRUE(op);
  OpCost cost = estimateCost(op);
  EXPECT_EQ(cost.flops, 32);
  EXPECT_EQ(cost.bytes, 4 * (32 + 8 + 32));
}

} // namespace
