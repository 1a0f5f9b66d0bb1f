func.func @reshape(%x: tensor<2x3x4xf32>, %s: tensor<1x1xf32>, %y: tensor<6x4xf32>) -> (tensor<6x4xf32>, tensor<6x2x2xf32>, tensor<4x6xf32>, tensor<f32>) {
  %0 = kiln.reshape %x : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %1 = kiln.reshape %y : (tensor<6x4xf32>) -> tensor<6x2x2xf32>
  %2 = kiln.reshape %x : (tensor<2x3x4xf32>) -> tensor<4x6xf32>
  %3 = kiln.reshape %s : (tensor<1x1xf32>) -> tensor<f32>
  return %0, %1, %2, %3 : tensor<6x4xf32>, tensor<6x2x2xf32>, tensor<4x6xf32>, tensor<f32>
}
