//===- ReportFormat.h - Numbers and places in Kiln's reports ----*- C++ -*-===//

#ifndef KILN_LIB_TRANSFORMS_REPORT_REPORTFORMAT_H
#define KILN_LIB_TRANSFORMS_REPORT_REPORTFORMAT_H

#include "mlir/IR/Location.h"

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

} // namespace mlir::kiln

#endif // KILN_LIB_TRANSFORMS_REPORT_REPORTFORMAT_H
