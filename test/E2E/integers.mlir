// Unsigned and 16-bit integer elements, and bf16 inputs and outputs, run
// through kiln-run and compared with numpy/torch (see e2e.py): the values
// cover each type's whole range, so that a signed op in place of an
// unsigned one (or a sign- instead of a zero-extension) shows.

// RUN: %e2e %s --entry div_ui8 --inputs "4x8xui8:0..256, 4x8xui8:1..256" --ref "a0 // a1"
// RUN: %e2e %s --entry rem_ui16 --inputs "4x8xui16:0..65536, 4x8xui16:1..65536" --ref "a0 % a1"
// RUN: %e2e %s --entry max_ui64 --inputs "4x8xui64:0..18446744073709551615, 4x8xui64:0..18446744073709551615" --ref "np.maximum(a0, a1)"
// RUN: %e2e %s --entry lt_ui32 --inputs "4x8xui32:0..4294967296, 4x8xui32:0..4294967296" --ref "a0 < a1"
// RUN: %e2e %s --entry add_i16 --inputs "4x8xi16:-32768..32768, 4x8xi16:-32768..32768" --ref "a0 + a1"
// RUN: %e2e %s --entry cast_ui64_f64 --inputs "4x8xui64:0..18446744073709551615" --ref "a0.astype(np.float64)" --tol 0
// RUN: %e2e %s --entry cast_ui8_i32 --inputs "4x8xui8:0..256" --ref "a0.astype(np.int32)"
// RUN: %e2e %s --entry cast_f32_ui8 --inputs "4x8xf32:0..255" --ref "np.trunc(a0).astype(np.uint8)"
// RUN: %e2e %s --entry reduce_max_ui16 --inputs "4x8xui16:0..65536" --ref "a0.max(1)"
// RUN: %e2e %s --entry shift_left_ui32 --inputs "4x8xui32:0..4294967296, 4x8xui32:0..40" --ref "np.where(a1 >= 32, 0, a0 << np.minimum(a1, 31)).astype(np.uint32)"
// RUN: %e2e %s --entry shift_right_ui8 --inputs "4x8xui8:0..256, 4x8xui8:0..12" --ref "np.where(a1 >= 8, 0, a0 >> np.minimum(a1, 7)).astype(np.uint8)"
// RUN: %e2e %s --entry shift_right_i16 --inputs "4x8xi16:-32768..32768, 4x8xi16:0..20" --ref "np.where(a1 >= 16, np.where(a0 < 0, -1, 0), a0 >> np.minimum(a1, 15)).astype(np.int16)"
// RUN: %e2e %s --entry cast_f32_bf16 --inputs 4x8xf32 --ref "t0.to(torch.bfloat16)" --tol 0
// RUN: %e2e %s --entry cast_bf16_f32 --inputs 4x8xbf16 --ref "t0.float()" --tol 0
// RUN: %e2e %s --entry add_bf16 --inputs "4x8xbf16, 4x8xbf16" --ref "t0.to(torch.bfloat16) + t1.to(torch.bfloat16)" --tol 0
// RUN: %e2e %s --entry cast_f64_bf16 --inputs 4x8xf64 --ref "t0.to(torch.bfloat16)" --tol 0
// RUN: %e2e %s --entry exp_mul_bf16 --inputs "4x8xbf16, 4x8xbf16" --ref "torch.exp(t0.to(torch.bfloat16)) * t1.to(torch.bfloat16)" --tol 1e-2

func.func @div_ui8(%a: tensor<4x8xui8>, %b: tensor<4x8xui8>) -> tensor<4x8xui8> {
  %0 = kiln.div %a, %b : tensor<4x8xui8>
  return %0 : tensor<4x8xui8>
}
func.func @rem_ui16(%a: tensor<4x8xui16>, %b: tensor<4x8xui16>) -> tensor<4x8xui16> {
  %0 = kiln.rem %a, %b : tensor<4x8xui16>
  return %0 : tensor<4x8xui16>
}
func.func @max_ui64(%a: tensor<4x8xui64>, %b: tensor<4x8xui64>) -> tensor<4x8xui64> {
  %0 = kiln.max %a, %b : tensor<4x8xui64>
  return %0 : tensor<4x8xui64>
}
func.func @lt_ui32(%a: tensor<4x8xui32>, %b: tensor<4x8xui32>) -> tensor<4x8xi1> {
  %0 = kiln.compare lt, %a, %b : (tensor<4x8xui32>, tensor<4x8xui32>) -> tensor<4x8xi1>
  return %0 : tensor<4x8xi1>
}
func.func @add_i16(%a: tensor<4x8xi16>, %b: tensor<4x8xi16>) -> tensor<4x8xi16> {
  %0 = kiln.add %a, %b : tensor<4x8xi16>
  return %0 : tensor<4x8xi16>
}
func.func @cast_ui64_f64(%a: tensor<4x8xui64>) -> tensor<4x8xf64> {
  %0 = kiln.cast %a : tensor<4x8xui64> to tensor<4x8xf64>
  return %0 : tensor<4x8xf64>
}
func.func @cast_ui8_i32(%a: tensor<4x8xui8>) -> tensor<4x8xi32> {
  %0 = kiln.cast %a : tensor<4x8xui8> to tensor<4x8xi32>
  return %0 : tensor<4x8xi32>
}
func.func @cast_f32_ui8(%a: tensor<4x8xf32>) -> tensor<4x8xui8> {
  %0 = kiln.cast %a : tensor<4x8xf32> to tensor<4x8xui8>
  return %0 : tensor<4x8xui8>
}
func.func @reduce_max_ui16(%a: tensor<4x8xui16>) -> tensor<4xui16> {
  %0 = kiln.reduce_max %a dims = [1] : (tensor<4x8xui16>) -> tensor<4xui16>
  return %0 : tensor<4xui16>
}
func.func @shift_left_ui32(%a: tensor<4x8xui32>, %b: tensor<4x8xui32>) -> tensor<4x8xui32> {
  %0 = kiln.shift_left %a, %b : tensor<4x8xui32>
  return %0 : tensor<4x8xui32>
}
func.func @shift_right_ui8(%a: tensor<4x8xui8>, %b: tensor<4x8xui8>) -> tensor<4x8xui8> {
  %0 = kiln.shift_right %a, %b : tensor<4x8xui8>
  return %0 : tensor<4x8xui8>
}
func.func @shift_right_i16(%a: tensor<4x8xi16>, %b: tensor<4x8xi16>) -> tensor<4x8xi16> {
  %0 = kiln.shift_right %a, %b : tensor<4x8xi16>
  return %0 : tensor<4x8xi16>
}
func.func @cast_f32_bf16(%a: tensor<4x8xf32>) -> tensor<4x8xbf16> {
  %0 = kiln.cast %a : tensor<4x8xf32> to tensor<4x8xbf16>
  return %0 : tensor<4x8xbf16>
}
func.func @cast_bf16_f32(%a: tensor<4x8xbf16>) -> tensor<4x8xf32> {
  %0 = kiln.cast %a : tensor<4x8xbf16> to tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @add_bf16(%a: tensor<4x8xbf16>, %b: tensor<4x8xbf16>) -> tensor<4x8xbf16> {
  %0 = kiln.add %a, %b : tensor<4x8xbf16>
  return %0 : tensor<4x8xbf16>
}
func.func @cast_f64_bf16(%a: tensor<4x8xf64>) -> tensor<4x8xbf16> {
  %0 = kiln.cast %a : tensor<4x8xf64> to tensor<4x8xbf16>
  return %0 : tensor<4x8xbf16>
}
func.func @exp_mul_bf16(%a: tensor<4x8xbf16>, %b: tensor<4x8xbf16>) -> tensor<4x8xbf16> {
  %0 = kiln.exp %a : tensor<4x8xbf16>
  %1 = kiln.mul %0, %b : tensor<4x8xbf16>
  return %1 : tensor<4x8xbf16>
}
