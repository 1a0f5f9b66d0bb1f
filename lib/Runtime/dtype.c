/*===- dtype.c - Element types of model inputs and outputs ----------------===*/

#include "kiln/Runtime/kiln_runtime.h"

size_t kiln_dtype_size(int64_t dtype) {
  switch (dtype) {
  case KILN_F64:
  case KILN_I64:
  case KILN_U64:
    return 8;
  case KILN_F32:
  case KILN_I32:
  case KILN_U32:
    return 4;
  case KILN_F16:
  case KILN_BF16:
  case KILN_I16:
  case KILN_U16:
    return 2;
  case KILN_I8:
  case KILN_U8:
  case KILN_BOOL:
    return 1;
  default:
    return 0;
  }
}

const char *kiln_dtype_name(int64_t dtype) {
  switch (dtype) {
  case KILN_F32:
    return "f32";
  case KILN_F64:
    return "f64";
  case KILN_F16:
    return "f16";
  case KILN_BF16:
    return "bf16";
  case KILN_I64:
    return "i64";
  case KILN_I32:
    return "i32";
  case KILN_I8:
    return "i8";
  case KILN_BOOL:
    return "bool";
  case KILN_U8:
    return "u8";
  case KILN_U16:
    return "u16";
  case KILN_U32:
    return "u32";
  case KILN_U64:
    return "u64";
  case KILN_I16:
    return "i16";
  default:
    return "?";
  }
}

int64_t kiln_desc_elements(const kiln_tensor_desc *desc) {
  int64_t count = 1;
  for (int64_t i = 0; i < desc->rank; ++i)
    count *= desc->shape[i];
  return count;
}

int64_t kiln_desc_bytes(const kiln_tensor_desc *desc) {
  return kiln_desc_elements(desc) * (int64_t)kiln_dtype_size(desc->dtype);
}
