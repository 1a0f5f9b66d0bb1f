func.func @attention_masks(%q: tensor<2x2x4x8xf32>, %k: tensor<2x2x5x8xf32>, %m: tensor<2x1x1x5xi1>, %f: tensor<4x5xf32>) -> (tensor<2x2x4x8xf32>, tensor<2x2x4x8xf32>) {
  %0 = kiln.attention %q, %k, %k mask %m : (tensor<2x2x4x8xf32>, tensor<2x2x5x8xf32>, tensor<2x2x5x8xf32>, tensor<2x1x1x5xi1>) -> tensor<2x2x4x8xf32>
  %1 = kiln.attention %q, %k, %k mask %f : (tensor<2x2x4x8xf32>, tensor<2x2x5x8xf32>, tensor<2x2x5x8xf32>, tensor<4x5xf32>) -> tensor<2x2x4x8xf32>
  return %0, %1 : tensor<2x2x4x8xf32>, tensor<2x2x4x8xf32>
}
