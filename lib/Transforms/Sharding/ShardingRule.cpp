//===- ShardingRule.cpp - Factor rules of the kiln ops
//---------------------===//
//
// One rule per kiln op (see ShardingRule.h): which dimensions of its
// operands and results are the same loop, and what sharding that loop
// costs. Reshape's rule splits and merges dims into common factors.
//
//===----------------------------------------------------------------------===//

#include "kiln/Transforms/Sharding/ShardingRule.h"

#include "kiln/KilnOps.h"

#include "llvm/ADT/TypeSwitch.h"

#include <numeric>

using namespace mlir;
using namespace mlir::kiln;

bool OpShardingRule::isPassThroughOnly() const {
  return llvm::all_of(factorKinds, [](FactorKind kind) {
    return kind == FactorKind::PassThrough;
  });
}

namespace {

/// Builds a rule tensor by tensor; tensors are numbered operands first.
class RuleBuilder {
public:
  explicit RuleBuilder(Operation *op) : op(op) {
    rule.numOperands = op->getNumOperands();
    for (Type type :
         llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes())) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      rule.dims.emplace_back(tensor ? tensor.getRank() : 0);
    }
  }

  ArrayRef<int64_t> shape(unsigned tensor) const {
    Type type = tensor < rule.numOperands
                    ? op->getOperand(tensor).getType()
                    : op->getResult(tensor - rule.numOperands).getType();
    if (auto ranked = dyn_cast<RankedTensorType>(type))
      return ranked.getShape();
    return {};
  }
  unsigned result(unsigned index = 0) const { return rule.numOperands + index; }

  unsigned add(int64_t size, FactorKind kind) {
    return rule.addFactor(size, kind);
  }
  void map(unsigned tensor, int64_t dim, unsigned factor) {
    rule.dims[tensor][dim].push_back(factor);
  }
  /// A new factor of `kind` for `dim` of `tensor` alone.
  void own(unsigned tensor, int64_t dim, FactorKind kind) {
    map(tensor, dim, add(shape(tensor)[dim], kind));
  }

  /// Maps `tensor`'s dims, aligned at the trailing end (NumPy
  /// broadcasting), onto `factors` (one per dim of a reference shape of
  /// `refShape`); a dim of size 1 that broadcasts gets no factor.
  void mapBroadcast(unsigned tensor, ArrayRef<unsigned> factors,
                    ArrayRef<int64_t> refShape) {
    ArrayRef<int64_t> dims = shape(tensor);
    int64_t offset = static_cast<int64_t>(refShape.size()) - dims.size();
    if (offset < 0)
      return;
    for (auto [index, size] : llvm::enumerate(dims))
      if (size == refShape[index + offset] && size != 1)
        map(tensor, index, factors[index + offset]);
  }

  /// One factor per dim of `refShape` (kinds from `kindOf(dim)`); every
  /// tensor that broadcasts to it is mapped.
  SmallVector<unsigned> addAligned(ArrayRef<int64_t> refShape,
                                   function_ref<FactorKind(int64_t)> kindOf) {
    SmallVector<unsigned> factors;
    for (auto [dim, size] : llvm::enumerate(refShape))
      factors.push_back(add(size, kindOf(dim)));
    return factors;
  }

  OpShardingRule take() { return std::move(rule); }

private:
  Operation *op;
  OpShardingRule rule;
};

} // namespace

/// Elementwise ops and their kin: every tensor broadcasts to the first
/// result's shape, each dim of which is one PassThrough factor.
static OpShardingRule elementwiseRule(Operation *op) {
  RuleBuilder rb(op);
  ArrayRef<int64_t> ref = rb.shape(rb.result());
  SmallVector<unsigned> factors =
      rb.addAligned(ref, [](int64_t) { return FactorKind::PassThrough; });
  for (unsigned tensor = 0, e = op->getNumOperands() + op->getNumResults();
       tensor < e; ++tensor)
    rb.mapBroadcast(tensor, factors, ref);
  return rb.take();
}

/// Operand i and result i are the same tensor (barriers, constraints).
static OpShardingRule identityRule(Operation *op) {
  RuleBuilder rb(op);
  for (unsigned i = 0, e = op->getNumOperands(); i < e; ++i)
    for (auto [dim, size] : llvm::enumerate(rb.shape(i))) {
      unsigned factor = rb.add(size, FactorKind::PassThrough);
      rb.map(i, dim, factor);
      rb.map(rb.result(i), dim, factor);
    }
  return rb.take();
}

/// Ops over one operand whose listed dims are `special` (reduced, or
/// needing replication) and whose other dims pass to the result, dropped
/// there when `dropSpecial` (a reduction without keep_dims).
static OpShardingRule perDimRule(Operation *op, ArrayRef<int64_t> special,
                                 FactorKind specialKind, bool dropSpecial) {
  RuleBuilder rb(op);
  int64_t resultDim = 0;
  for (auto [dim, size] : llvm::enumerate(rb.shape(0))) {
    bool isSpecial = llvm::is_contained(special, static_cast<int64_t>(dim));
    unsigned factor =
        rb.add(size, isSpecial ? specialKind : FactorKind::PassThrough);
    rb.map(0, dim, factor);
    if (isSpecial && dropSpecial)
      continue;
    if (!isSpecial || specialKind != FactorKind::Reduction)
      rb.map(rb.result(), resultDim, factor);
    ++resultDim;
  }
  return rb.take();
}

/// Splits and merges the dims of a reshape into common factors: 8x6 ->
/// 4x12 gives factors 4, 2, 6 with input dims [4,2], [6] and output dims
/// [4], [2,6]. Where sizes stop lining up (6x4 -> 4x6 after the common 2),
/// the rest of each side must stay replicated.
static OpShardingRule reshapeRule(ReshapeOp op) {
  RuleBuilder rb(op);
  ArrayRef<int64_t> in = rb.shape(0), out = rb.shape(1);
  size_t i = 0, j = 0;
  auto skipOnes = [](ArrayRef<int64_t> shape, size_t &k) {
    while (k < shape.size() && shape[k] == 1)
      ++k;
  };
  skipOnes(in, i);
  skipOnes(out, j);
  int64_t restIn = i < in.size() ? in[i] : 1;
  int64_t restOut = j < out.size() ? out[j] : 1;
  while (i < in.size() && j < out.size()) {
    int64_t factor = restIn % restOut == 0   ? restOut
                     : restOut % restIn == 0 ? restIn
                                             : std::gcd(restIn, restOut);
    if (factor == 1)
      break;
    unsigned f = rb.add(factor, FactorKind::PassThrough);
    rb.map(0, i, f);
    rb.map(1, j, f);
    restIn /= factor;
    restOut /= factor;
    if (restIn == 1) {
      ++i;
      skipOnes(in, i);
      restIn = i < in.size() ? in[i] : 1;
    }
    if (restOut == 1) {
      ++j;
      skipOnes(out, j);
      restOut = j < out.size() ? out[j] : 1;
    }
  }
  // Misaligned remainders: a replicated factor per leftover piece.
  for (; i < in.size(); ++i, restIn = i < in.size() ? in[i] : 1)
    if (restIn > 1)
      rb.map(0, i, rb.add(restIn, FactorKind::NeedReplication));
  for (; j < out.size(); ++j, restOut = j < out.size() ? out[j] : 1)
    if (restOut > 1)
      rb.map(1, j, rb.add(restOut, FactorKind::NeedReplication));
  return rb.take();
}

static OpShardingRule transposeRule(TransposeOp op) {
  RuleBuilder rb(op);
  ArrayRef<int64_t> perm = op.getPermutation();
  for (auto [resultDim, operandDim] : llvm::enumerate(perm)) {
    unsigned f = rb.add(rb.shape(0)[operandDim], FactorKind::PassThrough);
    rb.map(0, operandDim, f);
    rb.map(rb.result(), resultDim, f);
  }
  return rb.take();
}

static OpShardingRule dotRule(DotOp op) {
  RuleBuilder rb(op);
  DotDimensionsAttr dims = op.getDimensions();
  ArrayRef<int64_t> lhs = rb.shape(0), rhs = rb.shape(1);
  int64_t resultDim = 0;
  for (auto [l, r] :
       llvm::zip(dims.getLhsBatchDims(), dims.getRhsBatchDims())) {
    unsigned f = rb.add(lhs[l], FactorKind::PassThrough);
    rb.map(0, l, f);
    rb.map(1, r, f);
    rb.map(rb.result(), resultDim++, f);
  }
  auto free = [&](unsigned tensor, ArrayRef<int64_t> shape,
                  ArrayRef<int64_t> batch, ArrayRef<int64_t> contract) {
    for (auto [dim, size] : llvm::enumerate(shape)) {
      int64_t d = dim;
      if (llvm::is_contained(batch, d) || llvm::is_contained(contract, d))
        continue;
      unsigned f = rb.add(size, FactorKind::PassThrough);
      rb.map(tensor, dim, f);
      rb.map(rb.result(), resultDim++, f);
    }
  };
  free(0, lhs, dims.getLhsBatchDims(), dims.getLhsContractingDims());
  free(1, rhs, dims.getRhsBatchDims(), dims.getRhsContractingDims());
  for (auto [l, r] :
       llvm::zip(dims.getLhsContractingDims(), dims.getRhsContractingDims())) {
    unsigned f = rb.add(lhs[l], FactorKind::Reduction);
    rb.map(0, l, f);
    rb.map(1, r, f);
  }
  return rb.take();
}

/// input [N, C, H, W] * filter [F, C/g, KH, KW] -> [N, F, OH, OW]. With
/// groups, C and F are [g, C/g] and [g, F/g]: the group factor passes
/// through, the channels within a group are contracted.
static OpShardingRule conv2dRule(Conv2DOp op) {
  RuleBuilder rb(op);
  ArrayRef<int64_t> input = rb.shape(0), filter = rb.shape(1);
  unsigned out = rb.result();
  int64_t groups = op.getGroups();
  unsigned n = rb.add(input[0], FactorKind::PassThrough);
  rb.map(0, 0, n);
  rb.map(out, 0, n);
  if (groups > 1) {
    unsigned g = rb.add(groups, FactorKind::PassThrough);
    rb.map(0, 1, g);
    rb.map(1, 0, g);
    rb.map(out, 1, g);
  }
  int64_t perGroupOut = filter[0] / std::max<int64_t>(groups, 1);
  if (perGroupOut > 1) {
    unsigned f = rb.add(perGroupOut, FactorKind::PassThrough);
    rb.map(1, 0, f);
    rb.map(out, 1, f);
  }
  if (filter[1] > 1) {
    unsigned c = rb.add(filter[1], FactorKind::Reduction);
    rb.map(0, 1, c);
    rb.map(1, 1, c);
  }
  for (int64_t dim : {2, 3}) {
    unsigned s = rb.add(rb.shape(out)[dim], FactorKind::Window);
    rb.map(0, dim, s);
    rb.map(out, dim, s);
  }
  return rb.take();
}

/// Pooling: batch and channel pass through, the spatial dims are windows.
static OpShardingRule poolRule(Operation *op, FactorKind spatial) {
  RuleBuilder rb(op);
  for (int64_t dim = 0; dim < 4; ++dim) {
    unsigned f =
        rb.add(rb.shape(0)[dim], dim < 2 ? FactorKind::PassThrough : spatial);
    rb.map(0, dim, f);
    if (dim < 2 || spatial != FactorKind::Reduction)
      rb.map(rb.result(), dim, f);
  }
  return rb.take();
}

/// Normalizations over dims `axis..`: those stay whole; scale and bias
/// (shaped like the normalized dims) follow them.
static OpShardingRule normRule(Operation *op, int64_t axis) {
  RuleBuilder rb(op);
  ArrayRef<int64_t> shape = rb.shape(0);
  SmallVector<unsigned> factors = rb.addAligned(shape, [&](int64_t dim) {
    return dim >= axis ? FactorKind::NeedReplication : FactorKind::PassThrough;
  });
  for (unsigned tensor = 0, e = rb.result() + 1; tensor < e; ++tensor)
    rb.mapBroadcast(tensor, factors, shape);
  return rb.take();
}

/// Batch norm: every dim of the input passes through; the four [C]
/// parameters follow the channel dim.
static OpShardingRule batchNormRule(BatchNormOp op) {
  RuleBuilder rb(op);
  ArrayRef<int64_t> shape = rb.shape(0);
  SmallVector<unsigned> factors =
      rb.addAligned(shape, [](int64_t) { return FactorKind::PassThrough; });
  for (unsigned dim = 0; dim < shape.size(); ++dim) {
    rb.map(0, dim, factors[dim]);
    rb.map(rb.result(), dim, factors[dim]);
  }
  for (unsigned param = 1; param <= 4; ++param)
    if (shape.size() > 1 && shape[1] > 1)
      rb.map(param, 0, factors[1]);
  return rb.take();
}

/// Concat and split: the joined dim stays whole, the others pass through.
static OpShardingRule joinRule(Operation *op, int64_t joined) {
  RuleBuilder rb(op);
  ArrayRef<int64_t> ref = rb.shape(rb.result());
  SmallVector<unsigned> factors = rb.addAligned(ref, [&](int64_t dim) {
    return dim == joined ? FactorKind::NeedReplication
                         : FactorKind::PassThrough;
  });
  for (unsigned tensor = 0, e = op->getNumOperands() + op->getNumResults();
       tensor < e; ++tensor)
    for (unsigned dim = 0; dim < rb.shape(tensor).size(); ++dim)
      rb.map(tensor, dim, factors[dim]);
  return rb.take();
}

/// Slice and pad: a dim they change stays whole; an untouched dim passes.
static OpShardingRule windowedCopyRule(Operation *op,
                                       function_ref<bool(int64_t)> touched) {
  RuleBuilder rb(op);
  for (auto [dim, size] : llvm::enumerate(rb.shape(0))) {
    bool changed = touched(dim);
    unsigned f = rb.add(size, changed ? FactorKind::NeedReplication
                                      : FactorKind::PassThrough);
    rb.map(0, dim, f);
    rb.map(rb.result(), dim, f);
  }
  return rb.take();
}

/// data [D0..Dn][indices I] along axis -> [D0..D(axis-1), I.., D(axis+1)..].
static OpShardingRule gatherRule(GatherOp op) {
  RuleBuilder rb(op);
  ArrayRef<int64_t> data = rb.shape(0), indices = rb.shape(1);
  int64_t axis = op.getAxis();
  if (axis < 0)
    axis += data.size();
  unsigned out = rb.result();
  int64_t resultDim = 0;
  for (int64_t dim = 0; dim < static_cast<int64_t>(data.size()); ++dim) {
    if (dim == axis) {
      rb.own(0, dim, FactorKind::NeedReplication);
      for (auto [index, size] : llvm::enumerate(indices)) {
        unsigned f = rb.add(size, FactorKind::PassThrough);
        rb.map(1, index, f);
        rb.map(out, resultDim++, f);
      }
      continue;
    }
    unsigned f = rb.add(data[dim], FactorKind::PassThrough);
    rb.map(0, dim, f);
    rb.map(out, resultDim++, f);
  }
  return rb.take();
}

/// q [B, Hq, Sq, D], k [B, Hkv, Sk, D], v [B, Hkv, Sk, Dv], mask
/// broadcasting to [B, Hq, Sq, Sk] -> [B, Hq, Sq, Dv]. Heads split into
/// [Hkv, Hq/Hkv] for grouped queries. Sk and D stay whole: the softmax runs
/// over Sk and the scores need all of D before it. kiln.attention_lse adds
/// lse [B, Hq, Sq]. kiln.attention_grad reads output, lse and grad (laid
/// out as the result, lse) and gives dq, dk, dv laid out as q, k, v; only
/// its batch and kv heads pass through (dk and dv sum over the queries and
/// the group, dq over the keys, delta over Dv).
static OpShardingRule attentionRule(Operation *op, Value mask, bool causal) {
  RuleBuilder rb(op);
  bool backward = isa<AttentionGradOp>(op);
  auto kind = [&](FactorKind forward) {
    return backward ? FactorKind::NeedReplication : forward;
  };
  ArrayRef<int64_t> q = rb.shape(0), k = rb.shape(1), v = rb.shape(2);
  unsigned b = rb.add(q[0], FactorKind::PassThrough);
  unsigned h = rb.add(k[1], FactorKind::PassThrough);
  std::optional<unsigned> group;
  if (q[1] != k[1] && k[1] > 0 && q[1] % k[1] == 0)
    group = rb.add(q[1] / k[1], kind(FactorKind::PassThrough));
  // A causal mask compares global query and key positions: the local
  // program of a split query dim would mask by its local row numbers.
  unsigned sq = rb.add(q[2], causal ? FactorKind::NeedReplication
                                    : kind(FactorKind::PassThrough));
  unsigned sk = rb.add(k[2], FactorKind::NeedReplication);
  unsigned d = rb.add(q[3], FactorKind::NeedReplication);
  unsigned dv = rb.add(v[3], kind(FactorKind::PassThrough));
  auto heads = [&](unsigned tensor, bool isQueryHeads) {
    rb.map(tensor, 1, h);
    if (isQueryHeads && group)
      rb.map(tensor, 1, *group);
  };
  // Tensors laid out as q [B, Hq, Sq, width], k or v [B, Hkv, Sk, width],
  // or lse [B, Hq, Sq].
  auto queries = [&](unsigned tensor, std::optional<unsigned> width) {
    rb.map(tensor, 0, b);
    heads(tensor, true);
    rb.map(tensor, 2, sq);
    if (width)
      rb.map(tensor, 3, *width);
  };
  auto keys = [&](unsigned tensor, unsigned width) {
    rb.map(tensor, 0, b);
    heads(tensor, false);
    rb.map(tensor, 2, sk);
    rb.map(tensor, 3, width);
  };
  queries(0, d);
  keys(1, d);
  keys(2, dv);
  unsigned maskTensor;
  if (backward) {
    queries(3, dv);
    queries(4, std::nullopt);
    queries(5, dv);
    maskTensor = 6;
    queries(rb.result(0), d);
    keys(rb.result(1), d);
    keys(rb.result(2), dv);
  } else {
    maskTensor = 3;
    queries(rb.result(0), dv);
    if (isa<AttentionLseOp>(op))
      queries(rb.result(1), std::nullopt);
  }
  if (mask) {
    ArrayRef<int64_t> maskShape = rb.shape(maskTensor);
    SmallVector<int64_t> full = {q[0], q[1], q[2], k[2]};
    int64_t offset = 4 - static_cast<int64_t>(maskShape.size());
    for (auto [index, size] : llvm::enumerate(maskShape)) {
      int64_t dim = index + offset;
      if (offset < 0 || size == 1 || size != full[dim])
        continue;
      if (dim == 1)
        heads(maskTensor, true);
      else
        rb.map(maskTensor, index, dim == 0 ? b : dim == 2 ? sq : sk);
    }
  }
  return rb.take();
}

/// Losses: the leading (sample) dims are reduced away unless
/// `reduction = none`; cross entropy's class dim stays whole.
static OpShardingRule lossRule(Operation *op, bool keepsShape,
                               bool hasClassDim) {
  RuleBuilder rb(op);
  ArrayRef<int64_t> shape = rb.shape(0);
  for (auto [dim, size] : llvm::enumerate(shape)) {
    bool isClass = hasClassDim && dim + 1 == shape.size();
    unsigned f = rb.add(size, isClass      ? FactorKind::NeedReplication
                              : keepsShape ? FactorKind::PassThrough
                                           : FactorKind::Reduction);
    rb.map(0, dim, f);
    if (isClass)
      continue;
    rb.map(1, dim, f);
    if (keepsShape)
      rb.map(rb.result(), dim, f);
  }
  return rb.take();
}

static SmallVector<int64_t> normalizedDims(ArrayRef<int64_t> dims,
                                           int64_t rank) {
  SmallVector<int64_t> result;
  for (int64_t dim : dims)
    result.push_back(dim < 0 ? dim + rank : dim);
  return result;
}

std::optional<OpShardingRule> mlir::kiln::getShardingRule(Operation *op) {
  if (op->getNumResults() == 0 ||
      !llvm::all_of(
          llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes()),
          [](Type type) { return isa<RankedTensorType>(type); }))
    return std::nullopt;
  auto rankOf = [](Value value) {
    return cast<RankedTensorType>(value.getType()).getRank();
  };
  return llvm::TypeSwitch<Operation *, std::optional<OpShardingRule>>(op)
      .Case<AddOp, SubOp, MulOp, DivOp, MaxOp, MinOp, PowOp, CompareOp,
            SelectOp, CastOp, BroadcastOp, GeluOp, ConstantOp, IotaOp, SgdOp,
            AdamWOp>([](Operation *op) { return elementwiseRule(op); })
      .Case<OptimizationBarrierOp, ShardingConstraintOp>(
          [](Operation *op) { return identityRule(op); })
      .Case<ReshapeOp>([](ReshapeOp op) { return reshapeRule(op); })
      .Case<TransposeOp>([](TransposeOp op) { return transposeRule(op); })
      .Case<DotOp>([](DotOp op) { return dotRule(op); })
      .Case<Conv2DOp>([](Conv2DOp op) { return conv2dRule(op); })
      .Case<MaxPool2DOp, AvgPool2DOp>(
          [](Operation *op) { return poolRule(op, FactorKind::Window); })
      .Case<GlobalAvgPool2DOp>(
          [](Operation *op) { return poolRule(op, FactorKind::Reduction); })
      .Case<ReduceSumOp, ReduceMeanOp, ReduceProdOp, ReduceMaxOp, ReduceMinOp>(
          [&](auto reduce) {
            return perDimRule(
                reduce,
                normalizedDims(reduce.getDims(), rankOf(reduce.getOperand())),
                FactorKind::Reduction, !reduce.getKeepDims());
          })
      .Case<ArgMaxOp, ArgMinOp>([&](auto argmax) {
        return perDimRule(
            argmax,
            normalizedDims({static_cast<int64_t>(argmax.getDim())},
                           rankOf(argmax.getOperand())),
            FactorKind::NeedReplication, !argmax.getKeepDims());
      })
      .Case<SoftmaxOp, LogSoftmaxOp>([&](auto softmax) {
        return perDimRule(
            softmax,
            normalizedDims({static_cast<int64_t>(softmax.getDim())},
                           rankOf(softmax.getOperand())),
            FactorKind::NeedReplication, false);
      })
      .Case<LayerNormOp, RmsNormOp>([&](auto norm) {
        int64_t axis = norm.getAxis();
        return normRule(norm, axis < 0 ? axis + rankOf(norm.getInput()) : axis);
      })
      .Case<BatchNormOp>([](BatchNormOp op) { return batchNormRule(op); })
      .Case<ConcatOp>([&](ConcatOp op) {
        int64_t dim = op.getDim();
        return joinRule(op, dim < 0 ? dim + rankOf(op.getResult()) : dim);
      })
      .Case<SplitOp>([&](SplitOp op) {
        int64_t dim = op.getDim();
        return joinRule(op, dim < 0 ? dim + rankOf(op.getOperand()) : dim);
      })
      .Case<SliceOp>([&](SliceOp op) {
        ArrayRef<int64_t> shape = op.getOperand().getType().getShape();
        return windowedCopyRule(op, [&](int64_t dim) {
          return op.getStart()[dim] != 0 || op.getLimit()[dim] != shape[dim] ||
                 op.getStride()[dim] != 1;
        });
      })
      .Case<PadOp>([&](PadOp op) {
        return windowedCopyRule(op, [&](int64_t dim) {
          return op.getLow()[dim] != 0 || op.getHigh()[dim] != 0;
        });
      })
      .Case<GatherOp>([](GatherOp op) { return gatherRule(op); })
      .Case<AttentionOp, AttentionLseOp, AttentionGradOp>([](auto op) {
        return attentionRule(op, op.getMask(), op.getCausal());
      })
      .Case<CrossEntropyOp>([](CrossEntropyOp op) {
        return lossRule(op, op.getReduction() == LossReduction::none, true);
      })
      .Case<MseOp>([](MseOp op) {
        return lossRule(op, op.getReduction() == LossReduction::none, false);
      })
      .Default([](Operation *op) -> std::optional<OpShardingRule> {
        if (op->hasTrait<OpTrait::Elementwise>() &&
            isa<KilnDialect>(op->getDialect()))
          return elementwiseRule(op);
        return std::nullopt;
      });
}

int64_t mlir::kiln::getWindowHalo(Operation *op, int64_t dim) {
  if (dim != 2 && dim != 3)
    return 0;
  int64_t spatial = dim - 2;
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    int64_t kernel = conv.getFilter().getType().getShape()[dim];
    return (kernel - 1) * conv.getDilations()[spatial];
  }
  if (auto pool = dyn_cast<MaxPool2DOp>(op))
    return pool.getWindow()[spatial] - 1;
  if (auto pool = dyn_cast<AvgPool2DOp>(op))
    return pool.getWindow()[spatial] - 1;
  return 0;
}
