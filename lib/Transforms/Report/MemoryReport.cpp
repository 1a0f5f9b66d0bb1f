//===- MemoryReport.cpp - The --kiln-memory-report pass -------------------===//
//
// Prints, per function, the peak of live tensor bytes over the schedule and
// the buffers that make it up; or the same as JSON; optionally an SVG plot.
//
//===----------------------------------------------------------------------===//

#include "MemoryPlot.h"
#include "ReportFormat.h"
#include "kiln/Analysis/LiveMemory.h"
#include "kiln/KilnDialect.h"
#include "kiln/Transforms/Passes.h"

#include "kiln/Support/AtomicOutputFile.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_MEMORYREPORTPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// What defines a buffer: "argument 3 'name'" or the op's name.
std::string describeDefinition(Value value) {
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    auto func = cast<func::FuncOp>(arg.getOwner()->getParentOp());
    std::string text = llvm::formatv("argument {0}", arg.getArgNumber());
    if (auto name = func.getArgAttrOfType<StringAttr>(
            arg.getArgNumber(), KilnDialect::kNameAttrName))
      text += " '" + name.str() + "'";
    return text;
  }
  return value.getDefiningOp()->getName().getStringRef().str();
}

std::string typeText(Value value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  value.getType().print(os);
  return text;
}

struct MemoryReportPass : kiln::impl::MemoryReportPassBase<MemoryReportPass> {
  using MemoryReportPassBase::MemoryReportPassBase;

  void runOnOperation() override {
    SmallVector<func::FuncOp> funcs;
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isExternal() &&
          (function.empty() || func.getSymName() == function))
        funcs.push_back(func);
    if (!function.empty() && funcs.empty()) {
      getOperation().emitError("kiln-memory-report: no function '")
          << function << "' with a body";
      return signalPassFailure();
    }
    std::vector<std::pair<func::FuncOp, MemoryProfile>> profiles;
    for (func::FuncOp func : funcs) {
      FailureOr<MemoryProfile> profile = analyzeLiveMemory(func);
      if (failed(profile))
        return signalPassFailure();
      if (profile->unsizedValues)
        func.emitWarning("kiln-memory-report: ")
            << profile->unsizedValues
            << " tensor values have dynamic shapes and count as 0 bytes";
      profiles.push_back({func, std::move(*profile)});
    }

    // Every output is complete before any file is kept.
    std::unique_ptr<AtomicOutputFile> report, svg;
    if (reportFile != "-" && !(report = open(reportFile)))
      return signalPassFailure();
    if (!svgFile.empty() && !(svg = open(svgFile)))
      return signalPassFailure();
    llvm::raw_ostream &os = report ? report->os() : llvm::errs();
    if (format == ReportFormat::json) {
      llvm::json::Array array;
      for (auto &[func, profile] : profiles)
        array.push_back(toJson(func, profile));
      os << llvm::formatv("{0:2}", llvm::json::Value(std::move(array))) << "\n";
    } else {
      for (auto &[func, profile] : profiles)
        printText(func, profile, os);
    }
    if (svg) {
      SmallVector<MemorySeries> series;
      for (auto &[func, profile] : profiles)
        series.push_back({"@" + func.getSymName().str(), profile.liveBytes,
                          profile.peakStep});
      writeMemoryPlot(svg->os(), "Live tensor bytes over the schedule", series);
    }
    std::string error;
    if ((svg && failed(svg->keep(&error))) ||
        (report && failed(report->keep(&error)))) {
      getOperation().emitError("kiln-memory-report: ") << error;
      return signalPassFailure();
    }
    markAllAnalysesPreserved();
  }

  std::unique_ptr<AtomicOutputFile> open(StringRef path) {
    std::string error;
    auto file = AtomicOutputFile::open(path, &error);
    if (!file)
      getOperation().emitError("kiln-memory-report: cannot open '")
          << path << "': " << error;
    return file;
  }

  void printText(func::FuncOp func, const MemoryProfile &profile,
                 llvm::raw_ostream &os) {
    os << llvm::formatv("kiln memory report: @{0}: {1} ops, peak {2}",
                        func.getSymName(), profile.schedule.size(),
                        humanBytes(profile.peakBytes));
    if (profile.peakStep >= 0) {
      Operation *op = profile.schedule[profile.peakStep];
      os << llvm::formatv(" at op {0} ({1} at {2})", profile.peakStep,
                          op->getName().getStringRef(),
                          formatLocation(op->getLoc()));
    }
    os << "\n";
    int64_t residentCount = llvm::count_if(
        profile.buffers, [](const LiveBuffer &b) { return b.resident; });
    os << llvm::formatv("  resident (arguments, constants): {0} in {1} "
                        "buffers\n",
                        humanBytes(profile.residentBytes), residentCount);
    if (profile.peakStep < 0)
      return;
    SmallVector<const LiveBuffer *> live = profile.liveAt(profile.peakStep);
    int64_t transient = 0;
    for (const LiveBuffer *buffer : live)
      transient += buffer->bytes;
    os << llvm::formatv("  transient at the peak: {0} in {1} buffers; the "
                        "largest:\n",
                        humanBytes(transient), live.size());
    for (const LiveBuffer *buffer : ArrayRef(live).take_front(top)) {
      std::string span =
          llvm::formatv("ops {0}..{1}", buffer->start, buffer->end).str();
      os << llvm::formatv(
          "    {0,12}  {1,-14} {2} {3}  {4}\n", humanBytes(buffer->bytes), span,
          describeDefinition(buffer->value), typeText(buffer->value),
          formatLocation(buffer->value.getLoc()));
    }
  }

  llvm::json::Object toJson(func::FuncOp func, const MemoryProfile &profile) {
    llvm::json::Array atPeak;
    SmallVector<const LiveBuffer *> live;
    if (profile.peakStep >= 0)
      live = profile.liveAt(profile.peakStep);
    for (const LiveBuffer *buffer : ArrayRef(live).take_front(top))
      atPeak.push_back(
          llvm::json::Object{{"bytes", buffer->bytes},
                             {"start", buffer->start},
                             {"end", buffer->end},
                             {"defined_by", describeDefinition(buffer->value)},
                             {"type", typeText(buffer->value)},
                             {"loc", formatLocation(buffer->value.getLoc())}});
    llvm::json::Array liveBytes;
    for (int64_t bytes : profile.liveBytes)
      liveBytes.push_back(bytes);
    return llvm::json::Object{
        {"function", func.getSymName()},
        {"ops", static_cast<int64_t>(profile.schedule.size())},
        {"peak_bytes", profile.peakBytes},
        {"peak_op", profile.peakStep},
        {"resident_bytes", profile.residentBytes},
        {"live_at_peak", std::move(atPeak)},
        {"live_bytes", std::move(liveBytes)}};
  }
};

} // namespace
