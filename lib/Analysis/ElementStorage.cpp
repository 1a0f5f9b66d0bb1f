//===- ElementStorage.cpp - Bits and bytes of element types ---------------===//

#include "kiln/Analysis/ElementStorage.h"
#include "kiln/Runtime/kiln_runtime.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"

using namespace mlir;
using namespace mlir::kiln;

int64_t mlir::kiln::getStorageBits(Type elementType, SubBytePacking packing) {
  if (auto quantized = dyn_cast<quant::QuantizedType>(elementType))
    elementType = quantized.getStorageType();
  int64_t bits = 0;
  if (elementType.isIndex())
    bits = 64;
  else if (elementType.isIntOrFloat())
    bits = elementType.getIntOrFloatBitWidth();
  else if (auto complex = dyn_cast<ComplexType>(elementType))
    bits = 2 * getStorageBits(complex.getElementType(), packing);
  if (bits == 0 || packing == SubBytePacking::packed)
    return bits;
  return (bits + 7) / 8 * 8;
}

int64_t mlir::kiln::getStorageBytes(Type elementType, int64_t numElements,
                                    SubBytePacking packing) {
  return (numElements * getStorageBits(elementType, packing) + 7) / 8;
}

int64_t mlir::kiln::getStorageBytes(ShapedType type, SubBytePacking packing) {
  if (!type || !type.hasStaticShape())
    return 0;
  return getStorageBytes(type.getElementType(), type.getNumElements(), packing);
}

std::optional<int64_t> mlir::kiln::getRuntimeDtype(Type type) {
  if (type.isF32())
    return KILN_F32;
  if (type.isF64())
    return KILN_F64;
  if (type.isF16())
    return KILN_F16;
  if (type.isBF16())
    return KILN_BF16;
  if (type.isUnsignedInteger(8))
    return KILN_U8;
  if (type.isUnsignedInteger(16))
    return KILN_U16;
  if (type.isUnsignedInteger(32))
    return KILN_U32;
  if (type.isUnsignedInteger(64))
    return KILN_U64;
  if (type.isSignlessInteger(64))
    return KILN_I64;
  if (type.isSignlessInteger(32))
    return KILN_I32;
  if (type.isSignlessInteger(16))
    return KILN_I16;
  if (type.isSignlessInteger(8))
    return KILN_I8;
  if (type.isSignlessInteger(1))
    return KILN_BOOL;
  return std::nullopt;
}
