//===- LiveMemory.h - Live tensor bytes over a function's schedule -*- C++
//-*-===//
//
// The memory a function on tensors needs when its ops run in program order:
// which tensors are live at each op, the total bytes, and the peak. The
// shared ground truth of the memory report and of rematerialization.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_ANALYSIS_LIVEMEMORY_H
#define KILN_ANALYSIS_LIVEMEMORY_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <cstdint>

namespace mlir::kiln {

/// One buffer: a tensor value and the values that are views of it
/// (kiln.reshape results), which share its bytes and extend its life.
struct LiveBuffer {
  Value value;
  int64_t bytes = 0;
  /// Steps (indices into MemoryProfile::schedule) from the one that defines
  /// the buffer to the last one that reads it or a view of it; a returned
  /// buffer lives to the last step. Resident buffers span every step.
  int64_t start = 0;
  int64_t end = 0;
  /// Arguments and constants: held by the caller or the program image for
  /// the whole call, whatever the schedule.
  bool resident = false;
  // A result donated to an argument (kiln.donated_to) is written into the
  // argument's buffer and counts 0 bytes.
};

struct MemoryProfile {
  /// The ops of the body in program order; step i runs schedule[i].
  SmallVector<Operation *> schedule;
  SmallVector<LiveBuffer> buffers;
  /// The buffer of each tensor value (views share their source's).
  llvm::DenseMap<Value, int64_t> bufferOf;
  /// The step of each op of the schedule.
  llvm::DenseMap<Operation *, int64_t> stepOf;
  /// Bytes live while step i runs: resident buffers, the step's operands
  /// and results, and every buffer defined before and read after it.
  SmallVector<int64_t> liveBytes;
  int64_t residentBytes = 0;
  int64_t peakBytes = 0;
  /// The first step at the peak; -1 for an empty body.
  int64_t peakStep = -1;
  /// Tensor values whose size is unknown (dynamic shapes); counted as 0.
  int64_t unsizedValues = 0;

  /// The transient (not resident) buffers live at `step`, largest first.
  SmallVector<const LiveBuffer *> liveAt(int64_t step) const;
};

/// The result that argument `arg` of `func` is donated to (its
/// `kiln.donated_to`), when the attribute names an existing result.
std::optional<int64_t> getDonatedResult(func::FuncOp func, unsigned arg);

/// Profiles `func`, which must have a body of one block.
FailureOr<MemoryProfile> analyzeLiveMemory(func::FuncOp func);

} // namespace mlir::kiln

#endif // KILN_ANALYSIS_LIVEMEMORY_H
