//===- ElementStorage.h - Bits and bytes of element types -------*- C++ -*-===//
//
// One answer, for every pass and the driver, to "how much memory does a
// tensor of this element type take": the cost model, sharding costs,
// weights externalization and memory planning all ask here. Also the
// runtime's dtype code of an element type.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_ANALYSIS_ELEMENTSTORAGE_H
#define KILN_ANALYSIS_ELEMENTSTORAGE_H

#include "mlir/IR/BuiltinTypes.h"

#include <optional>

namespace mlir::kiln {

/// How elements narrower than a byte (i1, i4) are laid out.
enum class SubBytePacking {
  /// One element per byte: what LLVM does with memrefs of i1 and i4, and
  /// so what compiled programs hold and send today.
  byteAligned,
  /// Elements packed densely (two i4 per byte), for packed weight formats.
  packed,
};

/// Bits one element of `elementType` occupies in memory: its width for
/// integers and floats (sub-byte widths rounded up to 8 unless `packing`
/// is packed), 64 for index, the storage type's for `!quant` types; 0 for
/// a type with no memory form.
int64_t getStorageBits(Type elementType,
                       SubBytePacking packing = SubBytePacking::byteAligned);

/// Bytes the elements of a statically shaped `type` occupy, rounded up to
/// whole bytes; 0 for a type without a static shape or a memory form.
int64_t getStorageBytes(ShapedType type,
                        SubBytePacking packing = SubBytePacking::byteAligned);

/// Bytes of `numElements` elements of `elementType`, rounded up.
int64_t getStorageBytes(Type elementType, int64_t numElements,
                        SubBytePacking packing = SubBytePacking::byteAligned);

/// The runtime's `kiln_dtype` (kiln_runtime.h) of `elementType`; nullopt
/// for a type a compiled program cannot take, return or communicate.
std::optional<int64_t> getRuntimeDtype(Type elementType);

} // namespace mlir::kiln

#endif // KILN_ANALYSIS_ELEMENTSTORAGE_H
