func.func @unsupported_element(%a: tensor<4xcomplex<f32>>) {
  %0 = kiln.relu %a : tensor<4xcomplex<f32>>
  return
}
