func.func @attention_mask_shape(%q: tensor<1x2x4x8xf32>, %m: tensor<3x4xi1>) {
  %0 = kiln.attention %q, %q, %q mask %m : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<3x4xi1>) -> tensor<1x2x4x8xf32>
  return
}
