func.func @big_arena(%x: tensor<16384x1xf32>, %y: tensor<1x16384xf32>) -> tensor<16384xf32> {
  %p = kiln.mul %x, %y : (tensor<16384x1xf32>, tensor<1x16384xf32>) -> tensor<16384x16384xf32>
  %e = kiln.exp %p : tensor<16384x16384xf32>
  %t = kiln.transpose %e permutation = [1, 0] : (tensor<16384x16384xf32>) -> tensor<16384x16384xf32>
  %s = kiln.reduce_sum %t dims = [1] : (tensor<16384x16384xf32>) -> tensor<16384xf32>
  return %s : tensor<16384xf32>
}
