//===- ReportFormat.cpp - Numbers and places in Kiln's reports ------------===//

#include "ReportFormat.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

/// `value` divided by `base` while it is that large, with the suffix of
/// the last division; no suffix and no decimals below `base`.
static std::string scaled(int64_t value, double base,
                          llvm::ArrayRef<const char *> suffixes,
                          const char *unscaled) {
  double number = static_cast<double>(value);
  size_t index = 0;
  while (number >= base && index + 1 < suffixes.size()) {
    number /= base;
    ++index;
  }
  if (index == 0)
    return std::to_string(value) + unscaled;
  return llvm::formatv("{0:f2}{1}", number, suffixes[index]).str();
}

std::string mlir::kiln::humanCount(int64_t value) {
  return scaled(value, 1000.0, {" ", " K", " M", " G", " T", " P"}, " ");
}

std::string mlir::kiln::humanBytes(int64_t bytes) {
  return scaled(bytes, 1024.0, {" B", " KiB", " MiB", " GiB", " TiB"}, " B");
}

std::string mlir::kiln::formatLocation(Location loc) {
  FileLineColLoc file;
  loc->walk([&](Location inner) {
    if (auto found = dyn_cast<FileLineColLoc>(inner)) {
      file = found;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (file)
    return llvm::formatv("{0}:{1}:{2}", file.getFilename().getValue(),
                         file.getLine(), file.getColumn())
        .str();
  std::string text;
  llvm::raw_string_ostream os(text);
  loc.print(os);
  return text;
}

LogicalResult mlir::kiln::ReportOutput::open(StringRef path, Operation *op,
                                             StringRef what) {
  if (path == "-")
    return success();
  std::string error;
  file = AtomicOutputFile::open(path, &error);
  if (!file)
    return op->emitError() << "cannot open " << what << " file '" << path
                           << "': " << error;
  return success();
}
