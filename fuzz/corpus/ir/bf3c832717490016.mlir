func.func @pad(%a: tensor<2x3xf32>) -> tensor<4x5xf32> {
  %0 = kiln.pad %a low = [1, 2] high = [1, 0] value = -1.5 : f32 : (tensor<2x3xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}
