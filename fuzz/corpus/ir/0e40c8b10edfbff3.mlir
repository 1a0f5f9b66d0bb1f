func.func @sign_not_rem(%x: tensor<4xf32>, %m: tensor<4xi1>, %i: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xi1>, tensor<4xi32>, tensor<4xf32>) {
  %0 = kiln.sign %x : tensor<4xf32>
  %1 = kiln.not %m : tensor<4xi1>
  %2 = kiln.rem %i, %i : tensor<4xi32>
  %3 = kiln.round %x : tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xi1>, tensor<4xi32>, tensor<4xf32>
}
