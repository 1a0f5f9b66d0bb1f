func.func @loss(%w: tensor<3x5xf32> {kiln.name = "w"}, %x: tensor<4x3xf32>, %unused: tensor<2xf32> {kiln.name = "unused"}, %labels: tensor<4xi64>) -> tensor<f32> {
  %0 = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %1 = kiln.cross_entropy %0, %labels : (tensor<4x5xf32>, tensor<4xi64>) -> tensor<f32>
  return %1 : tensor<f32>
}
