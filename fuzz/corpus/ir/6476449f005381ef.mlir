func.func @slice_stride(%a: tensor<4x6xf32>) {
  %0 = kiln.slice %a [0:4:0, 0:6:1] : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return
}
