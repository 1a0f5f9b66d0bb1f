func.func @concat(%x: tensor<2x3xf32>, %y: tensor<2x2xf32>, %c: tensor<2x5xf32>) -> tensor<f32> {
  %0 = kiln.concat %x, %y dim = 1 : (tensor<2x3xf32>, tensor<2x2xf32>) -> tensor<2x5xf32>
  %1 = kiln.mul %0, %c : tensor<2x5xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<2x5xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
