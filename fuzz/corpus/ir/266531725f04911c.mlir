func.func @splat_through_data_movement() -> (tensor<3x2xf32>, tensor<4x6xf32>, tensor<6xf32>) {
  %s = kiln.constant dense<2.5> : tensor<2x3xf32>
  %0 = kiln.transpose %s permutation = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %r = kiln.constant dense<2.5> : tensor<6xf32>
  %1 = kiln.broadcast %r : (tensor<6xf32>) -> tensor<4x6xf32>
  %2 = kiln.reshape %s : (tensor<2x3xf32>) -> tensor<6xf32>
  return %0, %1, %2 : tensor<3x2xf32>, tensor<4x6xf32>, tensor<6xf32>
}
