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
