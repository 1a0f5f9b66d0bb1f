func.func @scaled(%x: tensor<1024xf32>) -> tensor<f32> {
  %a = kiln.exp %x : tensor<1024xf32>
  %b = kiln.tanh %x : tensor<1024xf32>
  %c = kiln.mul %b, %b : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
  %s = kiln.reduce_sum %c dims = [0] : (tensor<1024xf32>) -> tensor<f32>
  %t = kiln.mul %a, %s : (tensor<1024xf32>, tensor<f32>) -> tensor<1024xf32>
  %r = kiln.reduce_sum %t dims = [0] : (tensor<1024xf32>) -> tensor<f32>
  return %r : tensor<f32>
}

func.func @donated(%p: tensor<1024xf32> {kiln.donated_to = 0 : i64}, %g: tensor<1024xf32>) -> (tensor<1024xf32>, tensor<f32>) {
  %a = kiln.exp %p : tensor<1024xf32>
  %new = kiln.sub %p, %g : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
  %b = kiln.tanh %g : tensor<1024xf32>
  %c = kiln.mul %b, %b : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
  %s = kiln.reduce_sum %c dims = [0] : (tensor<1024xf32>) -> tensor<f32>
  %t = kiln.mul %a, %s : (tensor<1024xf32>, tensor<f32>) -> tensor<1024xf32>
  %r = kiln.reduce_sum %t dims = [0] : (tensor<1024xf32>) -> tensor<f32>
  return %new, %r : tensor<1024xf32>, tensor<f32>
}
