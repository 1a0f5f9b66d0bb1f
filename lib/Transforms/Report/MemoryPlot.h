//===- MemoryPlot.h - Live bytes over a schedule as an SVG plot -*- C++ -*-===//

#ifndef KILN_LIB_TRANSFORMS_REPORT_MEMORYPLOT_H
#define KILN_LIB_TRANSFORMS_REPORT_MEMORYPLOT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir::kiln {

/// One line of the plot: live bytes per step, its peak marked.
struct MemorySeries {
  std::string label;
  llvm::ArrayRef<int64_t> liveBytes;
  int64_t peakStep = -1;
};

/// Writes a standalone SVG document plotting every series on shared axes
/// (steps across, MiB up), with a legend giving each series' peak. Series
/// of different lengths (a schedule before and after rematerialization)
/// share the step axis.
void writeMemoryPlot(llvm::raw_ostream &os, llvm::StringRef title,
                     llvm::ArrayRef<MemorySeries> series);

} // namespace mlir::kiln

#endif // KILN_LIB_TRANSFORMS_REPORT_MEMORYPLOT_H
