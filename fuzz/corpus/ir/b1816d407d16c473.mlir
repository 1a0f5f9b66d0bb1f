func.func @broadcast_incompatible(%a: tensor<3xf32>) {
  %0 = kiln.broadcast %a : (tensor<3xf32>) -> tensor<3x4xf32>
  return
}
