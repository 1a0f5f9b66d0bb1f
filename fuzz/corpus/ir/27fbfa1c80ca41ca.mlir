func.func @attention_mask_element(%q: tensor<1x2x4x8xf32>, %m: tensor<4x4xf16>) {
  %0 = kiln.attention %q, %q, %q mask %m : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<4x4xf16>) -> tensor<1x2x4x8xf32>
  return
}
