func.func @mul_div_sub_pow_identities(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %one = kiln.constant dense<1.0> : tensor<3xf32>
  %zero = kiln.constant dense<0.0> : tensor<3xf32>
  %0 = kiln.mul %x, %one : tensor<3xf32>
  %1 = kiln.div %x, %one : tensor<3xf32>
  %2 = kiln.sub %x, %zero : tensor<3xf32>
  %3 = kiln.pow %x, %one : tensor<3xf32>
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}
