func.func @transpose_slice(%x: tensor<2x3x4xf32>) -> (tensor<4x2x3xf32>, tensor<2x2x2xf32>) {
  %0 = kiln.transpose %x permutation = [2, 0, 1] : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %1 = kiln.slice %x [0:2:1, 1:3:1, 0:4:3] : (tensor<2x3x4xf32>) -> tensor<2x2x2xf32>
  return %0, %1 : tensor<4x2x3xf32>, tensor<2x2x2xf32>
}
