//===- onnx_fuzzer.cpp - libFuzzer target: ONNX model bytes ---------------===//
//
// Every input is a serialized ONNX model, as kiln-import and kiln-compile
// read one: it is imported, and what imports runs through the graph passes
// and the lowering to linalg (compiler_fuzz.h). A rejected model must come
// with an error naming the file or node; nothing may crash, leak, or make
// IR that does not verify. Mutations are structural half the time
// (onnx_mutator.h) and libFuzzer's byte edits otherwise.
//
//===----------------------------------------------------------------------===//

#include "compiler_fuzz.h"
#include "onnx_mutator.h"

#include "kiln/Import/OnnxImporter.h"

#include "mlir/IR/OwningOpRef.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/MemoryBufferRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>

using namespace mlir;
using namespace mlir::kiln;

// The importer rejects a node whose operands do not fit its operator by
// unwinding out of the ODS builder that would abort (runConverter in
// OnnxImporter.cpp). The abort's message strings live in frames of
// libMLIR and libLLVM, built without exceptions, which never free them:
// about 220 bytes per rejected model, allocated by
// mlir::detail::reportFatalInferReturnTypesError (a std::string grown by
// _M_mutate; the frame-pointer unwinder loses the frames above it) and by
// the Twine::str of llvm::report_fatal_error. Those two and only those are
// not reported; every other leak is a finding.
extern "C" const char *__lsan_default_suppressions() {
  return "leak:llvm::Twine::str\n"
         "leak:std::__cxx11::basic_string<char, std::char_traits<char>, "
         "std::allocator<char>>::_M_mutate\n";
}

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned seed) {
  if (seed % 2 == 0)
    if (size_t mutated = fuzz::mutateOnnxModel(data, size, maxSize, seed))
      return mutated;
  return LLVMFuzzerMutate(data, size, maxSize);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz::FuzzContext context;
  llvm::MemoryBufferRef buffer(
      llvm::StringRef(reinterpret_cast<const char *>(data), size),
      "model.onnx");
  OwningOpRef<ModuleOp> module = importOnnxModel(buffer, context.get(), {});
  if (!module) {
    fuzz::requireDiagnostic(context, 0, "importing");
    return 0;
  }
  if (failed(verify(*module))) {
    llvm::errs() << "finding: the importer made IR that does not verify\n";
    std::abort();
  }
  fuzz::runGraphPasses(context, *module);
  return 0;
}
