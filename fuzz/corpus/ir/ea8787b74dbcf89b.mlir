func.func @attention_rank(%q: tensor<2x4x8xf32>) {
  %0 = kiln.attention %q, %q, %q : (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}
