//===- NodeContext.cpp - Inputs, attributes and tensors of ONNX nodes -----===//

#include "NodeContext.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/MathExtras.h"

#include <cstring>

using namespace mlir;
using namespace mlir::kiln::onnx_import;

namespace {

/// Float tensors with at least this many elements become `dense_resource`
/// blobs (weights); smaller ones and integers (shapes, axes, indices) stay
/// dense, readable and foldable.
constexpr int64_t kMinResourceElements = 64;

/// The bytes of the tensor's elements in little-endian layout, from
/// raw_data or from the typed repeated field.
template <typename T, typename Field>
std::vector<char> packField(const Field &field) {
  std::vector<char> bytes(field.size() * sizeof(T));
  for (int i = 0; i < field.size(); ++i) {
    T value = static_cast<T>(field.Get(i));
    std::memcpy(bytes.data() + i * sizeof(T), &value, sizeof(T));
  }
  return bytes;
}

} // namespace

Type mlir::kiln::onnx_import::convertElementType(int32_t dataType,
                                                 MLIRContext *context) {
  Builder b(context);
  switch (dataType) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case onnx::TensorProto::FLOAT16:
    return b.getF16Type();
  case onnx::TensorProto::BFLOAT16:
    return b.getBF16Type();
  case onnx::TensorProto::INT64:
    return b.getI64Type();
  case onnx::TensorProto::INT32:
    return b.getI32Type();
  case onnx::TensorProto::INT8:
    return b.getI8Type();
  case onnx::TensorProto::INT16:
    return b.getIntegerType(16);
  case onnx::TensorProto::UINT8:
    return b.getIntegerType(8, /*isSigned=*/false);
  case onnx::TensorProto::UINT16:
    return b.getIntegerType(16, /*isSigned=*/false);
  case onnx::TensorProto::UINT32:
    return b.getIntegerType(32, /*isSigned=*/false);
  case onnx::TensorProto::UINT64:
    return b.getIntegerType(64, /*isSigned=*/false);
  case onnx::TensorProto::BOOL:
    return b.getI1Type();
  default:
    return Type();
  }
}

FailureOr<ElementsAttr> mlir::kiln::onnx_import::convertTensor(
    const onnx::TensorProto &tensor, MLIRContext *context,
    llvm::StringRef resourceName, std::string &error) {
  Type elementType = convertElementType(tensor.data_type(), context);
  if (!elementType) {
    error = "tensor '" + tensor.name() + "' has unsupported data type " +
            std::to_string(tensor.data_type());
    return failure();
  }
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    error = "tensor '" + tensor.name() +
            "' keeps its data in an external file, which is not supported";
    return failure();
  }
  SmallVector<int64_t> shape(tensor.dims().begin(), tensor.dims().end());
  int64_t width =
      elementType.isInteger(1) ? 1 : elementType.getIntOrFloatBitWidth() / 8;
  // The data's size is checked against the dimensions below: first they
  // must be sizes at all.
  int64_t count = 1, byteCount = 0;
  for (int64_t dim : shape)
    if (dim < 0 || llvm::MulOverflow(count, dim, count)) {
      // Stop here: a later zero dimension would multiply the -1 back
      // into a valid count (the onnx fuzzer's [.., INT64_MIN, 0, ..]).
      count = -1;
      break;
    }
  if (count < 0 || llvm::MulOverflow(count, width, byteCount)) {
    error = "tensor '" + tensor.name() +
            "' has negative or too large "
            "dimensions";
    return failure();
  }
  auto type = RankedTensorType::get(shape, elementType);

  std::vector<char> bytes;
  if (tensor.has_raw_data()) {
    bytes.assign(tensor.raw_data().begin(), tensor.raw_data().end());
  } else {
    switch (tensor.data_type()) {
    case onnx::TensorProto::FLOAT:
      bytes = packField<float>(tensor.float_data());
      break;
    case onnx::TensorProto::DOUBLE:
      bytes = packField<double>(tensor.double_data());
      break;
    case onnx::TensorProto::INT64:
      bytes = packField<int64_t>(tensor.int64_data());
      break;
    case onnx::TensorProto::INT32:
      bytes = packField<int32_t>(tensor.int32_data());
      break;
    case onnx::TensorProto::INT8:
      bytes = packField<int8_t>(tensor.int32_data());
      break;
    case onnx::TensorProto::UINT8:
    case onnx::TensorProto::BOOL:
      bytes = packField<uint8_t>(tensor.int32_data());
      break;
    case onnx::TensorProto::FLOAT16:
    case onnx::TensorProto::BFLOAT16:
    case onnx::TensorProto::INT16:
    case onnx::TensorProto::UINT16:
      bytes = packField<uint16_t>(tensor.int32_data());
      break;
    case onnx::TensorProto::UINT32:
      bytes = packField<uint32_t>(tensor.uint64_data());
      break;
    case onnx::TensorProto::UINT64:
      bytes = packField<uint64_t>(tensor.uint64_data());
      break;
    default:
      break;
    }
  }
  if (static_cast<int64_t>(bytes.size()) != byteCount) {
    error = "tensor '" + tensor.name() + "' holds " +
            std::to_string(bytes.size()) + " bytes of data, expected " +
            std::to_string(byteCount);
    return failure();
  }
  if (count >= kMinResourceElements && isa<FloatType>(elementType)) {
    AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
        bytes, /*align=*/64, /*dataIsMutable=*/false);
    return ElementsAttr(
        DenseResourceElementsAttr::get(type, resourceName, std::move(blob)));
  }
  if (elementType.isInteger(1)) {
    SmallVector<bool> flags;
    for (char byte : bytes)
      flags.push_back(byte != 0);
    return ElementsAttr(DenseElementsAttr::get(type, flags));
  }
  bool detectedSplat = false;
  if (!DenseElementsAttr::isValidRawBuffer(type, bytes, detectedSplat)) {
    error = "tensor '" + tensor.name() + "' has malformed data";
    return failure();
  }
  return ElementsAttr(DenseElementsAttr::getFromRawBuffer(type, bytes));
}

Value NodeContext::input(int index) const {
  if (index >= node.input_size() || node.input(index).empty())
    return Value();
  return graph.values.lookup(node.input(index));
}

FailureOr<Value> NodeContext::requiredInput(int index) const {
  if (Value value = input(index))
    return value;
  error() << "input " << index << " is missing";
  return failure();
}

ElementsAttr NodeContext::constantInput(int index) const {
  if (index >= node.input_size() || node.input(index).empty())
    return ElementsAttr();
  return graph.constants.lookup(node.input(index));
}

DenseElementsAttr NodeContext::denseConstantInput(int index) const {
  ElementsAttr attr = constantInput(index);
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(attr))
    return dense;
  // A weight-sized constant is a blob; reading its values copies it.
  auto resource = dyn_cast_or_null<DenseResourceElementsAttr>(attr);
  if (!resource || !resource.getRawHandle().getBlob())
    return DenseElementsAttr();
  ArrayRef<char> bytes = resource.getRawHandle().getBlob()->getData();
  bool detectedSplat = false;
  if (!DenseElementsAttr::isValidRawBuffer(resource.getType(), bytes,
                                           detectedSplat))
    return DenseElementsAttr();
  return DenseElementsAttr::getFromRawBuffer(resource.getType(), bytes);
}

FailureOr<SmallVector<int64_t>> NodeContext::constantInts(int index) const {
  ElementsAttr attr = constantInput(index);
  if (!attr) {
    notConstant(index);
    return failure();
  }
  auto dense = dyn_cast<DenseElementsAttr>(attr);
  if (!dense || !isa<IntegerType>(dense.getElementType())) {
    error() << "input " << index << " must be an integer constant";
    return failure();
  }
  SmallVector<int64_t> values;
  for (const APInt &value : dense.getValues<APInt>())
    values.push_back(value.getSExtValue());
  return values;
}

const onnx::AttributeProto *NodeContext::attribute(llvm::StringRef name) const {
  readAttributes.insert(name);
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

void NodeContext::ignoreAttributes(llvm::ArrayRef<llvm::StringRef> names) {
  for (llvm::StringRef name : names)
    readAttributes.insert(name);
}

const onnx::AttributeProto *NodeContext::unreadAttribute() const {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (!readAttributes.contains(attr.name()))
      return &attr;
  return nullptr;
}

int64_t NodeContext::intAttr(llvm::StringRef name, int64_t otherwise) const {
  const onnx::AttributeProto *attr = attribute(name);
  return attr ? attr->i() : otherwise;
}

double NodeContext::floatAttr(llvm::StringRef name, double otherwise) const {
  const onnx::AttributeProto *attr = attribute(name);
  return attr ? attr->f() : otherwise;
}

std::optional<SmallVector<int64_t>>
NodeContext::intsAttr(llvm::StringRef name) const {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr)
    return std::nullopt;
  return SmallVector<int64_t>(attr->ints().begin(), attr->ints().end());
}

std::string NodeContext::stringAttr(llvm::StringRef name,
                                    llvm::StringRef otherwise) const {
  const onnx::AttributeProto *attr = attribute(name);
  return attr ? attr->s() : otherwise.str();
}

void NodeContext::setOutput(int index, Value value) {
  if (index < node.output_size() && !node.output(index).empty())
    graph.values[node.output(index)] = value;
}

InFlightDiagnostic NodeContext::notConstant(int index) const {
  std::string name =
      index < node.input_size() ? node.input(index) : std::string();
  InFlightDiagnostic diag = error();
  diag << "input " << index << " ('" << name
       << "') must be a constant (an initializer or a Constant node): shapes "
          "are static";
  Value value = input(index);
  if (!value)
    return diag;
  if (isa<BlockArgument>(value)) {
    diag << "; it is a graph input, which --static-input " << name
         << "=FILE fixes at compile time";
    return diag;
  }
  // A value computed from graph inputs (a window's length from its size
  // input, a Range's limit from a shape): name them, so that the user knows
  // what to fix.
  llvm::SmallSetVector<unsigned, 4> inputs;
  llvm::SmallPtrSet<Operation *, 16> seen;
  SmallVector<Value> work = {value};
  while (!work.empty()) {
    Value v = work.pop_back_val();
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      inputs.insert(arg.getArgNumber());
      continue;
    }
    Operation *op = v.getDefiningOp();
    if (op && seen.insert(op).second)
      llvm::append_range(work, op->getOperands());
  }
  SmallVector<unsigned> sorted(inputs.begin(), inputs.end());
  llvm::sort(sorted);
  if (sorted.empty() || sorted.back() >= graph.inputNames.size())
    return diag;
  diag << "; it is computed from graph input"
       << (sorted.size() > 1 ? "s " : " ");
  llvm::interleaveComma(sorted, diag, [&](unsigned i) {
    diag << "'" << graph.inputNames[i] << "'";
  });
  const std::string &first = graph.inputNames[sorted.front()];
  diag << ", which --static-input " << first << "=FILE fixes at compile time";
  return diag;
}

InFlightDiagnostic NodeContext::error() const {
  std::string name = node.name();
  if (name.empty() && node.output_size())
    name = node.output(0);
  return emitError(b.getLoc()) << "node '" << name << "' (" << node.op_type()
                               << ", opset " << opset << "): ";
}
