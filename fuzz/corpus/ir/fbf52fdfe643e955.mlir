func.func @slice_rank(%a: tensor<4x6xf32>) {
  %0 = kiln.slice %a [0:4:1] : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return
}
