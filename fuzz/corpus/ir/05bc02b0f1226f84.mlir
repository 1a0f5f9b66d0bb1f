func.func @unannotated(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.neg %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}
