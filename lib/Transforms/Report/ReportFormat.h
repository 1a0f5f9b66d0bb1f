//===- ReportFormat.h - Numbers and places in Kiln's reports ----*- C++ -*-===//

#ifndef KILN_LIB_TRANSFORMS_REPORT_REPORTFORMAT_H
#define KILN_LIB_TRANSFORMS_REPORT_REPORTFORMAT_H

#include "kiln/Support/AtomicOutputFile.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"

#include <memory>
#include <string>

namespace mlir::kiln {

/// A count with a space and an SI prefix for a unit to follow: "512 ",
/// "1.50 G", "12.00 M".
std::string humanCount(int64_t value);

/// Bytes in binary units: "512 B", "1.50 KiB", "12.00 MiB".
std::string humanBytes(int64_t bytes);

/// "file:line:col" for a file location (the first one inside fused or
/// named locations), else the location as MLIR prints it.
std::string formatLocation(Location loc);

/// Where a pass writes its report: a file (kept once the pass succeeds),
/// or the standard error stream for "-".
class ReportOutput {
public:
  /// Opens `path`; on failure reports "cannot open <what> file" at `op`.
  LogicalResult open(StringRef path, Operation *op, StringRef what);
  llvm::raw_ostream &os() { return file ? file->os() : llvm::errs(); }
  /// Renames the complete file into place (a failed pass leaves none
  /// behind); on failure reports it at `op`.
  LogicalResult keep(Operation *op) {
    std::string error;
    if (file && failed(file->keep(&error)))
      return op->emitError() << error;
    return success();
  }

private:
  std::unique_ptr<AtomicOutputFile> file;
};

} // namespace mlir::kiln

#endif // KILN_LIB_TRANSFORMS_REPORT_REPORTFORMAT_H
