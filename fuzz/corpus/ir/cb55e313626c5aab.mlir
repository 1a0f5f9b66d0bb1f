func.func @constant_folding() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xf32>, tensor<2xi32>) {
  %a = kiln.constant dense<[1.5, -2.0]> : tensor<2xf32>
  %b = kiln.constant dense<[0.5, 4.0]> : tensor<2xf32>
  %i = kiln.constant dense<[7, -7]> : tensor<2xi32>
  %j = kiln.constant dense<[2, 2]> : tensor<2xi32>
  %0 = kiln.sub %a, %b : tensor<2xf32>
  %1 = kiln.max %a, %b : tensor<2xf32>
  %2 = kiln.div %i, %j : tensor<2xi32>
  %3 = kiln.min %i, %j : tensor<2xi32>
  %4 = kiln.relu %a : tensor<2xf32>
  %5 = kiln.abs %i : tensor<2xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xf32>, tensor<2xi32>
}
