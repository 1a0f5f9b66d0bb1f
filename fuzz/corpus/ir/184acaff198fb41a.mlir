func.func @pad_value_type(%a: tensor<4xf32>) {
  %0 = kiln.pad %a low = [1] high = [0] value = 0 : i32 : (tensor<4xf32>) -> tensor<5xf32>
  return
}
