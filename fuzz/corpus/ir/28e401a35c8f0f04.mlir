func.func @neg(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.neg %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @neg_i32(%x: tensor<4x8xi32>) -> tensor<4x8xi32> {
  %0 = kiln.neg %x : tensor<4x8xi32>
  return %0 : tensor<4x8xi32>
}
func.func @abs(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.abs %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @exp(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.exp %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @log(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.log %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @sqrt(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.sqrt %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @rsqrt(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.rsqrt %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @tanh(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.tanh %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @sigmoid(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.sigmoid %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @relu(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.relu %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @silu(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.silu %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @erf(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.erf %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @gelu(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.gelu %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @gelu_tanh(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.gelu %x approximation = tanh : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @add(%a: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.add %a, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @sub(%a: tensor<4x1xf32>, %b: tensor<1x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.sub %a, %b : (tensor<4x1xf32>, tensor<1x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @mul(%a: tensor<4x8xf32>, %b: tensor<f32>) -> tensor<4x8xf32> {
  %0 = kiln.mul %a, %b : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @div(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.div %a, %b : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @div_i32(%a: tensor<4x8xi32>, %b: tensor<4x8xi32>) -> tensor<4x8xi32> {
  %0 = kiln.div %a, %b : tensor<4x8xi32>
  return %0 : tensor<4x8xi32>
}
func.func @max(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.max %a, %b : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @min(%a: tensor<4x8xi64>, %b: tensor<8xi64>) -> tensor<4x8xi64> {
  %0 = kiln.min %a, %b : (tensor<4x8xi64>, tensor<8xi64>) -> tensor<4x8xi64>
  return %0 : tensor<4x8xi64>
}
func.func @pow(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.pow %a, %b : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @compare_lt(%a: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xi1> {
  %0 = kiln.compare lt, %a, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xi1>
  return %0 : tensor<4x8xi1>
}
func.func @compare_eq_i64(%a: tensor<4x8xi64>, %b: tensor<4x1xi64>) -> tensor<4x8xi1> {
  %0 = kiln.compare eq, %a, %b : (tensor<4x8xi64>, tensor<4x1xi64>) -> tensor<4x8xi1>
  return %0 : tensor<4x8xi1>
}
func.func @select(%c: tensor<4x1xi1>, %a: tensor<4x8xf32>, %b: tensor<f32>) -> tensor<4x8xf32> {
  %0 = kiln.select %c, %a, %b : (tensor<4x1xi1>, tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @cast_f32_i32(%x: tensor<4x8xf32>) -> tensor<4x8xi32> {
  %0 = kiln.cast %x : tensor<4x8xf32> to tensor<4x8xi32>
  return %0 : tensor<4x8xi32>
}
func.func @cast_i64_f32(%x: tensor<4x8xi64>) -> tensor<4x8xf32> {
  %0 = kiln.cast %x : tensor<4x8xi64> to tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @cast_f32_f16(%x: tensor<4x8xf32>) -> tensor<4x8xf16> {
  %0 = kiln.cast %x : tensor<4x8xf32> to tensor<4x8xf16>
  return %0 : tensor<4x8xf16>
}
func.func @cast_f32_i1(%x: tensor<4x8xf32>) -> tensor<4x8xi1> {
  %0 = kiln.cast %x : tensor<4x8xf32> to tensor<4x8xi1>
  return %0 : tensor<4x8xi1>
}
func.func @iota() -> tensor<4x8xf32> {
  %0 = kiln.iota dim = 1 : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @broadcast(%x: tensor<8x1xf32>) -> tensor<3x8x5xf32> {
  %0 = kiln.broadcast %x : (tensor<8x1xf32>) -> tensor<3x8x5xf32>
  return %0 : tensor<3x8x5xf32>
}
func.func @constant() -> tensor<2x2xf32> {
  %0 = kiln.constant dense<[[1.5, -2.0], [0.25, 3.0]]> : tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
