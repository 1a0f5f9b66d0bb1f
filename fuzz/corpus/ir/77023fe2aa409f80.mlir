func.func @transpose(%x: tensor<2x3x4xf32>, %c: tensor<3x4x2xf32>) -> tensor<f32> {
  %0 = kiln.transpose %x permutation = [1, 2, 0] : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %1 = kiln.mul %0, %c : tensor<3x4x2xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2] : (tensor<3x4x2xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
