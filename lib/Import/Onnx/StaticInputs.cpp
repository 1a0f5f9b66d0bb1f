//===- StaticInputs.cpp - Graph inputs fixed to a value at compile time ---===//
//
// `--static-input NAME=FILE` specializes a model on the value of one of its
// graph inputs, as JAX's static_argnums does: the input becomes a constant
// (like an initializer), so shapes computed from it (a Reshape's target
// fed by a graph input, Resize's scales) fold, and the compiled program no
// longer takes it. FILE is a .npy array or an ONNX TensorProto (.pb, the
// form of ONNX's test data).
//
//===----------------------------------------------------------------------===//

#include "NodeContext.h"

#include "kiln/Import/OnnxImporter.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// The ONNX data type of a .npy `descr` ('<f4', '|b1', ...), or 0.
int32_t npyDataType(llvm::StringRef descr) {
  if (descr.size() < 3 || descr[0] == '>')
    return 0;
  llvm::StringRef code = descr.drop_front();
  static const std::pair<const char *, int32_t> table[] = {
      {"f4", onnx::TensorProto::FLOAT},   {"f8", onnx::TensorProto::DOUBLE},
      {"f2", onnx::TensorProto::FLOAT16}, {"i8", onnx::TensorProto::INT64},
      {"i4", onnx::TensorProto::INT32},   {"i1", onnx::TensorProto::INT8},
      {"u1", onnx::TensorProto::UINT8},   {"b1", onnx::TensorProto::BOOL},
      {"i2", onnx::TensorProto::INT16},   {"u2", onnx::TensorProto::UINT16},
      {"u4", onnx::TensorProto::UINT32},  {"u8", onnx::TensorProto::UINT64},
      {"V2", onnx::TensorProto::BFLOAT16}};
  for (auto [name, type] : table)
    if (code == name)
      return type;
  return 0;
}

/// The quoted value of `key` in a .npy header dictionary.
llvm::StringRef headerField(llvm::StringRef header, llvm::StringRef key) {
  size_t at = header.find(("'" + key + "'").str());
  if (at == llvm::StringRef::npos)
    return {};
  llvm::StringRef rest = header.drop_front(at + key.size() + 2).ltrim(" :");
  return rest;
}

/// Reads a version 1 to 3 .npy file (little-endian, C order) into `tensor`.
LogicalResult readNpy(llvm::StringRef data, onnx::TensorProto &tensor,
                      std::string &error) {
  if (!data.starts_with("\x93NUMPY") || data.size() < 10) {
    error = "not a .npy file";
    return failure();
  }
  unsigned major = static_cast<unsigned char>(data[6]);
  size_t headerLength, start;
  if (major == 1) {
    headerLength = static_cast<unsigned char>(data[8]) |
                   (static_cast<unsigned char>(data[9]) << 8);
    start = 10;
  } else {
    if (data.size() < 12) {
      error = "truncated .npy header";
      return failure();
    }
    headerLength = 0;
    for (int i = 3; i >= 0; --i)
      headerLength =
          (headerLength << 8) | static_cast<unsigned char>(data[8 + i]);
    start = 12;
  }
  if (start + headerLength > data.size()) {
    error = "truncated .npy header";
    return failure();
  }
  llvm::StringRef header = data.substr(start, headerLength);
  llvm::StringRef descr = headerField(header, "descr");
  if (!descr.consume_front("'")) {
    error = "the .npy header has no descr";
    return failure();
  }
  descr = descr.take_until([](char c) { return c == '\''; });
  int32_t type = npyDataType(descr);
  if (!type) {
    error = "the .npy element type '" + descr.str() + "' is not supported";
    return failure();
  }
  if (headerField(header, "fortran_order").starts_with("True")) {
    error = "Fortran-order .npy arrays are not supported";
    return failure();
  }
  llvm::StringRef shape = headerField(header, "shape");
  if (!shape.consume_front("(")) {
    error = "the .npy header has no shape";
    return failure();
  }
  shape = shape.take_until([](char c) { return c == ')'; });
  SmallVector<llvm::StringRef> dims;
  shape.split(dims, ',', -1, /*KeepEmpty=*/false);
  tensor.set_data_type(type);
  for (llvm::StringRef dim : dims) {
    int64_t size;
    if (dim.trim().getAsInteger(10, size) || size < 0) {
      error = "malformed .npy shape";
      return failure();
    }
    tensor.add_dims(size);
  }
  tensor.set_raw_data(data.drop_front(start + headerLength).str());
  return success();
}

} // namespace

LogicalResult mlir::kiln::addStaticInput(llvm::StringRef text,
                                         OnnxImportOptions &options,
                                         std::string &error) {
  auto [name, path] = text.split('=');
  if (name.empty() || path.empty()) {
    error = "--static-input expects NAME=FILE, got '" + text.str() + "'";
    return failure();
  }
  options.staticInputs[name] = path.str();
  return success();
}

LogicalResult onnx_import::readStaticInput(llvm::StringRef path,
                                           onnx::TensorProto &tensor,
                                           std::string &error) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer) {
    error = "cannot read '" + path.str() + "': " + buffer.getError().message();
    return failure();
  }
  llvm::StringRef data = (*buffer)->getBuffer();
  if (path.ends_with(".npy")) {
    if (failed(readNpy(data, tensor, error))) {
      error = "'" + path.str() + "': " + error;
      return failure();
    }
    return success();
  }
  if (!tensor.ParseFromArray(data.data(), static_cast<int>(data.size()))) {
    error = "'" + path.str() +
            "' is neither a .npy file nor an ONNX "
            "TensorProto";
    return failure();
  }
  return success();
}
