func.func @dot_repeated_dim(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>) {
  %0 = kiln.dot %a, %b, <batch = [1] x [0], contract = [1] x [1]> : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4xf32>
  return
}
