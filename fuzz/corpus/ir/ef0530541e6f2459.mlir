func.func @integer_division_by_zero_stays() -> tensor<2xi32> {
  %i = kiln.constant dense<[7, 1]> : tensor<2xi32>
  %z = kiln.constant dense<[0, 1]> : tensor<2xi32>
  %0 = kiln.div %i, %z : tensor<2xi32>
  return %0 : tensor<2xi32>
}
