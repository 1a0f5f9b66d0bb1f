func.func @attention_batch(%q: tensor<1x2x4x8xf32>, %k: tensor<2x2x4x8xf32>) {
  %0 = kiln.attention %q, %k, %k : (tensor<1x2x4x8xf32>, tensor<2x2x4x8xf32>, tensor<2x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  return
}
