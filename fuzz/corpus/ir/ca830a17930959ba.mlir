func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %a = kiln.transpose %x permutation = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %b = kiln.transpose %x permutation = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %ta = kiln.transpose %a permutation = [1, 0] : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %tb = kiln.transpose %b permutation = [1, 0] : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %s = kiln.add %ta, %tb : tensor<2x3xf32>
  return %s : tensor<2x3xf32>
}

func.func private @unused(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
