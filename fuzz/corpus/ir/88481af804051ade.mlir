func.func @attention_scale(%q: tensor<1x2x4x8xf32>) {
  %0 = kiln.attention %q, %q, %q scale = -1.0 : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  return
}
