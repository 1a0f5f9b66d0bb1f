//===- ir_fuzzer.cpp - libFuzzer target: Kiln IR text ---------------------===//
//
// Every input is Kiln IR text, as kiln-opt and kiln-compile read it: it is
// parsed and verified, and what verifies runs through the graph passes and
// the lowering to linalg (compiler_fuzz.h). Rejections must come with an
// error; nothing may crash, leak, or leave IR that does not verify.
//
//===----------------------------------------------------------------------===//

#include "compiler_fuzz.h"

#include "mlir/IR/OwningOpRef.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdint>

using namespace mlir;
using namespace mlir::kiln;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz::FuzzContext context;
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "input.mlir"),
      llvm::SMLoc());
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, &context.get());
  if (!module) {
    fuzz::requireDiagnostic(context, 0, "parsing");
    return 0;
  }
  fuzz::runGraphPasses(context, *module);
  return 0;
}
