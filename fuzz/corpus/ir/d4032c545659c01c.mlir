func.func @strided_slice(%x: tensor<5x5xf32>, %c: tensor<2x3xf32>) -> tensor<f32> {
  %0 = kiln.slice %x [1:5:2, 2:5:1] : (tensor<5x5xf32>) -> tensor<2x3xf32>
  %1 = kiln.mul %0, %c : tensor<2x3xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<2x3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
