func.func @plain(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x8x16xf32>, %v: tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32> {
  %0 = kiln.attention %q, %k, %v : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32>
  return %0 : tensor<2x4x8x16xf32>
}
func.func @causal_gqa(%q: tensor<1x8x6x16xf32>, %k: tensor<1x2x10x16xf32>, %v: tensor<1x2x10x8xf32>) -> tensor<1x8x6x8xf32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x8x6x16xf32>, tensor<1x2x10x16xf32>, tensor<1x2x10x8xf32>) -> tensor<1x8x6x8xf32>
  return %0 : tensor<1x8x6x8xf32>
}
func.func @bool_mask(%q: tensor<2x2x4x8xf32>, %k: tensor<2x2x5x8xf32>, %v: tensor<2x2x5x8xf32>, %m: tensor<2x1x1x5xi1>) -> tensor<2x2x4x8xf32> {
  %first = kiln.iota dim = 0 : tensor<5xi64>
  %zero = kiln.constant dense<0> : tensor<i64>
  %is_first = kiln.compare eq, %first, %zero : (tensor<5xi64>, tensor<i64>) -> tensor<5xi1>
  %t = kiln.constant dense<true> : tensor<i1>
  %f = kiln.constant dense<false> : tensor<i1>
  %m2 = kiln.select %is_first, %t, %m : (tensor<5xi1>, tensor<i1>, tensor<2x1x1x5xi1>) -> tensor<2x1x1x5xi1>
  %0 = kiln.attention %q, %k, %v mask %m2 : (tensor<2x2x4x8xf32>, tensor<2x2x5x8xf32>, tensor<2x2x5x8xf32>, tensor<2x1x1x5xi1>) -> tensor<2x2x4x8xf32>
  return %0 : tensor<2x2x4x8xf32>
}
func.func @float_mask(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x5x8xf32>, %v: tensor<1x2x5x8xf32>, %m: tensor<4x5xf32>) -> tensor<1x2x4x8xf32> {
  %0 = kiln.attention %q, %k, %v mask %m scale = 0.5 : (tensor<1x2x4x8xf32>, tensor<1x2x5x8xf32>, tensor<1x2x5x8xf32>, tensor<4x5xf32>) -> tensor<1x2x4x8xf32>
  return %0 : tensor<1x2x4x8xf32>
}
