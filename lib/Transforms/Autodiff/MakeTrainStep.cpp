//===- MakeTrainStep.cpp - The --kiln-make-train-step pass ----------------===//
//
// Turns a model's forward function into one training step:
//
//   train_step(params..., opt_state..., inputs..., target)
//       -> (params'..., opt_state'..., loss)
//
// The loss (cross_entropy or mse on the model's first result) is appended
// to the forward computation, reverse-mode gradients of it with respect to
// the parameters are built by the autodiff sweep, and one kiln.sgd or
// kiln.adamw per parameter updates it. Parameters are chosen arguments or,
// for imported models, the named float constants (ONNX initializers),
// which become arguments; `train_init` returns their initial values and
// zero optimizer state, so a driver calls it once and train_step in a loop.
//
// Every parameter and optimizer-state argument carries
// `kiln.donated_to = <result index>`: its buffer may be overwritten by that
// result (JAX's donate_argnums, XLA's input-output aliasing). The updates
// come after every other read of the parameters; a lowering still has to
// keep its own re-reads (fusion recomputing a producer) before the write
// to use the donation, which the CPU lowering does not do yet.
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnDialect.h"
#include "kiln/Transforms/Autodiff.h"
#include "kiln/Transforms/Schedule.h"

#include "GradientRules.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_MAKETRAINSTEPPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;
using autodiff::isFloatTensor;

namespace {

/// A named float constant every use of which is a batch norm's running
/// statistics: those are buffers, not trained parameters.
bool isRunningStatistic(ConstantOp constant) {
  return !constant->use_empty() &&
         llvm::all_of(constant->getUses(), [](OpOperand &use) {
           auto norm = dyn_cast<BatchNormOp>(use.getOwner());
           return norm && (use.get() == norm.getMean() ||
                           use.get() == norm.getVariance());
         });
}

struct Parameter {
  Type type;
  std::string name;
  /// The model argument or the constant op the parameter replaces.
  Value source;
};

struct MakeTrainStepPass
    : kiln::impl::MakeTrainStepPassBase<MakeTrainStepPass> {
  using MakeTrainStepPassBase::MakeTrainStepPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp model = findModel(module);
    if (!model)
      return signalPassFailure();
    for (StringRef name : {stepName.getValue(), initName.getValue()})
      if (module.lookupSymbol(name)) {
        model.emitError("kiln-make-train-step: a symbol named '")
            << name << "' already exists";
        return signalPassFailure();
      }
    FailureOr<SmallVector<Parameter>> found = collectParameters(model);
    if (failed(found))
      return signalPassFailure();
    FailureOr<func::FuncOp> step = buildStep(model, *found);
    if (failed(step))
      return signalPassFailure();
    buildInit(*step, *found);
  }

  func::FuncOp findModel(ModuleOp module) {
    if (!function.empty()) {
      auto model = module.lookupSymbol<func::FuncOp>(function);
      if (!model)
        module.emitError("kiln-make-train-step: no function named '")
            << function << "'";
      return model;
    }
    func::FuncOp model;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isPrivate() || func.isExternal())
        continue;
      if (model) {
        module.emitError("kiln-make-train-step: several public functions; "
                         "name the model with function=");
        return nullptr;
      }
      model = func;
    }
    if (!model)
      module.emitError("kiln-make-train-step: no public function to train");
    return model;
  }

  FailureOr<SmallVector<Parameter>> collectParameters(func::FuncOp model) {
    SmallVector<Parameter> found;
    if (!params.empty()) {
      for (unsigned index : params) {
        if (index >= model.getNumArguments() ||
            !isFloatTensor(model.getArgument(index).getType()))
          return model.emitError("kiln-make-train-step: params index ")
                 << index << " is not a float tensor argument of '"
                 << model.getSymName() << "'";
        auto name = model.getArgAttrOfType<StringAttr>(
            index, KilnDialect::kNameAttrName);
        found.push_back({model.getArgument(index).getType(),
                         name ? name.str() : "param" + std::to_string(index),
                         model.getArgument(index)});
      }
      return found;
    }
    // Imported models: the named float constants (initializers).
    for (auto constant : model.getOps<ConstantOp>()) {
      auto name =
          constant->getAttrOfType<StringAttr>(KilnDialect::kNameAttrName);
      // Scalars among initializers are exporters' constants (a scale, an
      // epsilon), not weights.
      if (!name || !isFloatTensor(constant.getType()) ||
          constant.getType().getNumElements() < 2 ||
          isRunningStatistic(constant))
        continue;
      found.push_back({constant.getType(), name.str(), constant.getResult()});
    }
    if (found.empty())
      return model.emitError("kiln-make-train-step: '")
             << model.getSymName()
             << "' has no parameters: give params=<argument indices>, or "
                "import the model from ONNX (its initializers are the "
                "parameters)";
    return found;
  }

  /// The optimizer state per parameter, in order, and whether a step
  /// counter follows.
  SmallVector<std::string> stateSuffixes() {
    if (optimizer == TrainOptimizer::adamw)
      return {"exp_avg", "exp_avg_sq"};
    if (momentum != 0.0)
      return {"momentum_buffer"};
    return {};
  }

  double effectiveWeightDecay() {
    if (weightDecay >= 0.0)
      return weightDecay;
    return optimizer == TrainOptimizer::adamw ? 0.01 : 0.0;
  }

  FailureOr<func::FuncOp> buildStep(func::FuncOp model,
                                    ArrayRef<Parameter> found) {
    MLIRContext *context = model.getContext();
    FunctionType modelType = model.getFunctionType();
    if (modelType.getNumResults() == 0 ||
        !isFloatTensor(modelType.getResult(0)))
      return model.emitError("kiln-make-train-step: result 0 of '")
             << model.getSymName() << "' must be a float tensor (the "
             << "prediction the loss compares with the target)";
    auto prediction = cast<RankedTensorType>(modelType.getResult(0));
    RankedTensorType targetType = prediction;
    if (loss == TrainLoss::cross_entropy) {
      if (prediction.getRank() < 2)
        return model.emitError("kiln-make-train-step: cross_entropy needs "
                               "logits of rank >= 2 ([..., classes]), not ")
               << prediction;
      targetType = RankedTensorType::get(prediction.getShape().drop_back(),
                                         IntegerType::get(context, 64));
    }

    // Argument layout: params, state, model inputs (not params), target.
    SmallVector<std::string> suffixes = stateSuffixes();
    bool hasStep = optimizer == TrainOptimizer::adamw;
    SmallVector<Type> inputs;
    SmallVector<std::string> names;
    for (const Parameter &p : found) {
      inputs.push_back(p.type);
      names.push_back(p.name);
    }
    for (const std::string &suffix : suffixes)
      for (const Parameter &p : found) {
        inputs.push_back(p.type);
        names.push_back(p.name + "." + suffix);
      }
    Type stepType = RankedTensorType::get({}, IntegerType::get(context, 64));
    if (hasStep) {
      inputs.push_back(stepType);
      names.push_back("step");
    }
    unsigned stateEnd = inputs.size();
    DenseSet<Value> paramSources;
    for (const Parameter &p : found)
      paramSources.insert(p.source);
    SmallVector<unsigned> batchArgs;
    for (BlockArgument arg : model.getArguments())
      if (!paramSources.contains(arg)) {
        batchArgs.push_back(arg.getArgNumber());
        inputs.push_back(arg.getType());
        auto name = model.getArgAttrOfType<StringAttr>(
            arg.getArgNumber(), KilnDialect::kNameAttrName);
        names.push_back(name ? name.str()
                             : "input" + std::to_string(arg.getArgNumber()));
      }
    inputs.push_back(targetType);
    names.push_back(loss == TrainLoss::cross_entropy ? "labels" : "target");

    SmallVector<Type> results(inputs.begin(), inputs.begin() + stateEnd);
    results.push_back(RankedTensorType::get({}, prediction.getElementType()));

    OpBuilder top(model);
    top.setInsertionPointAfter(model);
    auto step =
        func::FuncOp::create(top, model.getLoc(), stepName,
                             FunctionType::get(context, inputs, results));
    Block *entry = step.addEntryBlock();
    IRMapping mapping;
    for (auto [i, p] : llvm::enumerate(found))
      mapping.map(p.source, entry->getArgument(i));
    for (auto [position, index] : llvm::enumerate(batchArgs))
      mapping.map(model.getArgument(index),
                  entry->getArgument(stateEnd + position));
    OpBuilder body = OpBuilder::atBlockEnd(entry);
    SmallVector<Operation *> forward;
    for (Operation &op : model.getBody().front().without_terminator()) {
      if (op.getNumResults() == 1 && mapping.contains(op.getResult(0)))
        continue; // a lifted parameter
      forward.push_back(body.clone(op, mapping));
    }
    auto ret = cast<func::ReturnOp>(model.getBody().front().getTerminator());
    Value output = mapping.lookupOrDefault(ret.getOperand(0));

    ImplicitLocOpBuilder b(model.getLoc(), body);
    KilnBuilder k(b);
    Value target = entry->getArgument(entry->getNumArguments() - 1);
    Value lossValue = loss == TrainLoss::cross_entropy
                          ? Value(CrossEntropyOp::create(b, output, target))
                          : Value(MseOp::create(b, output, target));
    forward.push_back(lossValue.getDefiningOp());
    SmallVector<Value> sources;
    for (unsigned i = 0; i < found.size(); ++i)
      sources.push_back(entry->getArgument(i));
    Value seed = k.splat(cast<RankedTensorType>(lossValue.getType()), 1.0);
    FailureOr<SmallVector<Value>> gradients =
        emitGradients(forward, lossValue, seed, sources, k);
    if (failed(gradients)) {
      step.erase();
      return failure();
    }

    // The updates come last, after every read of the parameters.
    unsigned n = found.size();
    auto f32 = [&](double v) { return b.getF32FloatAttr(v); };
    SmallVector<Value> newParams, newState(suffixes.size() * n);
    Value newStep;
    if (hasStep)
      newStep = k.add(entry->getArgument(stateEnd - 1),
                      k.scalar(b.getI64Type(), 1.0));
    for (unsigned i = 0; i < n; ++i) {
      Value param = entry->getArgument(i), grad = (*gradients)[i];
      if (optimizer == TrainOptimizer::adamw) {
        auto update = AdamWOp::create(
            b, param, grad, entry->getArgument(n + i),
            entry->getArgument(2 * n + i), newStep, f32(lr), f32(beta1),
            f32(beta2), f32(epsilon), f32(effectiveWeightDecay()));
        newParams.push_back(update.getNewParam());
        newState[i] = update.getNewFirstMoment();
        newState[n + i] = update.getNewSecondMoment();
        continue;
      }
      Value buffer = suffixes.empty()
                         ? k.splat(cast<RankedTensorType>(param.getType()), 0.0)
                         : entry->getArgument(n + i);
      auto update = SgdOp::create(b, param, grad, buffer, f32(lr),
                                  f32(momentum), f32(effectiveWeightDecay()),
                                  nesterov ? b.getUnitAttr() : nullptr);
      newParams.push_back(update.getNewParam());
      if (!suffixes.empty())
        newState[i] = update.getNewMomentumBuffer();
    }
    SmallVector<Value> outputs(newParams);
    outputs.append(newState.begin(), newState.end());
    if (hasStep)
      outputs.push_back(newStep);
    outputs.push_back(lossValue);
    func::ReturnOp::create(b, outputs);
    eraseDeadOps(*entry);

    for (auto [i, name] : llvm::enumerate(names))
      step.setArgAttr(i, KilnDialect::kNameAttrName, b.getStringAttr(name));
    // The batch keeps its sharding (data parallelism): the partitioner
    // then sums each weight gradient over the devices.
    for (auto [position, index] : llvm::enumerate(batchArgs))
      if (Attribute sharding = model.getArgAttr(index, "kiln.sharding"))
        step.setArgAttr(stateEnd + position, "kiln.sharding", sharding);
    for (unsigned i = 0; i < found.size(); ++i)
      step.setArgAttr(i, KilnDialect::kParameterAttrName, b.getUnitAttr());
    for (unsigned i = 0; i < stateEnd; ++i) {
      step.setArgAttr(i, KilnDialect::kDonatedToAttrName,
                      b.getI64IntegerAttr(i));
      step.setResultAttr(i, KilnDialect::kNameAttrName,
                         b.getStringAttr(names[i]));
    }
    step.setResultAttr(stateEnd, KilnDialect::kNameAttrName,
                       b.getStringAttr("loss"));
    // Each update right after its gradient and the parameter's last read:
    // the program order is the schedule memory analysis and
    // rematerialization see, and gradients should not all live to the end.
    SmallVector<std::optional<int64_t>> donations(step.getNumArguments());
    for (unsigned i = 0; i < stateEnd; ++i)
      donations[i] = i;
    scheduleDonatedWriters(step, donations);
    return step;
  }

  /// train_init() -> (params..., opt_state...): the initial values of
  /// `step`'s state, which is all of its results but the loss.
  void buildInit(func::FuncOp step, ArrayRef<Parameter> found) {
    TypeRange state = step.getResultTypes().drop_back();
    OpBuilder top(step);
    top.setInsertionPointAfter(step);
    auto init =
        func::FuncOp::create(top, step.getLoc(), initName,
                             FunctionType::get(step.getContext(), {}, state));
    OpBuilder body = OpBuilder::atBlockEnd(init.addEntryBlock());
    ImplicitLocOpBuilder b(step.getLoc(), body);
    KilnBuilder k(b);
    SmallVector<Value> values;
    for (const Parameter &p : found) {
      if (auto constant = p.source.getDefiningOp<ConstantOp>()) {
        values.push_back(ConstantOp::create(b, constant.getValue()));
        continue;
      }
      // An argument parameter has no value in the IR; zeros stand in, and
      // the driver is expected to load real values.
      values.push_back(k.splat(cast<RankedTensorType>(p.type), 0.0));
    }
    for (Type type : state.drop_front(found.size()))
      values.push_back(k.splat(cast<RankedTensorType>(type), 0.0));
    func::ReturnOp::create(b, values);
    for (unsigned i = 0; i < state.size(); ++i)
      init.setResultAttrs(i, step.getResultAttrDict(i));
  }
};

} // namespace
