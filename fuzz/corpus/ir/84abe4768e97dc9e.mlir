func.func @casts(%h: tensor<4xf16>, %i: tensor<4xi64>, %b: tensor<4xi1>, %f: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi1>) {
  %0 = kiln.cast %h : tensor<4xf16> to tensor<4xf32>
  %1 = kiln.cast %i : tensor<4xi64> to tensor<4xf32>
  %2 = kiln.cast %i : tensor<4xi64> to tensor<4xi32>
  %3 = kiln.cast %b : tensor<4xi1> to tensor<4xi32>
  %4 = kiln.cast %f : tensor<4xf32> to tensor<4xi1>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi1>
}
