//===- NodeContext.h - What an ONNX operator converter sees -----*- C++ -*-===//

#ifndef KILN_LIB_IMPORT_ONNX_NODECONTEXT_H
#define KILN_LIB_IMPORT_ONNX_NODECONTEXT_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <onnx/onnx_pb.h>

namespace mlir::kiln::onnx_import {

/// The values of a graph being imported: every tensor name bound so far,
/// and the values known at import time by name (initializers, Constant
/// nodes, and what folds from them, such as Shape), which shape-like
/// operands (Reshape's shape, Unsqueeze's axes) are read from.
struct GraphValues {
  llvm::StringMap<Value> values;
  llvm::StringMap<ElementsAttr> constants;
  /// The graph inputs that are function arguments, by argument number.
  std::vector<std::string> inputNames;
};

/// One node under conversion: its inputs as values, its attributes, and
/// where its outputs go.
class NodeContext {
public:
  NodeContext(const onnx::NodeProto &node, int64_t opset,
              ImplicitLocOpBuilder &builder, GraphValues &graph)
      : node(node), opset(opset), b(builder), graph(graph) {}

  const onnx::NodeProto &node;
  /// The model's version of the default ONNX domain.
  int64_t opset;
  ImplicitLocOpBuilder &b;

  /// Input `index`, or null when it is absent (past the end or named "").
  Value input(int index) const;
  /// Input `index`, reporting an error when it is absent.
  FailureOr<Value> requiredInput(int index) const;
  /// Input `index` when it is known at import time, or null.
  ElementsAttr constantInput(int index) const;
  /// The same with its values readable (a blob copied into a dense
  /// attribute), or null.
  DenseElementsAttr denseConstantInput(int index) const;
  /// Input `index` read as a constant integer list (a shape, axes, pads).
  FailureOr<SmallVector<int64_t>> constantInts(int index) const;

  /// The attribute `name`, or null. Reading an attribute (through any of
  /// these accessors) marks it understood: after conversion, the importer
  /// rejects a node with an attribute its converter never read, so a form
  /// a converter does not know (a legacy `broadcast`, a new mode) is a
  /// diagnostic, not a silently wrong program.
  const onnx::AttributeProto *attribute(llvm::StringRef name) const;
  /// Marks attributes that do not change an inference program's values
  /// (training-only ones such as BatchNormalization's momentum).
  void ignoreAttributes(llvm::ArrayRef<llvm::StringRef> names);
  /// The first attribute no converter step read, or null.
  const onnx::AttributeProto *unreadAttribute() const;
  int64_t intAttr(llvm::StringRef name, int64_t otherwise) const;
  double floatAttr(llvm::StringRef name, double otherwise) const;
  std::optional<SmallVector<int64_t>> intsAttr(llvm::StringRef name) const;
  std::string stringAttr(llvm::StringRef name, llvm::StringRef otherwise) const;

  /// Binds output `index` (skipped when the node leaves it unnamed).
  void setOutput(int index, Value value);
  /// An error at the node: "node 'NAME' (TYPE, opset N): ...".
  InFlightDiagnostic error() const;
  /// The error for input `index` not being known at import time (naming
  /// the tensor, and --static-input when it is a graph input).
  InFlightDiagnostic notConstant(int index) const;

private:
  GraphValues &graph;
  mutable llvm::StringSet<> readAttributes;
};

/// Converts one node into kiln ops, binding its outputs; reports an error
/// and fails on what it does not support.
using Converter = LogicalResult (*)(NodeContext &);

/// The converters, by ONNX operator type (default domain).
using ConverterMap = llvm::StringMap<Converter>;
const ConverterMap &getConverters();

/// Why a known operator without a converter cannot have one (random
/// numbers, control flow, sequences, data-dependent shapes ...); none for
/// operators that are merely not converted yet.
std::optional<llvm::StringRef> whyUnsupported(llvm::StringRef opType);

/// The domain of ONNX's optimizer operators (Adagrad, Momentum, Adam), and
/// their converters.
inline constexpr llvm::StringLiteral kTrainingDomain =
    "ai.onnx.preview.training";
const ConverterMap &getTrainingConverters();

/// ONNX Runtime's contrib domain (MultiHeadAttention), and its converters.
inline constexpr llvm::StringLiteral kMicrosoftDomain = "com.microsoft";
const ConverterMap &getMicrosoftConverters();

// Each category of converters adds itself to the map (one file each).
void addElementwiseConverters(ConverterMap &converters);
void addReductionConverters(ConverterMap &converters);
void addShapeConverters(ConverterMap &converters);
void addNeuralNetConverters(ConverterMap &converters);
void addLossConverters(ConverterMap &converters);
void addResizeConverters(ConverterMap &converters);
void addRecurrentConverters(ConverterMap &converters);
void addSearchConverters(ConverterMap &converters);
void addScatterConverters(ConverterMap &converters);
void addDataDependentConverters(ConverterMap &converters);
void addEinsumConverter(ConverterMap &converters);
void addGridSampleConverter(ConverterMap &converters);
void addSpectralConverters(ConverterMap &converters);

/// The ONNX tensor as an elements attribute of its shape and element type:
/// a `dense_resource` blob for large float ones (`resourceName`), dense
/// otherwise. Fails on unsupported data types and external data.
FailureOr<ElementsAttr> convertTensor(const onnx::TensorProto &tensor,
                                      MLIRContext *context,
                                      llvm::StringRef resourceName,
                                      std::string &error);

/// Reads a `--static-input` file (.npy, or an ONNX TensorProto) into
/// `tensor`; on failure sets `error`.
LogicalResult readStaticInput(llvm::StringRef path, onnx::TensorProto &tensor,
                              std::string &error);

/// The MLIR element type of an ONNX TensorProto data type, or null.
Type convertElementType(int32_t dataType, MLIRContext *context);

} // namespace mlir::kiln::onnx_import

#endif // KILN_LIB_IMPORT_ONNX_NODECONTEXT_H
