//===- OnnxImporter.h - ONNX models to Kiln IR ------------------*- C++ -*-===//
//
// Reads an ONNX ModelProto (ONNX's own protobuf classes from libonnx) and
// builds one func.func of kiln ops: graph inputs become arguments (with
// static shapes), initializers `kiln.constant`s over `dense_resource`
// blobs, nodes kiln ops, graph outputs the returned values, each argument
// and result named with `kiln.name`. The compile pipeline's import phase
// (runImportPhase) then raises attention subgraphs to kiln.attention, as
// it does for .mlir models.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_IMPORT_ONNXIMPORTER_H
#define KILN_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <string>
#include <vector>

namespace mlir::kiln {

struct OnnxImportOptions {
  /// Shapes for graph inputs whose ONNX shape has symbolic or unknown
  /// dimensions (`--input-shape NAME=1x128`); they must agree with every
  /// fixed dimension.
  llvm::StringMap<SmallVector<int64_t>> inputShapes;
  /// Graph inputs fixed to a value at compile time (`--static-input
  /// NAME=FILE`, FILE a .npy array or an ONNX TensorProto): each becomes a
  /// constant, and the program no longer takes it.
  llvm::StringMap<std::string> staticInputs;
  /// Name of the function built (default: the graph's name, or "main").
  std::string functionName;
};

/// The ONNX operator types (default domain) the importer converts, sorted;
/// Constant is handled by the importer itself and included.
std::vector<std::string> getSupportedOnnxOperators();

/// Parses `--input-shape` text, NAME=1x128, into `options`; on malformed
/// text returns failure with `error` set.
LogicalResult addInputShape(llvm::StringRef text, OnnxImportOptions &options,
                            std::string &error);

/// Parses `--static-input` text, NAME=FILE, into `options`.
LogicalResult addStaticInput(llvm::StringRef text, OnnxImportOptions &options,
                             std::string &error);

/// Imports the ONNX model in `path`. On failure, reports one diagnostic
/// naming the file and, for an operator, its node name, type and opset, and
/// returns null.
OwningOpRef<ModuleOp> importOnnxFile(llvm::StringRef path, MLIRContext &context,
                                     const OnnxImportOptions &options);

/// Imports the serialized ONNX model in `buffer`, whose identifier names it
/// in diagnostics, as importOnnxFile does.
OwningOpRef<ModuleOp> importOnnxModel(llvm::MemoryBufferRef buffer,
                                      MLIRContext &context,
                                      const OnnxImportOptions &options);

} // namespace mlir::kiln

#endif // KILN_IMPORT_ONNXIMPORTER_H
