//===- onnx_mutator.h - Structure-aware mutations of ONNX models -*- C++
//-*-===//
//
// libFuzzer's byte mutations rarely get past protobuf parsing into the
// importer's logic. These edit a parsed ModelProto the way broken exporters
// and hand-edited models do: wrong input counts and names (forward
// references, cycles, missing values), bad attribute values and types,
// inconsistent and huge dimensions, dropped or truncated initializers,
// changed operator types and opsets; fuzz/onnx_mutate.py makes the same
// kinds of mutant without coverage guidance.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FUZZ_ONNX_MUTATOR_H
#define KILN_FUZZ_ONNX_MUTATOR_H

#include <cstddef>
#include <cstdint>

namespace mlir::kiln::fuzz {

/// Applies one structural mutation to the serialized model in `data`
/// (`size` bytes, room for `maxSize`) and returns the new size, or 0 when
/// `data` is not a model or the mutant does not fit.
size_t mutateOnnxModel(uint8_t *data, size_t size, size_t maxSize,
                       unsigned seed);

} // namespace mlir::kiln::fuzz

#endif // KILN_FUZZ_ONNX_MUTATOR_H
