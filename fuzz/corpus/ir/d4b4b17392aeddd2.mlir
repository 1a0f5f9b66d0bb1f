func.func @shape_op_identities(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = kiln.reshape %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = kiln.transpose %x permutation = [0, 1] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = kiln.broadcast %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = kiln.slice %x [0:2:1, 0:3:1] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = kiln.concat %x dim = 0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = kiln.pad %x low = [0, 0] high = [0, 0] value = 0.0 : f32 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = kiln.cast %x : tensor<2x3xf32> to tensor<2x3xf32>
  %7 = kiln.split %x dim = 1 sizes = [3] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %8 = kiln.reduce_sum %x dims = [] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}
