//===- MicrosoftConverters.cpp - ONNX Runtime's com.microsoft operators ---===//
//
// The contrib operators that ONNX Runtime's transformer optimizer fuses
// attention into, so that models saved after that optimization import:
// MultiHeadAttention (com.microsoft, opset 1) becomes one kiln.attention.
// Forms that need ONNX Runtime's key/value cache (past and present
// inputs and outputs) or its packed layouts are rejected with the reason.
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

/// MultiHeadAttention: query [B, S, D], key [B, L, D], value [B, L, Dv]
/// with `num_heads` heads; optional bias [D + D + Dv] added to the three,
/// key_padding_mask [B, L] or [B, S, L] (0 = masked: mask_filter_value is
/// added to those scores, as ONNX Runtime does), attention_bias [B or 1,
/// N or 1, S, L] added to the scores, `unidirectional` for a causal mask,
/// `scale` (default 1 / sqrt(D / N)). The result is [B, S, Dv].
LogicalResult convertMultiHeadAttention(NodeContext &n) {
  int64_t heads = n.intAttr("num_heads", 0);
  double filter = n.floatAttr("mask_filter_value", -10000.0);
  bool causal = n.intAttr("unidirectional", 0) != 0;
  for (int index : {6, 7, 8, 9})
    if (n.input(index)) {
      n.error() << "past_key, past_value and the cache inputs are not "
                   "supported (export the model without ONNX Runtime's "
                   "key/value cache)";
      return failure();
    }
  for (int index = 1; index < n.node.output_size(); ++index)
    if (!n.node.output(index).empty()) {
      n.error() << "the present_key, present_value and qk outputs are not "
                   "supported";
      return failure();
    }
  FailureOr<Value> query = n.requiredInput(0);
  if (failed(query))
    return failure();
  Value key = n.input(1), value = n.input(2);
  if (!key || !value) {
    n.error() << "packed query/key/value inputs are not supported: give "
                 "query, key and value";
    return failure();
  }
  RankedTensorType qType = typeOf(*query), kType = typeOf(key),
                   vType = typeOf(value);
  if (qType.getRank() != 3 || kType.getRank() != 3 || vType.getRank() != 3) {
    n.error() << "query, key and value must be [batch, sequence, hidden] "
                 "(rank 3), got ranks "
              << qType.getRank() << ", " << kType.getRank() << ", "
              << vType.getRank();
    return failure();
  }
  if (!isa<FloatType>(qType.getElementType()) ||
      kType.getElementType() != qType.getElementType() ||
      vType.getElementType() != qType.getElementType()) {
    n.error() << "query, key and value must be floats of one type";
    return failure();
  }
  int64_t batch = qType.getDimSize(0), sq = qType.getDimSize(1),
          hidden = qType.getDimSize(2), sk = kType.getDimSize(1),
          vHidden = vType.getDimSize(2);
  if (heads <= 0 || hidden % heads != 0 || vHidden % heads != 0 ||
      kType.getDimSize(2) != hidden || kType.getDimSize(0) != batch ||
      vType.getDimSize(0) != batch || vType.getDimSize(1) != sk) {
    n.error() << "num_heads " << heads << " must be positive and divide the "
              << "hidden sizes of query " << formatShape(qType.getShape())
              << ", key " << formatShape(kType.getShape()) << " and value "
              << formatShape(vType.getShape())
              << ", which must agree in batch, key length and width";
    return failure();
  }
  int64_t headDim = hidden / heads, vHeadDim = vHidden / heads;
  KilnBuilder k(n.b);
  Value q = *query;
  if (Value bias = n.input(3)) {
    if (typeOf(bias).getShape() != ArrayRef<int64_t>{2 * hidden + vHidden} ||
        typeOf(bias).getElementType() != qType.getElementType()) {
      n.error() << "bias must be [" << 2 * hidden + vHidden
                << "] (query, key and value biases), got "
                << formatShape(typeOf(bias).getShape());
      return failure();
    }
    auto part = [&](int64_t from, int64_t size) {
      return k.slice(bias, {from}, {from + size}, {1});
    };
    q = k.add(q, part(0, hidden));
    key = k.add(key, part(hidden, hidden));
    value = k.add(value, part(2 * hidden, vHidden));
  }
  // [B, S, N * H] -> [B, N, S, H].
  auto splitHeads = [&](Value x, int64_t length, int64_t width) {
    return k.transpose(k.reshape(x, {batch, length, heads, width}),
                       {0, 2, 1, 3});
  };
  Value mask;
  if (Value padding = n.input(4)) {
    ArrayRef<int64_t> shape = typeOf(padding).getShape();
    SmallVector<int64_t> rank4;
    if (shape == ArrayRef<int64_t>{batch, sk})
      rank4 = {batch, 1, 1, sk};
    else if (shape == ArrayRef<int64_t>{batch, sq, sk})
      rank4 = {batch, 1, sq, sk};
    if (rank4.empty() || !isa<IntegerType>(typeOf(padding).getElementType())) {
      n.error() << "key_padding_mask must be integers of shape [" << batch
                << ", " << sk << "] or [" << batch << ", " << sq << ", " << sk
                << "], got " << formatShape(shape)
                << " (the sequence-length forms are not supported)";
      return failure();
    }
    Value masked =
        k.compare(CompareDirection::eq, padding, k.scalarLike(padding, 0));
    mask = k.reshape(
        k.select(masked, k.scalarLike(q, filter), k.scalarLike(q, 0.0)), rank4);
  }
  if (Value bias = n.input(5)) {
    ArrayRef<int64_t> shape = typeOf(bias).getShape();
    if (shape.size() != 4 || (shape[0] != 1 && shape[0] != batch) ||
        (shape[1] != 1 && shape[1] != heads) || shape[2] != sq ||
        shape[3] != sk ||
        typeOf(bias).getElementType() != qType.getElementType()) {
      n.error() << "attention_bias must be [" << batch << " or 1, " << heads
                << " or 1, " << sq << ", " << sk << "] of the query's type, "
                << "got " << formatShape(shape);
      return failure();
    }
    mask = mask ? k.add(mask, bias) : bias;
  }
  // An explicit scale must be positive; without one it is 1 / sqrt(H).
  double scale = n.attribute("scale")
                     ? n.floatAttr("scale", 0.0)
                     : 1.0 / std::sqrt(static_cast<double>(headDim));
  if (!(scale > 0.0) || !std::isfinite(static_cast<float>(scale))) {
    n.error() << "scale must be positive, got " << formatNumber(scale);
    return failure();
  }
  Value attention = AttentionOp::create(
      n.b, splitHeads(q, sq, headDim), splitHeads(key, sk, headDim),
      splitHeads(value, sk, vHeadDim), mask,
      n.b.getF32FloatAttr(static_cast<float>(scale)),
      causal ? n.b.getUnitAttr() : UnitAttr());
  n.setOutput(
      0, k.reshape(k.transpose(attention, {0, 2, 1, 3}), {batch, sq, vHidden}));
  return success();
}

} // namespace

const ConverterMap &mlir::kiln::onnx_import::getMicrosoftConverters() {
  static const ConverterMap converters = {
      {"MultiHeadAttention", convertMultiHeadAttention},
  };
  return converters;
}
