// Every elementwise op, run through kiln-run and compared with torch in
// float64 (see e2e.py for the error measure).
//
// Tolerances: 1e-5 everywhere except where libm-quality functions are
// evaluated in f32 and the result is then rounded: still 1e-5, these pass
// with errors near 1e-7.

// RUN: %e2e %s --entry neg --inputs 4x8xf32 --ref="-t0"
// RUN: %e2e %s --entry neg_i32 --inputs 4x8xi32 --ref="-t0"
// RUN: %e2e %s --entry abs --inputs 4x8xf32 --ref "t0.abs()"
// RUN: %e2e %s --entry exp --inputs 4x8xf32 --ref "t0.exp()"
// RUN: %e2e %s --entry log --inputs 4x8xf32:0.01..10 --ref "t0.log()"
// RUN: %e2e %s --entry sqrt --inputs 4x8xf32:0..10 --ref "t0.sqrt()"
// RUN: %e2e %s --entry rsqrt --inputs 4x8xf32:0.01..10 --ref "t0.rsqrt()"
// RUN: %e2e %s --entry tanh --inputs 4x8xf32 --ref "t0.tanh()"
// RUN: %e2e %s --entry sigmoid --inputs 4x8xf32 --ref "t0.sigmoid()"
// RUN: %e2e %s --entry relu --inputs 4x8xf32 --ref "t0.relu()"
// RUN: %e2e %s --entry silu --inputs 4x8xf32 --ref "F.silu(t0)"
// RUN: %e2e %s --entry erf --inputs 4x8xf32 --ref "t0.erf()"
// RUN: %e2e %s --entry gelu --inputs 4x8xf32 --ref "F.gelu(t0)"
// RUN: %e2e %s --entry gelu_tanh --inputs 4x8xf32 --ref "F.gelu(t0, approximate='tanh')"
// RUN: %e2e %s --entry add --inputs "4x8xf32, 8xf32" --ref "t0 + t1"
// RUN: %e2e %s --entry sub --inputs "4x1xf32, 1x8xf32" --ref "t0 - t1"
// RUN: %e2e %s --entry mul --inputs "4x8xf32, f32" --ref "t0 * t1"
// RUN: %e2e %s --entry div --inputs "4x8xf32, 4x8xf32:0.5..2" --ref "t0 / t1"
// RUN: %e2e %s --entry div_i32 --inputs "4x8xi32, 4x8xi32:1..9" --ref "torch.div(t0, t1, rounding_mode='trunc')"
// RUN: %e2e %s --entry max --inputs "4x8xf32, 4x8xf32" --ref "torch.maximum(t0, t1)"
// RUN: %e2e %s --entry min --inputs "4x8xi64, 8xi64" --ref "torch.minimum(t0, t1)"
// RUN: %e2e %s --entry pow --inputs "4x8xf32:0.1..3, 4x8xf32:-2..2" --ref "t0 ** t1"
// RUN: %e2e %s --entry compare_lt --inputs "4x8xf32, 8xf32" --ref "t0 < t1"
// RUN: %e2e %s --entry compare_eq_i64 --inputs "4x8xi64:0..3, 4x1xi64:0..3" --ref "t0 == t1"
// RUN: %e2e %s --entry select --inputs "4x1xi1, 4x8xf32, f32" --ref "torch.where(t0, t1, t2)"
// RUN: %e2e %s --entry cast_f32_i32 --inputs 4x8xf32:-1000..1000 --ref "t0.trunc().to(torch.int32)"
// RUN: %e2e %s --entry cast_i64_f32 --inputs 4x8xi64 --ref "t0.to(torch.float32)"
// RUN: %e2e %s --entry cast_f32_f16 --inputs 4x8xf32 --ref "t0.to(torch.float16)" --tol 0
// RUN: %e2e %s --entry cast_f32_i1 --inputs 4x8xf32:-1..1 --ref "t0 != 0"
// RUN: %e2e %s --entry iota --ref "torch.arange(8, dtype=torch.float64).expand(4, 8)"
// RUN: %e2e %s --entry broadcast --inputs 8x1xf32 --ref "t0.expand(3, 8, 5)"
// RUN: %e2e %s --entry constant --ref "torch.tensor([[1.5, -2.0], [0.25, 3.0]])"

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
