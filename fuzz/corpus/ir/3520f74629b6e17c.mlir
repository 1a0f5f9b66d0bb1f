func.func @concat_split(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x4xf32>) {
  %0 = kiln.concat %a, %b dim = 1 : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  %1:2 = kiln.split %b dim = 1 sizes = [1, 4] : (tensor<2x5xf32>) -> (tensor<2x1xf32>, tensor<2x4xf32>)
  return %0, %1#0, %1#1 : tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x4xf32>
}
