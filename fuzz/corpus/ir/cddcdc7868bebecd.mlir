func.func @pad_negative(%a: tensor<4xf32>) {
  %0 = kiln.pad %a low = [-1] high = [0] value = 0.0 : f32 : (tensor<4xf32>) -> tensor<3xf32>
  return
}
