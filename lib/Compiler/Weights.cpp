//===- Weights.cpp - The weights side file of a compiled model ------------===//

#include "kiln/Compiler/Weights.h"
#include "kiln/Analysis/ElementStorage.h"
#include "kiln/KilnDialect.h"
#include "kiln/Support/AtomicOutputFile.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

int64_t mlir::kiln::getWeightsBytes(ModuleOp module, StringRef function) {
  Operation *func = module.lookupSymbol(function);
  if (!func)
    return 0;
  auto attr =
      func->getAttrOfType<IntegerAttr>(KilnDialect::kWeightsBytesAttrName);
  return attr ? attr.getInt() : 0;
}

FailureOr<std::vector<char>> mlir::kiln::takeWeights(ModuleOp module,
                                                     int64_t bytes) {
  auto entries =
      module->getAttrOfType<ArrayAttr>(KilnDialect::kWeightsAttrName);
  if (!entries)
    return std::vector<char>();
  std::vector<char> blob(static_cast<size_t>(bytes), 0);
  for (auto entry : entries.getAsRange<DictionaryAttr>()) {
    int64_t offset = cast<IntegerAttr>(entry.get("offset")).getInt();
    auto value = cast<DenseElementsAttr>(entry.get("value"));
    size_t size = getStorageBytes(value.getType());
    if (offset < 0 || offset + static_cast<int64_t>(size) > bytes)
      return module.emitError("weights entry at offset ")
             << offset << " does not fit the " << bytes << "-byte blob";
    ArrayRef<char> raw = value.getRawData();
    // A splat stores one element; repeat it.
    for (size_t at = 0; at < size; at += raw.size())
      std::copy(raw.begin(), raw.end(), blob.begin() + offset + at);
  }
  module->removeAttr(KilnDialect::kWeightsAttrName);
  return blob;
}

LogicalResult mlir::kiln::writeWeightsFile(Location loc, ArrayRef<char> blob,
                                           StringRef path) {
  auto fail = [&](const Twine &why) {
    return emitError(loc) << "cannot write weights file '" << path << "'"
                          << why;
  };
  // A temporary file beside `path`, synced and renamed into place.
  std::string error;
  std::unique_ptr<AtomicOutputFile> file = AtomicOutputFile::open(path, &error);
  if (!file)
    return fail(": " + error);
  file->os().write(blob.data(), blob.size());
  if (failed(file->keep(&error)))
    return fail(": " + error);
  return success();
}
