func.func @attention_heads(%q: tensor<1x6x4x8xf32>, %kv: tensor<1x4x4x8xf32>) {
  %0 = kiln.attention %q, %kv, %kv : (tensor<1x6x4x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x6x4x8xf32>
  return
}
