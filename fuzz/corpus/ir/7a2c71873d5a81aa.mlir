func.func @chain(%x: tensor<256xf32>) -> tensor<256xf32> {
  %a = kiln.exp %x : tensor<256xf32>
  %b = kiln.exp %a : tensor<256xf32>
  %c = kiln.add %a, %b : (tensor<256xf32>, tensor<256xf32>) -> tensor<256xf32>
  %d = kiln.neg %c : tensor<256xf32>
  return %d : tensor<256xf32>
}

func.func @view(%x: tensor<256xf32>) -> tensor<16x16xf32> {
  %c = kiln.constant dense<1.0> : tensor<256xf32>
  %a = kiln.exp %x : tensor<256xf32>
  %r = kiln.reshape %a : (tensor<256xf32>) -> tensor<16x16xf32>
  %e = kiln.exp %c : tensor<256xf32>
  %e2 = kiln.reshape %e : (tensor<256xf32>) -> tensor<16x16xf32>
  %s = kiln.add %r, %e2 : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  return %s : tensor<16x16xf32>
}

func.func @donated(%p: tensor<256xf32> {kiln.donated_to = 0 : i64}, %x: tensor<256xf32>) -> tensor<256xf32> {
  %g = kiln.mul %p, %x : (tensor<256xf32>, tensor<256xf32>) -> tensor<256xf32>
  %new = kiln.sub %p, %g : (tensor<256xf32>, tensor<256xf32>) -> tensor<256xf32>
  return %new : tensor<256xf32>
}
