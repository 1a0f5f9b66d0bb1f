func.func @mlp(%x: tensor<8x784xf32>, %w1: tensor<784x256xf32>,
               %b1: tensor<256xf32>, %w2: tensor<256x10xf32>,
               %b2: tensor<10xf32>) -> tensor<8x10xf32> {
  %flat = kiln.reshape %x : (tensor<8x784xf32>) -> tensor<8x28x28xf32>
  %back = kiln.reshape %flat : (tensor<8x28x28xf32>) -> tensor<8x784xf32>
  %h = kiln.dot %back, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<8x784xf32>, tensor<784x256xf32>) -> tensor<8x256xf32>
  %hb = kiln.add %h, %b1 : (tensor<8x256xf32>, tensor<256xf32>) -> tensor<8x256xf32>
  %dup = kiln.add %h, %b1 : (tensor<8x256xf32>, tensor<256xf32>) -> tensor<8x256xf32>
  %a = kiln.gelu %hb : tensor<8x256xf32>
  %t = kiln.transpose %a permutation = [1, 0] : (tensor<8x256xf32>) -> tensor<256x8xf32>
  %tt = kiln.transpose %t permutation = [1, 0] : (tensor<256x8xf32>) -> tensor<8x256xf32>
  %one = kiln.constant dense<1.0> : tensor<8x256xf32>
  %s = kiln.mul %tt, %one : tensor<8x256xf32>
  %o = kiln.dot %s, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<8x256xf32>, tensor<256x10xf32>) -> tensor<8x10xf32>
  %ob = kiln.add %o, %b2 : (tensor<8x10xf32>, tensor<10xf32>) -> tensor<8x10xf32>
  %p = kiln.softmax %ob dim = 1 : tensor<8x10xf32>
  return %p : tensor<8x10xf32>
}
