//===- ModelHeader.h - The C header of a compiled model ---------*- C++ -*-===//

#ifndef KILN_COMPILER_MODELHEADER_H
#define KILN_COMPILER_MODELHEADER_H

#include "kiln/Compiler/Codegen.h"

#include <string>

namespace mlir::kiln {

/// A C identifier for a model's descriptor: `<function>_model` with any
/// character outside [A-Za-z0-9_] replaced by '_'.
std::string getModelSymbol(StringRef function);

/// The self-contained C header that `kiln-compile --emit=shared|object`
/// writes next to its output: the runtime API (kiln_runtime.h), the
/// declaration of the model's descriptor `names.symbol`, and a comment
/// listing every input and output with its dtype and shape.
std::string generateModelHeader(const ModelSignature &signature,
                                const DescriptorOptions &names,
                                StringRef libraryName);

} // namespace mlir::kiln

#endif // KILN_COMPILER_MODELHEADER_H
