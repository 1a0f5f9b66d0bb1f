func.func @unary_smooth(%x: tensor<3x4xf32>, %c: tensor<3x4xf32>) -> tensor<f32> {
  %0 = kiln.exp %x : tensor<3x4xf32>
  %1 = kiln.tanh %x : tensor<3x4xf32>
  %2 = kiln.sigmoid %x : tensor<3x4xf32>
  %3 = kiln.silu %x : tensor<3x4xf32>
  %4 = kiln.erf %x : tensor<3x4xf32>
  %5 = kiln.neg %x : tensor<3x4xf32>
  %6 = kiln.add %0, %1 : tensor<3x4xf32>
  %7 = kiln.add %6, %2 : tensor<3x4xf32>
  %8 = kiln.add %7, %3 : tensor<3x4xf32>
  %9 = kiln.add %8, %4 : tensor<3x4xf32>
  %10 = kiln.add %9, %5 : tensor<3x4xf32>
  %11 = kiln.mul %10, %c : tensor<3x4xf32>
  %12 = kiln.reduce_sum %11 dims = [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %12 : tensor<f32>
}

func.func @unary_positive(%x: tensor<3x4xf32>, %c: tensor<3x4xf32>) -> tensor<f32> {
  %0 = kiln.log %x : tensor<3x4xf32>
  %1 = kiln.sqrt %x : tensor<3x4xf32>
  %2 = kiln.rsqrt %x : tensor<3x4xf32>
  %3 = kiln.add %0, %1 : tensor<3x4xf32>
  %4 = kiln.add %3, %2 : tensor<3x4xf32>
  %5 = kiln.mul %4, %c : tensor<3x4xf32>
  %6 = kiln.reduce_sum %5 dims = [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %6 : tensor<f32>
}

func.func @unary_kinks(%x: tensor<3x4xf32>, %c: tensor<3x4xf32>) -> tensor<f32> {
  %0 = kiln.relu %x : tensor<3x4xf32>
  %1 = kiln.abs %x : tensor<3x4xf32>
  %2 = kiln.add %0, %1 : tensor<3x4xf32>
  %3 = kiln.mul %2, %c : tensor<3x4xf32>
  %4 = kiln.reduce_sum %3 dims = [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %4 : tensor<f32>
}

func.func @gelu(%x: tensor<3x4xf32>, %c: tensor<3x4xf32>) -> tensor<f32> {
  %0 = kiln.gelu %x : tensor<3x4xf32>
  %1 = kiln.gelu %x approximation = tanh : tensor<3x4xf32>
  %2 = kiln.add %0, %1 : tensor<3x4xf32>
  %3 = kiln.mul %2, %c : tensor<3x4xf32>
  %4 = kiln.reduce_sum %3 dims = [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %4 : tensor<f32>
}

func.func @binary(%x: tensor<3x4xf32>, %y: tensor<4xf32>, %c: tensor<3x4xf32>) -> tensor<f32> {
  %0 = kiln.add %x, %y : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %1 = kiln.sub %x, %y : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %2 = kiln.mul %0, %1 : tensor<3x4xf32>
  %3 = kiln.mul %2, %x : tensor<3x4xf32>
  %4 = kiln.div %3, %y : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %5 = kiln.mul %4, %c : tensor<3x4xf32>
  %6 = kiln.reduce_sum %5 dims = [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %6 : tensor<f32>
}

func.func @extrema(%x: tensor<3x4xf32>, %y: tensor<3x1xf32>, %c: tensor<3x4xf32>) -> tensor<f32> {
  %0 = kiln.max %x, %y : (tensor<3x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  %1 = kiln.min %x, %y : (tensor<3x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  %two = kiln.constant dense<2.0> : tensor<f32>
  %2 = kiln.mul %1, %two : (tensor<3x4xf32>, tensor<f32>) -> tensor<3x4xf32>
  %3 = kiln.add %0, %2 : tensor<3x4xf32>
  %4 = kiln.mul %3, %c : tensor<3x4xf32>
  %5 = kiln.reduce_sum %4 dims = [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %5 : tensor<f32>
}

func.func @power(%x: tensor<3x4xf32>, %y: tensor<3x4xf32>, %c: tensor<3x4xf32>) -> tensor<f32> {
  %0 = kiln.pow %x, %y : tensor<3x4xf32>
  %1 = kiln.mul %0, %c : tensor<3x4xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

func.func @choose(%p: tensor<3x4xi1>, %x: tensor<3x4xf32>, %y: tensor<4xf32>, %c: tensor<3x4xf32>) -> tensor<f32> {
  %0 = kiln.select %p, %x, %y : (tensor<3x4xi1>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %1 = kiln.mul %0, %c : tensor<3x4xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
