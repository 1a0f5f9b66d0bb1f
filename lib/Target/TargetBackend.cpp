//===- TargetBackend.cpp - The registry of code generation targets --------===//

#include "kiln/Target/TargetBackend.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::kiln;

TargetBackend::~TargetBackend() = default;

void TargetBackendRegistry::add(std::unique_ptr<TargetBackend> backend) {
  StringRef name = backend->getName();
  backends[name] = std::move(backend);
}

TargetBackend *TargetBackendRegistry::lookup(StringRef name) const {
  auto found = backends.find(name);
  return found == backends.end() ? nullptr : found->second.get();
}

SmallVector<StringRef> TargetBackendRegistry::getNames() const {
  SmallVector<StringRef> names;
  for (const auto &entry : backends)
    names.push_back(entry.getKey());
  llvm::sort(names);
  return names;
}
