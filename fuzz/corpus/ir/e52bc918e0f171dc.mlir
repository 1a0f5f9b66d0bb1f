func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l = kiln.log %x : tensor<4xf32>
  %e = kiln.exp %l : tensor<4xf32>
  return %e : tensor<4xf32>
}

func.func @ints(%x: tensor<4xi32>) -> tensor<4xi32> {
  %s = kiln.add %x, %x : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %s : tensor<4xi32>
}
