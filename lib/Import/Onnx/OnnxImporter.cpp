//===- OnnxImporter.cpp - ONNX graphs to a function of kiln ops -----------===//

#include "kiln/Import/OnnxImporter.h"

#include "NodeContext.h"

#include "kiln/KilnDialect.h"
#include "kiln/KilnOps.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"

#include <climits>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

/// What the fatal-error handler of runConverter throws.
struct OpBuildFailure {};

} // namespace

/// Runs `converter` on a node. ODS builders of ops that infer their result
/// types call report_fatal_error when the operands do not fit (shapes that
/// do not broadcast, a permutation of the wrong length, mixed element
/// types): the inference has emitted its diagnostic at the op by then, so
/// for an inconsistent model that is a failed conversion of this node, not
/// an abort of the process (or of the Python interpreter the compiler
/// library runs in). The handler throws out of report_fatal_error; nothing
/// has been inserted into the IR at that point.
static LogicalResult runConverterOnce(const Converter &converter,
                                      NodeContext &n) {
  llvm::ScopedFatalErrorHandler handler(
      [](void *, const char *, bool) { throw OpBuildFailure(); });
  try {
    return converter(n);
  } catch (const OpBuildFailure &) {
    return n.error() << "its operands do not fit the operator (see the "
                        "error above)";
  }
}

/// Fails at the node unless every op in [begin, end) (what its converter
/// made) has tensor results that are tensors at all (no negative
/// dimension, an element count within 64 bits) and verifies on its own. A
/// converter given an inconsistent model (a ConstantOfShape of a negative
/// size) must not leave IR that folds or lowers into a crash later.
static LogicalResult checkCreatedOps(NodeContext &n, Block::iterator begin,
                                     Block::iterator end) {
  for (Operation &op : llvm::make_range(begin, end)) {
    for (Type type : op.getResultTypes()) {
      auto shaped = dyn_cast<ShapedType>(type);
      if (!shaped || !shaped.hasRank())
        continue;
      int64_t count = 1;
      for (int64_t dim : shaped.getShape())
        if (dim != ShapedType::kDynamic &&
            (dim < 0 || llvm::MulOverflow(count, dim, count)))
          return n.error() << "its operands make a tensor with a negative or "
                              "too large dimension, "
                           << type;
    }
    if (failed(verify(&op)))
      return n.error() << "its operands do not fit the operator (see the "
                          "error above)";
  }
  return success();
}

/// Runs `converter` on a node and checks what it made (checkCreatedOps).
static LogicalResult runConverter(const Converter &converter, NodeContext &n) {
  Block *block = n.b.getInsertionBlock();
  Block::iterator point = n.b.getInsertionPoint();
  Operation *before = point == block->begin() ? nullptr : &*std::prev(point);
  if (failed(runConverterOnce(converter, n)))
    return failure();
  return checkCreatedOps(
      n, before ? std::next(Block::iterator(before)) : block->begin(),
      n.b.getInsertionPoint());
}

namespace {

/// Opsets of the default domain the converters follow. Converters read the
/// opset where an operator's form changed (attributes that became inputs,
/// legacy broadcasting before 7), and any attribute a converter does not
/// read rejects the node, so an older or newer form that is not handled is
/// a diagnostic.
constexpr int64_t kMinOpset = 1, kMaxOpset = 22;

class GraphImporter {
public:
  GraphImporter(const onnx::ModelProto &model, MLIRContext &context,
                const OnnxImportOptions &options, llvm::StringRef path)
      : model(model), context(context), options(options),
        fileLoc(FileLineColLoc::get(&context, path, 0, 0)) {}

  OwningOpRef<ModuleOp> run() {
    FailureOr<Opsets> opsets = getOpsets();
    if (failed(opsets))
      return nullptr;
    const onnx::GraphProto &graph = model.graph();
    OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
    OpBuilder top(module->getBodyRegion());
    std::string name = options.functionName;
    if (name.empty())
      name = graph.name().empty() ? "main" : sanitize(graph.name());
    auto func =
        func::FuncOp::create(top, fileLoc, name, top.getFunctionType({}, {}));
    Block *entry = func.addEntryBlock();
    ImplicitLocOpBuilder b(fileLoc, &context);
    b.setInsertionPointToEnd(entry);

    // Initializers first: older exporters also list them as graph inputs.
    for (const onnx::TensorProto &tensor : graph.initializer())
      if (failed(addConstant(b, tensor, tensor.name())))
        return nullptr;
    SmallVector<Type> argTypes;
    SmallVector<std::string> argNames;
    for (const auto &entry : options.staticInputs)
      if (llvm::none_of(graph.input(), [&](const onnx::ValueInfoProto &input) {
            return input.name() == entry.getKey();
          })) {
        emitError(fileLoc) << "--static-input " << entry.getKey()
                           << ": the model has no graph input of that name";
        return nullptr;
      }
    for (const onnx::ValueInfoProto &input : graph.input()) {
      if (values.values.count(input.name()))
        continue;
      auto fixed = options.staticInputs.find(input.name());
      if (fixed != options.staticInputs.end()) {
        if (failed(addStaticInput(b, input, fixed->second)))
          return nullptr;
        continue;
      }
      FailureOr<RankedTensorType> type = getInputType(input);
      if (failed(type))
        return nullptr;
      values.values[input.name()] = entry->addArgument(*type, fileLoc);
      values.inputNames.push_back(input.name());
      argTypes.push_back(*type);
      argNames.push_back(input.name());
    }

    const llvm::StringMap<Converter> &converters = getConverters();
    for (const onnx::NodeProto &node : graph.node()) {
      std::string nodeName = node.name().empty()
                                 ? (node.output_size() ? node.output(0) : "")
                                 : node.name();
      b.setLoc(NameLoc::get(StringAttr::get(&context, nodeName), fileLoc));
      bool isTraining = node.domain() == kTrainingDomain;
      bool isMicrosoft = node.domain() == kMicrosoftDomain;
      if (!node.domain().empty() && node.domain() != "ai.onnx" && !isTraining &&
          !isMicrosoft) {
        emitError(b.getLoc()) << "node '" << nodeName << "' (" << node.op_type()
                              << ", domain " << node.domain()
                              << "): operators outside the default ONNX "
                                 "domain, "
                              << kTrainingDomain << " and " << kMicrosoftDomain
                              << " are not supported";
        return nullptr;
      }
      std::optional<int64_t> opset = isTraining    ? opsets->training
                                     : isMicrosoft ? opsets->microsoft
                                                   : opsets->standard;
      if (!opset) {
        emitError(b.getLoc()) << "node '" << nodeName << "' (" << node.op_type()
                              << "): the model imports no opset of its domain "
                              << (isTraining    ? kTrainingDomain
                                  : isMicrosoft ? kMicrosoftDomain
                                                : "ai.onnx (the default)");
        return nullptr;
      }
      if (!isTraining && node.op_type() == "Constant") {
        if (failed(addConstantNode(b, node, nodeName, *opset)))
          return nullptr;
        continue;
      }
      Converter converter =
          isTraining    ? getTrainingConverters().lookup(node.op_type())
          : isMicrosoft ? getMicrosoftConverters().lookup(node.op_type())
                        : converters.lookup(node.op_type());
      NodeContext nodeContext(node, *opset, b, values);
      if (!converter) {
        InFlightDiagnostic diag = nodeContext.error()
                                  << "unsupported operator " << node.op_type();
        if (std::optional<StringRef> why = whyUnsupported(node.op_type()))
          diag << ": " << *why;
        return nullptr;
      }
      for (int i = 0; i < node.input_size(); ++i)
        if (!node.input(i).empty() && !values.values.count(node.input(i))) {
          nodeContext.error() << "input '" << node.input(i)
                              << "' is not produced by any earlier node";
          return nullptr;
        }
      if (failed(runConverter(converter, nodeContext)))
        return nullptr;
      // `consumed_inputs` (opsets 1 to 5) was a memory-reuse hint.
      nodeContext.ignoreAttributes({"consumed_inputs"});
      if (const onnx::AttributeProto *unread = nodeContext.unreadAttribute()) {
        nodeContext.error()
            << "attribute '" << unread->name() << "' is not supported";
        return nullptr;
      }
      for (int i = 0; i < node.output_size(); ++i) {
        const std::string &output = node.output(i);
        if (output.empty())
          continue;
        if (!values.values.count(output)) {
          nodeContext.error() << "output " << i << " is not produced";
          return nullptr;
        }
      }
      // Shape arithmetic on constants folds here, so that later shape
      // operands (a Reshape's target) are known at import time.
      llvm::DenseMap<Value, Value> replaced;
      SmallVector<Operation *> producers;
      for (const std::string &output : node.output())
        if (!output.empty())
          if (Operation *op = values.values[output].getDefiningOp())
            if (!llvm::is_contained(producers, op))
              producers.push_back(op);
      for (Operation *op : producers)
        foldConstants(b, op, replaced);
      for (const std::string &output : node.output()) {
        if (output.empty())
          continue;
        Value &value = values.values[output];
        if (Value folded = replaced.lookup(value))
          value = folded;
        if (auto constant = value.getDefiningOp<ConstantOp>())
          values.constants[output] = constant.getValue();
      }
    }

    SmallVector<Value> results;
    SmallVector<std::string> resultNames;
    b.setLoc(fileLoc);
    for (const onnx::ValueInfoProto &output : graph.output()) {
      Value value = values.values.lookup(output.name());
      if (!value) {
        emitError(fileLoc) << "graph output '" << output.name()
                           << "' is not produced by any node";
        return nullptr;
      }
      results.push_back(value);
      resultNames.push_back(output.name());
    }
    func::ReturnOp::create(b, results);
    // Shape operands folded at import leave their constants unused.
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*entry)))
      if (isa<ConstantOp>(op) && op.use_empty())
        op.erase();
    func.setFunctionType(
        b.getFunctionType(argTypes, ValueRange(results).getTypes()));
    for (auto [i, argName] : llvm::enumerate(argNames))
      func.setArgAttr(i, KilnDialect::kNameAttrName, b.getStringAttr(argName));
    for (auto [i, resultName] : llvm::enumerate(resultNames))
      func.setResultAttr(i, KilnDialect::kNameAttrName,
                         b.getStringAttr(resultName));
    if (failed(verify(*module)))
      return nullptr;
    return module;
  }

private:
  /// The opsets a model imports of the domains Kiln converts.
  struct Opsets {
    std::optional<int64_t> standard, training, microsoft;
  };

  FailureOr<Opsets> getOpsets() {
    Opsets opsets;
    for (const onnx::OperatorSetIdProto &set : model.opset_import()) {
      if (set.domain() == kTrainingDomain) {
        if (set.version() != 1) {
          emitError(fileLoc)
              << "opset " << set.version() << " of " << kTrainingDomain
              << " is not supported (supported: 1)";
          return failure();
        }
        opsets.training = set.version();
        continue;
      }
      if (set.domain() == kMicrosoftDomain) {
        if (set.version() != 1) {
          emitError(fileLoc)
              << "opset " << set.version() << " of " << kMicrosoftDomain
              << " is not supported (supported: 1)";
          return failure();
        }
        opsets.microsoft = set.version();
        continue;
      }
      if (!set.domain().empty() && set.domain() != "ai.onnx")
        continue;
      if (set.version() < kMinOpset || set.version() > kMaxOpset) {
        emitError(fileLoc) << "opset " << set.version()
                           << " of the default ONNX domain is not supported "
                              "(supported: "
                           << kMinOpset << " to " << kMaxOpset << ")";
        return failure();
      }
      opsets.standard = set.version();
    }
    if (!opsets.standard && !opsets.training) {
      emitError(fileLoc) << "the model imports no opset of the default ONNX "
                            "domain";
      return failure();
    }
    return opsets;
  }

  /// A function name MLIR can print bare: letters, digits and underscores.
  static std::string sanitize(llvm::StringRef name) {
    std::string out;
    for (char c : name)
      out.push_back(llvm::isAlnum(c) ? c : '_');
    if (out.empty() || llvm::isDigit(out[0]))
      out.insert(out.begin(), '_');
    return out;
  }

  FailureOr<RankedTensorType> getInputType(const onnx::ValueInfoProto &input) {
    if (!input.type().has_tensor_type()) {
      emitError(fileLoc) << "graph input '" << input.name()
                         << "' is not a tensor";
      return failure();
    }
    const onnx::TypeProto::Tensor &tensor = input.type().tensor_type();
    Type elementType = convertElementType(tensor.elem_type(), &context);
    if (!elementType) {
      emitError(fileLoc) << "graph input '" << input.name()
                         << "' has unsupported element type "
                         << tensor.elem_type();
      return failure();
    }
    SmallVector<int64_t> shape;
    bool symbolic = false;
    for (const onnx::TensorShapeProto::Dimension &dim : tensor.shape().dim()) {
      bool fixed = dim.has_dim_value() && dim.dim_value() > 0;
      symbolic |= !fixed;
      shape.push_back(fixed ? dim.dim_value() : ShapedType::kDynamic);
    }
    auto given = options.inputShapes.find(input.name());
    if (given != options.inputShapes.end()) {
      const SmallVector<int64_t> &fixedShape = given->second;
      bool agrees = fixedShape.size() == shape.size();
      for (size_t i = 0; agrees && i < shape.size(); ++i)
        agrees = ShapedType::isDynamic(shape[i]) || shape[i] == fixedShape[i];
      if (!agrees) {
        emitError(fileLoc) << "--input-shape " << input.name() << "="
                           << formatShape(fixedShape)
                           << " does not match the model's shape "
                           << formatShape(shape);
        return failure();
      }
      shape = fixedShape;
    } else if (symbolic) {
      emitError(fileLoc) << "graph input '" << input.name() << "' has shape "
                         << formatShape(shape)
                         << " with symbolic dimensions; fix them with "
                            "--input-shape "
                         << input.name() << "=DxDx...";
      return failure();
    }
    // No machine holds a tensor of a TiB; a model that declares one is
    // corrupt, and importing it would size constants and loops by it.
    constexpr int64_t kMaxInputBytes = int64_t(1) << 40;
    int64_t elements = 1;
    for (int64_t dim : shape)
      elements = dim > 0 && elements > kMaxInputBytes / dim ? kMaxInputBytes
                                                            : elements * dim;
    int64_t elementBytes =
        elementType.isIntOrFloat()
            ? std::max<int64_t>(1,
                                (elementType.getIntOrFloatBitWidth() + 7) / 8)
            : 16;
    if (elements >= kMaxInputBytes / elementBytes) {
      emitError(fileLoc) << "graph input '" << input.name() << "' has shape "
                         << formatShape(shape)
                         << ", at least a TiB: not a tensor any machine "
                            "holds";
      return failure();
    }
    return RankedTensorType::get(shape, elementType);
  }

  static std::string formatShape(ArrayRef<int64_t> shape) {
    std::string text;
    for (auto [i, dim] : llvm::enumerate(shape)) {
      if (i)
        text += "x";
      text += ShapedType::isDynamic(dim) ? "?" : std::to_string(dim);
    }
    return text.empty() ? "scalar" : text;
  }

  LogicalResult addConstant(ImplicitLocOpBuilder &b,
                            const onnx::TensorProto &tensor,
                            llvm::StringRef name) {
    std::string error;
    FailureOr<ElementsAttr> value =
        convertTensor(tensor, &context, ("onnx_" + sanitize(name)), error);
    if (failed(value))
      return emitError(b.getLoc()) << error;
    // The initializer's name stays on the constant: reports and training
    // (--kiln-make-train-step takes named float constants as parameters)
    // refer to weights by it.
    auto constant = ConstantOp::create(b, *value);
    constant->setAttr(KilnDialect::kNameAttrName, b.getStringAttr(name));
    values.values[name] = constant;
    values.constants[name] = *value;
    return success();
  }

  /// Graph input `input` as the constant in `path`, after checking that
  /// the value has the input's element type and (fixed) shape.
  LogicalResult addStaticInput(ImplicitLocOpBuilder &b,
                               const onnx::ValueInfoProto &input,
                               llvm::StringRef path) {
    onnx::TensorProto tensor;
    std::string error;
    if (failed(readStaticInput(path, tensor, error)))
      return emitError(fileLoc)
             << "--static-input " << input.name() << ": " << error;
    tensor.set_name(input.name());
    const onnx::TypeProto::Tensor &declared = input.type().tensor_type();
    bool agrees = declared.elem_type() == tensor.data_type() &&
                  (!declared.has_shape() ||
                   declared.shape().dim_size() == tensor.dims_size());
    for (int i = 0; agrees && declared.has_shape() && i < tensor.dims_size();
         ++i) {
      const auto &dim = declared.shape().dim(i);
      agrees = !dim.has_dim_value() || dim.dim_value() == tensor.dims(i);
    }
    if (!agrees)
      return emitError(fileLoc)
             << "--static-input " << input.name()
             << ": the value's type or shape does not match the graph input";
    if (failed(addConstant(b, tensor, input.name())))
      return failure();
    // A fixed input is not a weight: training must not update it.
    values.values[input.name()].getDefiningOp()->removeAttr(
        KilnDialect::kNameAttrName);
    return success();
  }

  LogicalResult addConstantNode(ImplicitLocOpBuilder &b,
                                const onnx::NodeProto &node,
                                llvm::StringRef nodeName, int64_t opset) {
    NodeContext nodeContext(node, opset, b, values);
    if (node.output_size() != 1 || node.attribute_size() != 1)
      return nodeContext.error() << "needs one output and one value attribute";
    const onnx::AttributeProto &attr = node.attribute(0);
    if (attr.name() == "value" && attr.has_t())
      return addConstant(b, attr.t(), node.output(0));
    // value_float(s) and value_int(s) (opset 12): a scalar or a 1-d tensor.
    onnx::TensorProto tensor;
    tensor.set_name(node.output(0));
    if (attr.name() == "value_float") {
      tensor.set_data_type(onnx::TensorProto::FLOAT);
      tensor.add_float_data(attr.f());
    } else if (attr.name() == "value_floats") {
      tensor.set_data_type(onnx::TensorProto::FLOAT);
      tensor.add_dims(attr.floats_size());
      for (float v : attr.floats())
        tensor.add_float_data(v);
    } else if (attr.name() == "value_int") {
      tensor.set_data_type(onnx::TensorProto::INT64);
      tensor.add_int64_data(attr.i());
    } else if (attr.name() == "value_ints") {
      tensor.set_data_type(onnx::TensorProto::INT64);
      tensor.add_dims(attr.ints_size());
      for (int64_t v : attr.ints())
        tensor.add_int64_data(v);
    } else {
      return nodeContext.error()
             << "a '" << attr.name() << "' value is not supported";
    }
    return addConstant(b, tensor, node.output(0));
  }

  /// Folds `op` with the kiln folders (constants are materialized by the
  /// dialect), recording in `replaced` the value each of its results became;
  /// the op is erased once unused.
  static void foldConstants(ImplicitLocOpBuilder &b, Operation *op,
                            llvm::DenseMap<Value, Value> &replaced) {
    if (isa<ConstantOp>(op))
      return;
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(op);
    SmallVector<Value> results;
    if (failed(b.tryFold(op, results)) || results.size() != op->getNumResults())
      return;
    for (auto [old, folded] : llvm::zip(op->getResults(), results))
      if (old != folded) {
        old.replaceAllUsesWith(folded);
        replaced[old] = folded;
      }
    if (op->use_empty())
      op->erase();
  }

  const onnx::ModelProto &model;
  MLIRContext &context;
  const OnnxImportOptions &options;
  Location fileLoc;
  GraphValues values;
};

} // namespace

std::vector<std::string> mlir::kiln::getSupportedOnnxOperators() {
  std::vector<std::string> names = {"Constant"};
  for (const auto &entry : getConverters())
    names.push_back(entry.getKey().str());
  for (const auto &entry : getTrainingConverters())
    names.push_back((kTrainingDomain + "." + entry.getKey()).str());
  for (const auto &entry : getMicrosoftConverters())
    names.push_back((kMicrosoftDomain + "." + entry.getKey()).str());
  llvm::sort(names);
  return names;
}

LogicalResult mlir::kiln::addInputShape(llvm::StringRef text,
                                        OnnxImportOptions &options,
                                        std::string &error) {
  auto [name, dims] = text.rsplit('=');
  if (name.empty() || dims.empty()) {
    error = "--input-shape expects NAME=DxD..., got '" + text.str() + "'";
    return failure();
  }
  SmallVector<int64_t> shape;
  SmallVector<llvm::StringRef> parts;
  dims.split(parts, 'x');
  for (llvm::StringRef part : parts) {
    int64_t dim;
    if (part.getAsInteger(10, dim) || dim <= 0) {
      error = "--input-shape " + name.str() + ": '" + part.str() +
              "' is not a positive dimension";
      return failure();
    }
    shape.push_back(dim);
  }
  options.inputShapes[name] = shape;
  return success();
}

OwningOpRef<ModuleOp>
mlir::kiln::importOnnxFile(llvm::StringRef path, MLIRContext &context,
                           const OnnxImportOptions &options) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer) {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << "cannot read the model: " << buffer.getError().message();
    return nullptr;
  }
  return importOnnxModel((*buffer)->getMemBufferRef(), context, options);
}

OwningOpRef<ModuleOp>
mlir::kiln::importOnnxModel(llvm::MemoryBufferRef buffer, MLIRContext &context,
                            const OnnxImportOptions &options) {
  context.loadDialect<KilnDialect, func::FuncDialect>();
  StringRef name = buffer.getBufferIdentifier();
  Location fileLoc = FileLineColLoc::get(&context, name, 0, 0);
  onnx::ModelProto model;
  if (buffer.getBufferSize() > static_cast<size_t>(INT_MAX) ||
      !model.ParseFromArray(buffer.getBufferStart(),
                            static_cast<int>(buffer.getBufferSize()))) {
    emitError(fileLoc) << "not an ONNX model (the protobuf does not parse)";
    return nullptr;
  }
  return GraphImporter(model, context, options, name).run();
}
