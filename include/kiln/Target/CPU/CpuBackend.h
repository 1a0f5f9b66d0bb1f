//===- CpuBackend.h - The x86-64 CPU target ---------------------*- C++ -*-===//
//
// The first TargetBackend: units lowered by kiln-cpu, translated to LLVM IR
// with their model descriptors, compiled for the chosen CPU and linked
// with the C runtime (libKilnRuntime*.a, plus MPI for partitioned models).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TARGET_CPU_CPUBACKEND_H
#define KILN_TARGET_CPU_CPUBACKEND_H

#include "kiln/Target/TargetBackend.h"

#include <memory>
#include <string>

namespace mlir::kiln {

/// What the CPU target compiles for.
struct CpuTargetOptions {
  /// An LLVM CPU name, or "host" for this machine.
  std::string cpu = "host";
  /// LLVM target features to add or remove, e.g. "-avx512f".
  std::string features;
};

/// The CPU backend, named "cpu".
std::unique_ptr<TargetBackend>
createCpuBackend(const CpuTargetOptions &options);

} // namespace mlir::kiln

#endif // KILN_TARGET_CPU_CPUBACKEND_H
