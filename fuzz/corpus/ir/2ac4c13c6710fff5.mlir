func.func @reshape(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %0 = kiln.reshape %x : (tensor<2x3x4xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}
func.func @reshape_to_scalar(%x: tensor<1x1xf32>) -> tensor<f32> {
  %0 = kiln.reshape %x : (tensor<1x1xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = kiln.transpose %x permutation = [2, 0, 1] : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}
func.func @slice(%x: tensor<6x8xf32>) -> tensor<2x3xf32> {
  %0 = kiln.slice %x [1:5:2, 0:8:3] : (tensor<6x8xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> tensor<2x8xf32> {
  %0 = kiln.concat %a, %b dim = 1 : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}
func.func @split(%x: tensor<2x6xf32>) -> (tensor<2x1xf32>, tensor<2x2xf32>, tensor<2x3xf32>) {
  %0:3 = kiln.split %x dim = 1 sizes = [1, 2, 3] : (tensor<2x6xf32>) -> (tensor<2x1xf32>, tensor<2x2xf32>, tensor<2x3xf32>)
  return %0#0, %0#1, %0#2 : tensor<2x1xf32>, tensor<2x2xf32>, tensor<2x3xf32>
}
func.func @pad(%x: tensor<2x3xf32>) -> tensor<4x5xf32> {
  %0 = kiln.pad %x low = [1, 2] high = [1, 0] value = -1.5 : f32 : (tensor<2x3xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}
func.func @gather(%t: tensor<10x4xf32>, %i: tensor<2x3xi64>) -> tensor<2x3x4xf32> {
  %0 = kiln.gather %t[%i] axis = 0 : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
func.func @gather_axis1(%t: tensor<3x10x2xf32>, %i: tensor<5xi32>) -> tensor<3x5x2xf32> {
  %0 = kiln.gather %t[%i] axis = 1 : (tensor<3x10x2xf32>, tensor<5xi32>) -> tensor<3x5x2xf32>
  return %0 : tensor<3x5x2xf32>
}
