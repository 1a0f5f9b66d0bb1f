//===- RecurrentConverters.cpp - ONNX LSTM, GRU and RNN -------------------===//
//
// The recurrent operators, forward, reverse and bidirectional, with initial
// states, biases, LSTM peepholes, GRU's linear_before_reset, clip and the
// layout attribute. Sequence lengths are static, so the time loop is
// unrolled at import: the input projections of all steps are one product
// ([seq * batch, input] x [input, gates * hidden]) done before the loop,
// and each step adds only the recurrent product of its state.
// sequence_lens must be absent or a constant equal to the sequence length
// everywhere (shorter sequences would need masked steps).
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

enum class Cell { rnn, gru, lstm };

int64_t gateCount(Cell cell) {
  return cell == Cell::lstm ? 4 : cell == Cell::gru ? 3 : 1;
}

/// The longest sequence the time loop is unrolled over: each step is a
/// dozen ops per direction, so a mutated 2^31-step model would otherwise
/// ask for billions of them.
constexpr int64_t kMaxUnrolledSteps = 4096;

/// The largest hidden_size accepted (2^24: weights of that width would
/// already be terabytes).
constexpr int64_t kMaxHiddenSize = int64_t{1} << 24;

/// The activation functions a cell applies, by ONNX name.
struct Activation {
  std::string name;
  double alpha = 0, beta = 0;
};

Value activate(KilnBuilder &k, const Activation &f, Value x) {
  ImplicitLocOpBuilder &b = k.builder();
  if (f.name == "Sigmoid")
    return SigmoidOp::create(b, x);
  if (f.name == "Tanh")
    return TanhOp::create(b, x);
  if (f.name == "Relu")
    return ReluOp::create(b, x);
  if (f.name == "LeakyRelu")
    return k.select(k.compare(CompareDirection::lt, x, k.scalarLike(x, 0)),
                    k.mul(x, k.scalarLike(x, f.alpha)), x);
  if (f.name == "HardSigmoid")
    return MaxOp::create(b, k.scalarLike(x, 0),
                         MinOp::create(b, k.scalarLike(x, 1),
                                       k.add(k.mul(x, k.scalarLike(x, f.alpha)),
                                             k.scalarLike(x, f.beta))));
  if (f.name == "Affine")
    return k.add(k.mul(x, k.scalarLike(x, f.alpha)), k.scalarLike(x, f.beta));
  // ScaledTanh
  return k.mul(k.scalarLike(x, f.alpha),
               TanhOp::create(b, k.mul(x, k.scalarLike(x, f.beta))));
}

/// `x` [.., n * size] column block `index` of width `size` (last dim).
Value block(KilnBuilder &k, Value x, int64_t index, int64_t size) {
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  SmallVector<int64_t> start(shape.size(), 0), limit(shape),
      stride(shape.size(), 1);
  start.back() = index * size;
  limit.back() = (index + 1) * size;
  return k.slice(x, start, limit, stride);
}

/// Row `index` of dimension 0, without that dimension.
Value row(KilnBuilder &k, Value x, int64_t index) {
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  SmallVector<int64_t> start(shape.size(), 0), limit(shape),
      stride(shape.size(), 1);
  start[0] = index;
  limit[0] = index + 1;
  return k.reshape(k.slice(x, start, limit, stride), shape.drop_front());
}

/// a [batch, in] times w [out, in] transposed: [batch, out].
Value timesTransposed(KilnBuilder &k, Value a, Value w) {
  return k.dot(a, k.transpose(w, {1, 0}), {}, {}, {1}, {0});
}

LogicalResult convertRecurrent(NodeContext &n, Cell cell) {
  FailureOr<Value> xIn = n.requiredInput(0), wIn = n.requiredInput(1),
                   rIn = n.requiredInput(2);
  if (failed(xIn) || failed(wIn) || failed(rIn))
    return failure();
  KilnBuilder k(n.b);
  int64_t layout = n.intAttr("layout", 0);
  Value x = layout ? k.transpose(*xIn, {1, 0, 2}) : *xIn;
  if (typeOf(x).getRank() != 3)
    return n.error() << "X must be [seq, batch, input]";
  int64_t seq = typeOf(x).getDimSize(0), batch = typeOf(x).getDimSize(1),
          inputSize = typeOf(x).getDimSize(2);
  if (seq < 1 || seq > kMaxUnrolledSteps)
    return n.error() << "the sequence length of X " << typeOf(x)
                     << " must be static and between 1 and "
                     << kMaxUnrolledSteps << " (the time loop is unrolled)";
  int64_t hidden = n.intAttr("hidden_size", 0);
  int64_t gates = gateCount(cell);
  std::string direction = n.stringAttr("direction", "forward");
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional")
    return n.error() << "direction '" << direction
                     << "' is not one of forward, reverse, bidirectional";
  int64_t directions = direction == "bidirectional" ? 2 : 1;
  // Bounded first: the shapes below multiply it by up to 2 x 4 gates.
  if (hidden <= 0 || hidden > kMaxHiddenSize)
    return n.error() << "hidden_size " << hidden << " is not in [1, "
                     << kMaxHiddenSize << "]";
  if (typeOf(*wIn).getShape() !=
          ArrayRef<int64_t>{directions, gates * hidden, inputSize} ||
      typeOf(*rIn).getShape() !=
          ArrayRef<int64_t>{directions, gates * hidden, hidden})
    return n.error() << "W " << typeOf(*wIn) << " and R " << typeOf(*rIn)
                     << " do not match hidden_size " << hidden << ", "
                     << directions << " direction(s) and input size "
                     << inputSize;
  // The optional inputs: bias, initial state and peepholes, per direction.
  const std::pair<int, SmallVector<int64_t>> optionalShapes[] = {
      {3, {directions, 2 * gates * hidden}},
      {5, {directions, batch, hidden}},
      {6, {directions, batch, hidden}},
      {7, {directions, 3 * hidden}}};
  for (const auto &[index, shape] : optionalShapes)
    if (Value given = n.input(index);
        given && typeOf(given).getShape() != ArrayRef<int64_t>(shape)) {
      InFlightDiagnostic diagnostic = n.error();
      diagnostic << "input " << index << " is " << typeOf(given)
                 << ", expected shape [";
      llvm::interleaveComma(shape, diagnostic);
      return diagnostic << "]";
    }
  if (n.input(4)) {
    if (!n.constantInput(4))
      return n.notConstant(4);
    FailureOr<SmallVector<int64_t>> lens = n.constantInts(4);
    if (failed(lens))
      return failure();
    if (llvm::any_of(*lens, [&](int64_t l) { return l != seq; }))
      return n.error() << "sequence_lens shorter than the sequence are not "
                          "supported";
  }
  if (cell == Cell::lstm && n.intAttr("input_forget", 0))
    return n.error() << "input_forget 1 is not supported";
  bool linearBeforeReset =
      cell == Cell::gru && n.intAttr("linear_before_reset", 0) != 0;
  std::optional<double> clip;
  if (n.attribute("clip"))
    clip = n.floatAttr("clip", 0);

  // Activations: f, g (and h for LSTM) per direction.
  int64_t perDirection = cell == Cell::lstm ? 3 : cell == Cell::gru ? 2 : 1;
  SmallVector<Activation> activations;
  static const char *const defaults[3][3] = {
      {"Tanh", "", ""}, {"Sigmoid", "Tanh", ""}, {"Sigmoid", "Tanh", "Tanh"}};
  const onnx::AttributeProto *names = n.attribute("activations");
  const onnx::AttributeProto *alphas = n.attribute("activation_alpha");
  const onnx::AttributeProto *betas = n.attribute("activation_beta");
  int alphaAt = 0, betaAt = 0;
  for (int64_t i = 0; i < perDirection * directions; ++i) {
    Activation f;
    f.name = names && i < names->strings_size()
                 ? names->strings(i)
                 : defaults[perDirection - 1][i % perDirection];
    static const char *const known[] = {"Sigmoid",   "Tanh",        "Relu",
                                        "LeakyRelu", "HardSigmoid", "Affine",
                                        "ScaledTanh"};
    if (!llvm::is_contained(known, f.name))
      return n.error() << "activation '" << f.name << "' is not supported";
    bool takesAlpha = f.name == "LeakyRelu" || f.name == "HardSigmoid" ||
                      f.name == "Affine" || f.name == "ScaledTanh";
    bool takesBeta =
        f.name == "HardSigmoid" || f.name == "Affine" || f.name == "ScaledTanh";
    f.alpha = f.name == "LeakyRelu" ? 0.01 : f.name == "HardSigmoid" ? 0.2 : 1;
    f.beta = f.name == "HardSigmoid" ? 0.5 : f.name == "Affine" ? 0 : 1;
    if (takesAlpha && alphas && alphaAt < alphas->floats_size())
      f.alpha = alphas->floats(alphaAt++);
    if (takesBeta && betas && betaAt < betas->floats_size())
      f.beta = betas->floats(betaAt++);
    activations.push_back(f);
  }

  Type element = typeOf(x).getElementType();
  auto zeros = [&](ArrayRef<int64_t> shape) {
    return k.splat(RankedTensorType::get(shape, element), 0);
  };
  auto preActivation = [&](Value v) {
    if (!clip)
      return v;
    return Value(MinOp::create(n.b, k.scalarLike(v, *clip),
                               MaxOp::create(n.b, k.scalarLike(v, -*clip), v)));
  };
  Value flatX = k.reshape(x, {seq * batch, inputSize});
  SmallVector<Value> ys, finalH, finalC;
  for (int64_t d = 0; d < directions; ++d) {
    bool reverse = direction == "reverse" || d == 1;
    Value w = row(k, *wIn, d), r = row(k, *rIn, d);
    // Input projections of every step at once, with the input bias; the
    // recurrent bias is added to each step's recurrent product.
    Value projected =
        k.reshape(timesTransposed(k, flatX, w), {seq, batch, gates * hidden});
    Value recurrentBias;
    if (Value biases = n.input(3)) {
      Value bias = row(k, biases, d);
      Value wb = block(k, bias, 0, gates * hidden);
      Value rb = block(k, bias, 1, gates * hidden);
      projected = k.add(projected, wb);
      recurrentBias = rb;
    }
    Value h = n.input(5) ? row(k, n.input(5), d) : zeros({batch, hidden});
    Value c;
    if (cell == Cell::lstm)
      c = n.input(6) ? row(k, n.input(6), d) : zeros({batch, hidden});
    Value peepholes =
        cell == Cell::lstm && n.input(7) ? row(k, n.input(7), d) : Value();
    ArrayRef<Activation> fs =
        ArrayRef<Activation>(activations).slice(d * perDirection, perDirection);
    SmallVector<Value> steps(seq);
    // GRU's recurrent weights: the z and r gates, then the hidden gate.
    Value rGates, rHidden, gatesBias, hiddenBias;
    if (cell == Cell::gru) {
      rGates = k.slice(r, {0, 0}, {2 * hidden, hidden}, {1, 1});
      rHidden = k.slice(r, {2 * hidden, 0}, {3 * hidden, hidden}, {1, 1});
      if (recurrentBias) {
        gatesBias = block(k, recurrentBias, 0, 2 * hidden);
        hiddenBias = block(k, recurrentBias, 2, hidden);
      }
    }
    for (int64_t i = 0; i < seq; ++i) {
      int64_t t = reverse ? seq - 1 - i : i;
      Value xt = row(k, projected, t);
      if (cell == Cell::gru) {
        // Gate order z, r, h.
        Value hzr = timesTransposed(k, h, rGates);
        if (gatesBias)
          hzr = k.add(hzr, gatesBias);
        Value zt = activate(k, fs[0],
                            preActivation(k.add(block(k, xt, 0, hidden),
                                                block(k, hzr, 0, hidden))));
        Value rt = activate(k, fs[0],
                            preActivation(k.add(block(k, xt, 1, hidden),
                                                block(k, hzr, 1, hidden))));
        // linear_before_reset applies the reset gate after the product.
        Value hh = linearBeforeReset
                       ? timesTransposed(k, h, rHidden)
                       : timesTransposed(k, k.mul(rt, h), rHidden);
        if (hiddenBias)
          hh = k.add(hh, hiddenBias);
        if (linearBeforeReset)
          hh = k.mul(rt, hh);
        Value ht = activate(k, fs[1],
                            preActivation(k.add(block(k, xt, 2, hidden), hh)));
        h = k.add(k.mul(k.sub(k.scalarLike(zt, 1), zt), ht), k.mul(zt, h));
        steps[t] = k.reshape(h, {1, 1, batch, hidden});
        continue;
      }
      Value hr = timesTransposed(k, h, r);
      if (recurrentBias)
        hr = k.add(hr, recurrentBias);
      if (cell == Cell::rnn) {
        h = activate(k, fs[0], preActivation(k.add(xt, hr)));
      } else {
        // LSTM, gate order i, o, f, c.
        Value sum = k.add(xt, hr);
        Value gi = block(k, sum, 0, hidden), go = block(k, sum, 1, hidden),
              gf = block(k, sum, 2, hidden), gc = block(k, sum, 3, hidden);
        if (peepholes) {
          gi = k.add(gi, k.mul(block(k, peepholes, 0, hidden), c));
          gf = k.add(gf, k.mul(block(k, peepholes, 2, hidden), c));
        }
        Value it = activate(k, fs[0], preActivation(gi));
        Value ft = activate(k, fs[0], preActivation(gf));
        Value ct = activate(k, fs[1], preActivation(gc));
        c = k.add(k.mul(ft, c), k.mul(it, ct));
        if (peepholes)
          go = k.add(go, k.mul(block(k, peepholes, 1, hidden), c));
        Value ot = activate(k, fs[0], preActivation(go));
        h = k.mul(ot, activate(k, fs[2], c));
      }
      steps[t] = k.reshape(h, {1, 1, batch, hidden});
    }
    ys.push_back(seq == 1 ? steps[0] : k.concat(steps, 0));
    finalH.push_back(k.reshape(h, {1, batch, hidden}));
    if (c)
      finalC.push_back(k.reshape(c, {1, batch, hidden}));
  }
  Value y = directions == 1 ? ys[0] : k.concat(ys, 1);
  Value yh = directions == 1 ? finalH[0] : k.concat(finalH, 0);
  if (layout) {
    y = k.transpose(y, {2, 0, 1, 3});
    yh = k.transpose(yh, {1, 0, 2});
  }
  n.setOutput(0, y);
  n.setOutput(1, yh);
  if (cell == Cell::lstm) {
    Value yc = directions == 1 ? finalC[0] : k.concat(finalC, 0);
    n.setOutput(2, layout ? k.transpose(yc, {1, 0, 2}) : yc);
  }
  return success();
}

} // namespace

void mlir::kiln::onnx_import::addRecurrentConverters(ConverterMap &map) {
  map["RNN"] = [](NodeContext &n) { return convertRecurrent(n, Cell::rnn); };
  map["GRU"] = [](NodeContext &n) { return convertRecurrent(n, Cell::gru); };
  map["LSTM"] = [](NodeContext &n) { return convertRecurrent(n, Cell::lstm); };
}
