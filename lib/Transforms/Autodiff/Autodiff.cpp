//===- Autodiff.cpp - Reverse-mode sweep and the --kiln-autodiff pass -----===//
//
// The sweep walks the forward ops backwards, keeping one adjoint per value
// (absent means zero) and adding contributions where a value has several
// users. An op with a direct rule (GradientRules.h) emits its operands'
// adjoints; a composite op without one (layer/rms/batch norm, attention,
// losses) is decomposed one level at the backward insertion point and the
// sweep recurses into that decomposition, so its backward is the exact
// derivative of the forward decomposition. Attention has a rule of its own
// (AttentionGradients.cpp): FlashAttention-2's backward from the saved
// log-sum-exp, unless its mask needs a gradient.
//
// Activity analysis runs first: only values that depend on a requested
// argument get adjoints, so no gradient is built for parameters that are
// frozen, for labels or for index arithmetic.
//
//===----------------------------------------------------------------------===//

#include "kiln/Transforms/Autodiff.h"
#include "kiln/KilnDialect.h"

#include "GradientRules.h"
#include "kiln/Transforms/Decompose.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_AUTODIFFPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::autodiff;

namespace {

bool isFloatTensor(Value v) { return autodiff::isFloatTensor(v.getType()); }

class ReverseSweep {
public:
  explicit ReverseSweep(KilnBuilder &k) : k(k) {}

  LogicalResult run(ArrayRef<Operation *> ops, ValueRange values,
                    ValueRange seeds, ValueRange sources) {
    for (Value source : sources)
      if (isFloatTensor(source))
        active.insert(source);
    for (Operation *op : ops) {
      if (hasZeroGradient(op) || llvm::none_of(op->getOperands(), [&](Value v) {
            return active.contains(v);
          }))
        continue;
      for (Value result : op->getResults())
        if (isFloatTensor(result))
          active.insert(result);
    }
    for (auto [value, seed] : llvm::zip_equal(values, seeds))
      if (active.contains(value))
        accumulate(value, seed);
    for (Operation *op : llvm::reverse(ops))
      if (failed(visit(op)))
        return failure();
    return success();
  }

  /// The adjoint of `v`, zeros when nothing reached it.
  Value adjointOf(Value v) {
    if (Value adjoint = adjoints.lookup(v))
      return adjoint;
    return k.splat(typeOf(v), 0.0);
  }

private:
  void accumulate(Value v, Value adjoint) {
    Value &slot = adjoints[v];
    slot = slot ? k.add(slot, adjoint) : adjoint;
  }

  LogicalResult visit(Operation *op) {
    SmallVector<Value> resultAdjoints;
    bool reached = false;
    for (Value result : op->getResults()) {
      resultAdjoints.push_back(adjoints.lookup(result));
      reached |= static_cast<bool>(resultAdjoints.back());
    }
    if (!reached || hasZeroGradient(op) ||
        llvm::none_of(op->getOperands(),
                      [&](Value v) { return active.contains(v); }))
      return success();
    if (!isa_and_present<KilnDialect>(op->getDialect()) ||
        op->getNumRegions() != 0)
      return op->emitError("kiln-autodiff: no gradient rule for '")
             << op->getName() << "'";
    k.builder().setLoc(op->getLoc());
    std::optional<Adjoints> operandAdjoints;
    if (auto attention = dyn_cast<AttentionOp>(op)) {
      Value mask = attention.getMask();
      operandAdjoints = attentionGradient(attention, resultAdjoints[0],
                                          mask && active.contains(mask), k);
    } else {
      operandAdjoints = directGradient(op, resultAdjoints, k);
    }
    if (!operandAdjoints) {
      FailureOr<Adjoints> composite = throughDecomposition(op, resultAdjoints);
      if (failed(composite))
        return failure();
      operandAdjoints = *composite;
    }
    for (auto [operand, adjoint] :
         llvm::zip_equal(op->getOperands(), *operandAdjoints))
      if (adjoint && active.contains(operand))
        accumulate(operand, adjoint);
    return success();
  }

  /// Emits `op`'s decomposition here and differentiates through it.
  FailureOr<Adjoints> throughDecomposition(Operation *op,
                                           ArrayRef<Value> resultAdjoints) {
    ImplicitLocOpBuilder &b = k.builder();
    Block *block = b.getInsertionBlock();
    Block::iterator point = b.getInsertionPoint();
    Operation *previous =
        point == block->begin() ? nullptr : &*std::prev(point);
    FailureOr<SmallVector<Value>> replacement = emitDecomposition(op, b);
    if (failed(replacement))
      return op->emitError("kiln-autodiff: '")
             << op->getName()
             << "' is not differentiable (no gradient rule and no "
                "decomposition)";
    SmallVector<Operation *> expansion;
    for (Block::iterator it = previous ? std::next(previous->getIterator())
                                       : block->begin();
         it != point; ++it)
      expansion.push_back(&*it);
    SmallVector<Value> values, seeds, sources;
    for (auto [value, seed] : llvm::zip_equal(*replacement, resultAdjoints))
      if (seed) {
        values.push_back(value);
        seeds.push_back(seed);
      }
    for (Value operand : op->getOperands())
      if (active.contains(operand))
        sources.push_back(operand);
    ReverseSweep inner(k);
    if (failed(inner.run(expansion, values, seeds, sources)))
      return failure();
    Adjoints result;
    for (Value operand : op->getOperands())
      result.push_back(active.contains(operand) ? inner.adjointOf(operand)
                                                : Value());
    return result;
  }

  KilnBuilder &k;
  DenseSet<Value> active;
  DenseMap<Value, Value> adjoints;
};

} // namespace

void mlir::kiln::eraseDeadOps(Block &block) {
  // Users follow their operands in a block, so one backward pass erases
  // whole dead chains.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block)))
    if (isOpTriviallyDead(&op))
      op.erase();
}

FailureOr<SmallVector<Value>>
mlir::kiln::emitGradients(ArrayRef<Operation *> ops, ValueRange values,
                          ValueRange seeds, ValueRange sources,
                          KilnBuilder &k) {
  ReverseSweep sweep(k);
  if (failed(sweep.run(ops, values, seeds, sources)))
    return failure();
  SmallVector<Value> result;
  for (Value source : sources)
    result.push_back(sweep.adjointOf(source));
  return result;
}

FailureOr<func::FuncOp>
mlir::kiln::buildGradientFunction(func::FuncOp loss, ArrayRef<unsigned> wrt,
                                  StringRef name) {
  FunctionType type = loss.getFunctionType();
  if (type.getNumResults() == 0)
    return loss.emitError("kiln-autodiff: '")
           << loss.getSymName() << "' returns nothing to differentiate";
  auto lossType = dyn_cast<RankedTensorType>(type.getResult(0));
  if (!lossType || !isa<FloatType>(lossType.getElementType()) ||
      !lossType.hasStaticShape() || lossType.getNumElements() != 1)
    return loss.emitError("kiln-autodiff: result 0 of '")
           << loss.getSymName() << "' is " << type.getResult(0)
           << "; the loss must be a float tensor of one element";
  if (!loss.getBody().hasOneBlock())
    return loss.emitError("kiln-autodiff: '")
           << loss.getSymName() << "' must have a single block";
  for (unsigned index : wrt) {
    if (index >= type.getNumInputs())
      return loss.emitError("kiln-autodiff: wrt index ")
             << index << " is out of range ('" << loss.getSymName() << "' has "
             << type.getNumInputs() << " arguments)";
    if (!isFloatTensor(loss.getArgument(index)))
      return loss.emitError("kiln-autodiff: argument ")
             << index << " of '" << loss.getSymName() << "' has type "
             << type.getInput(index)
             << ", which has no gradient (float tensors only)";
  }

  OpBuilder top(loss);
  top.setInsertionPointAfter(loss);
  SmallVector<Type> results(type.getResults());
  for (unsigned index : wrt)
    results.push_back(type.getInput(index));
  auto grad = func::FuncOp::create(
      top, loss.getLoc(), name,
      FunctionType::get(loss.getContext(), type.getInputs(), results));
  grad.setVisibility(loss.getVisibility());
  Block *entry = grad.addEntryBlock();
  IRMapping mapping;
  mapping.map(loss.getArguments(), entry->getArguments());
  OpBuilder body = OpBuilder::atBlockEnd(entry);
  SmallVector<Operation *> forward;
  for (Operation &op : loss.getBody().front().without_terminator())
    forward.push_back(body.clone(op, mapping));
  auto ret = cast<func::ReturnOp>(loss.getBody().front().getTerminator());
  SmallVector<Value> outputs;
  for (Value v : ret.getOperands())
    outputs.push_back(mapping.lookup(v));

  ImplicitLocOpBuilder b(loss.getLoc(), body);
  KilnBuilder k(b);
  SmallVector<Value> sources;
  for (unsigned index : wrt)
    sources.push_back(entry->getArgument(index));
  Value seed = k.splat(cast<RankedTensorType>(outputs[0].getType()), 1.0);
  FailureOr<SmallVector<Value>> gradients =
      emitGradients(forward, outputs[0], seed, sources, k);
  if (failed(gradients)) {
    grad.erase();
    return failure();
  }
  outputs.append(gradients->begin(), gradients->end());
  func::ReturnOp::create(b, outputs);
  eraseDeadOps(*entry);

  // Attributes: the arguments' and results' as in `loss`, then names.
  for (unsigned i = 0; i < type.getNumInputs(); ++i)
    grad.setArgAttrs(i, loss.getArgAttrDict(i));
  for (unsigned i = 0; i < type.getNumResults(); ++i)
    grad.setResultAttrs(i, loss.getResultAttrDict(i));
  for (auto [position, index] : llvm::enumerate(wrt))
    if (auto argName = loss.getArgAttrOfType<StringAttr>(
            index, KilnDialect::kNameAttrName))
      grad.setResultAttr(type.getNumResults() + position,
                         KilnDialect::kNameAttrName,
                         b.getStringAttr("grad_" + argName.getValue()));
  return grad;
}

namespace {

struct AutodiffPass : kiln::impl::AutodiffPassBase<AutodiffPass> {
  using AutodiffPassBase::AutodiffPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> targets;
    if (!function.empty()) {
      auto target = module.lookupSymbol<func::FuncOp>(function);
      if (!target) {
        module.emitError("kiln-autodiff: no function named '")
            << function << "'";
        return signalPassFailure();
      }
      targets.push_back(target);
    } else {
      // Every public function whose first result is a scalar float.
      for (auto func : module.getOps<func::FuncOp>()) {
        if (func.isPrivate() || func.isExternal() || func.getNumResults() == 0)
          continue;
        auto type = dyn_cast<RankedTensorType>(func.getResultTypes()[0]);
        if (type && type.getRank() == 0 &&
            isa<FloatType>(type.getElementType()))
          targets.push_back(func);
      }
    }
    for (func::FuncOp target : targets) {
      SmallVector<unsigned> indices(wrt.begin(), wrt.end());
      if (wrt.empty())
        for (BlockArgument arg : target.getArguments())
          if (isFloatTensor(arg))
            indices.push_back(arg.getArgNumber());
      std::string name = (target.getSymName() + suffix).str();
      if (module.lookupSymbol(name)) {
        target.emitError("kiln-autodiff: a symbol named '")
            << name << "' already exists";
        return signalPassFailure();
      }
      if (failed(buildGradientFunction(target, indices, name)))
        return signalPassFailure();
    }
  }
};

} // namespace
