func.func @step(%x: tensor<1024xf32>, %p: tensor<1024xf32> {kiln.donated_to = 1 : i64}) -> (tensor<f32>, tensor<1024xf32>) {
  %a = kiln.exp %x : tensor<1024xf32> loc("/blocks.0/Exp")
  %b = kiln.tanh %a : tensor<1024xf32> loc("/blocks.0/Tanh")
  %c = kiln.exp %b : tensor<1024xf32> loc("/blocks.1/Exp")
  %d = kiln.tanh %c : tensor<1024xf32> loc("/blocks.1/Tanh")
  %l = kiln.reduce_sum %d dims = [0] : (tensor<1024xf32>) -> tensor<f32> loc("/ReduceSum")
  %e = kiln.mul %d, %c : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
  %f = kiln.mul %e, %b : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
  %g = kiln.mul %f, %a : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
  %new = kiln.sub %p, %g : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
  return %l, %new : tensor<f32>, tensor<1024xf32>
}

func.func @inference(%x: tensor<1024xf32> {kiln.donated_to = 0 : i64}) -> tensor<1024xf32> {
  %a = kiln.exp %x : tensor<1024xf32>
  return %a : tensor<1024xf32>
}
