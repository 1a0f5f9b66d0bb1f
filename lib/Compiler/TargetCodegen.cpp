//===- TargetCodegen.cpp - Target machine, LLVM optimization, objects -----===//

#include "kiln/Compiler/Codegen.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace mlir;
using namespace mlir::kiln;

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
mlir::kiln::createTargetMachine(StringRef cpu, StringRef features) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return llvm::createStringError(error);
  std::string cpuName = cpu.str();
  std::string featureString;
  if (cpu == "host") {
    cpuName = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures hostFeatures;
    for (const auto &[feature, enabled] : llvm::sys::getHostCPUFeatures())
      hostFeatures.AddFeature(feature, enabled);
    featureString = hostFeatures.getString();
  }
  if (!features.empty())
    featureString += (featureString.empty() ? "" : ",") + features.str();
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpuName, featureString, options, llvm::Reloc::PIC_));
  if (!machine)
    return llvm::createStringError("cannot create a target machine for " +
                                   triple.str() + " / " + cpuName);
  return machine;
}

int64_t mlir::kiln::getVectorBits(const llvm::TargetMachine &machine) {
  const llvm::MCSubtargetInfo *info = machine.getMCSubtargetInfo();
  if (info->checkFeatures("+avx512f"))
    return 512;
  if (info->checkFeatures("+avx"))
    return 256;
  return 128;
}

llvm::Error mlir::kiln::optimizeModule(llvm::Module &module,
                                       llvm::TargetMachine &machine) {
  module.setTargetTriple(machine.getTargetTriple());
  module.setDataLayout(machine.createDataLayout());
  std::string cpu = machine.getTargetCPU().str();
  std::string features = machine.getTargetFeatureString().str();
  for (llvm::Function &function : module) {
    if (function.isDeclaration())
      continue;
    function.addFnAttr("target-cpu", cpu);
    if (!features.empty())
      function.addFnAttr("target-features", features);
  }
  auto transformer = makeOptimizingTransformer(3, 0, &machine);
  return transformer(&module);
}

llvm::Error mlir::kiln::emitObject(llvm::Module &module,
                                   llvm::TargetMachine &machine,
                                   llvm::raw_pwrite_stream &os) {
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, os, nullptr,
                                  llvm::CodeGenFileType::ObjectFile))
    return llvm::createStringError("the target cannot emit object files");
  passes.run(module);
  return llvm::Error::success();
}

llvm::Expected<std::string> mlir::kiln::emitTemporaryObject(
    llvm::Module &module, llvm::TargetMachine &machine, StringRef prefix) {
  SmallString<128> path;
  int fd;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile(prefix, "o", fd, path))
    return llvm::createStringError("cannot create a temporary file: " +
                                   ec.message());
  llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
  if (llvm::Error error = emitObject(module, machine, os)) {
    llvm::sys::fs::remove(path);
    return std::move(error);
  }
  os.close();
  if (os.has_error()) {
    llvm::sys::fs::remove(path);
    return llvm::createStringError("cannot write " + path.str());
  }
  return std::string(path);
}
