func.func @slice_bounds(%a: tensor<4x6xf32>) {
  %0 = kiln.slice %a [0:4:1, 2:7:1] : (tensor<4x6xf32>) -> tensor<4x5xf32>
  return
}
