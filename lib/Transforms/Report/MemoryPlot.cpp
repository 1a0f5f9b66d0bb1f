//===- MemoryPlot.cpp - Live bytes over a schedule as an SVG plot ---------===//

#include "MemoryPlot.h"
#include "ReportFormat.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace mlir::kiln;

namespace {

constexpr double kWidth = 800, kHeight = 400;
constexpr double kLeft = 80, kRight = 20, kTop = 40, kBottom = 50;
const char *const kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

/// `text` with the characters XML gives a meaning escaped.
std::string escape(llvm::StringRef text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

} // namespace

void mlir::kiln::writeMemoryPlot(llvm::raw_ostream &os, llvm::StringRef title,
                                 llvm::ArrayRef<MemorySeries> series) {
  size_t steps = 1;
  int64_t maxBytes = 1;
  for (const MemorySeries &line : series) {
    steps = std::max(steps, line.liveBytes.size());
    for (int64_t bytes : line.liveBytes)
      maxBytes = std::max(maxBytes, bytes);
  }
  double plotW = kWidth - kLeft - kRight, plotH = kHeight - kTop - kBottom;
  auto x = [&](size_t step) {
    return kLeft + plotW * (steps > 1 ? double(step) / double(steps - 1) : 0);
  };
  auto y = [&](int64_t bytes) {
    return kTop + plotH * (1.0 - double(bytes) / double(maxBytes));
  };

  os << llvm::formatv("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "width=\"{0}\" height=\"{1}\" font-family=\"sans-serif\" "
                      "font-size=\"12\">\n",
                      kWidth, kHeight);
  os << llvm::formatv("<text x=\"{0}\" y=\"20\" font-size=\"14\">{1}</text>\n",
                      kLeft, escape(title));
  // Axes, with the y axis labelled at 0, half and the maximum.
  os << llvm::formatv("<polyline fill=\"none\" stroke=\"black\" "
                      "points=\"{0},{1} {0},{2} {3},{2}\"/>\n",
                      kLeft, kTop, kTop + plotH, kLeft + plotW);
  for (double fraction : {0.0, 0.5, 1.0})
    os << llvm::formatv("<text x=\"{0}\" y=\"{1}\" text-anchor=\"end\">"
                        "{2}</text>\n",
                        kLeft - 6, y(int64_t(fraction * maxBytes)) + 4,
                        humanBytes(int64_t(fraction * maxBytes)));
  os << llvm::formatv("<text x=\"{0}\" y=\"{1}\" text-anchor=\"middle\">"
                      "op in schedule (0 to {2})</text>\n",
                      kLeft + plotW / 2, kHeight - 15, steps - 1);

  for (auto [index, line] : llvm::enumerate(series)) {
    const char *color = kColors[index % std::size(kColors)];
    os << llvm::formatv("<polyline class=\"series\" fill=\"none\" "
                        "stroke=\"{0}\" stroke-width=\"1.5\" points=\"",
                        color);
    for (auto [step, bytes] : llvm::enumerate(line.liveBytes))
      os << llvm::formatv("{0}{1:f1},{2:f1}", step ? " " : "", x(step),
                          y(bytes));
    os << "\"/>\n";
    int64_t peak = 0;
    if (line.peakStep >= 0 &&
        line.peakStep < static_cast<int64_t>(line.liveBytes.size())) {
      peak = line.liveBytes[line.peakStep];
      os << llvm::formatv("<circle class=\"peak\" cx=\"{0:f1}\" cy=\"{1:f1}\" "
                          "r=\"4\" fill=\"{2}\"/>\n",
                          x(line.peakStep), y(peak), color);
    }
    os << llvm::formatv("<text x=\"{0}\" y=\"{1}\" fill=\"{2}\">{3}: peak "
                        "{4} at op {5}</text>\n",
                        kLeft + 10, kTop + 16 * (index + 1), color,
                        escape(line.label), humanBytes(peak), line.peakStep);
  }
  os << "</svg>\n";
}
