func.func @add_identity(%x: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xi32>) {
  %nz = kiln.constant dense<-0.0> : tensor<4xf32>
  %pz = kiln.constant dense<0.0> : tensor<4xf32>
  %iz = kiln.constant dense<0> : tensor<4xi32>
  %0 = kiln.add %x, %nz : tensor<4xf32>
  %1 = kiln.add %x, %pz : tensor<4xf32>
  %2 = kiln.add %iz, %i : tensor<4xi32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xi32>
}
