//===- ReportFormat.cpp - Numbers and places in Kiln's reports ------------===//

#include "ReportFormat.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

std::string mlir::kiln::humanCount(int64_t value) {
  const char *suffixes[] = {" ", " K", " M", " G", " T", " P"};
  double scaled = static_cast<double>(value);
  int index = 0;
  while (scaled >= 1000.0 && index < 5) {
    scaled /= 1000.0;
    ++index;
  }
  if (index == 0)
    return std::to_string(value) + " ";
  return llvm::formatv("{0:f2}{1}", scaled, suffixes[index]).str();
}

std::string mlir::kiln::humanBytes(int64_t bytes) {
  const char *suffixes[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double scaled = static_cast<double>(bytes);
  int index = 0;
  while (scaled >= 1024.0 && index < 4) {
    scaled /= 1024.0;
    ++index;
  }
  if (index == 0)
    return std::to_string(bytes) + " B";
  return llvm::formatv("{0:f2} {1}", scaled, suffixes[index]).str();
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
