func.func @reductions(%x: tensor<3x4x5xf32>, %a: tensor<3x5xf32>, %b: tensor<4xf32>) -> tensor<f32> {
  %0 = kiln.reduce_sum %x dims = [1] : (tensor<3x4x5xf32>) -> tensor<3x5xf32>
  %1 = kiln.mul %0, %a : tensor<3x5xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<3x5xf32>) -> tensor<f32>
  %3 = kiln.reduce_mean %x dims = [0, 2] : (tensor<3x4x5xf32>) -> tensor<4xf32>
  %4 = kiln.mul %3, %b : tensor<4xf32>
  %5 = kiln.reduce_sum %4 dims = [0] : (tensor<4xf32>) -> tensor<f32>
  %6 = kiln.reduce_max %x dims = [2] : (tensor<3x4x5xf32>) -> tensor<3x4xf32>
  %7 = kiln.slice %a [0:3:1, 0:4:1] : (tensor<3x5xf32>) -> tensor<3x4xf32>
  %8 = kiln.mul %6, %7 : tensor<3x4xf32>
  %9 = kiln.reduce_sum %8 dims = [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  %10 = kiln.reduce_min %x dims = [0, 1] keep_dims : (tensor<3x4x5xf32>) -> tensor<1x1x5xf32>
  %11 = kiln.reduce_sum %10 dims = [0, 1, 2] : (tensor<1x1x5xf32>) -> tensor<f32>
  %12 = kiln.add %2, %5 : tensor<f32>
  %13 = kiln.add %12, %9 : tensor<f32>
  %14 = kiln.add %13, %11 : tensor<f32>
  return %14 : tensor<f32>
}

func.func @product(%x: tensor<3x4xf32>, %c: tensor<3xf32>) -> tensor<f32> {
  %0 = kiln.reduce_prod %x dims = [1] : (tensor<3x4xf32>) -> tensor<3xf32>
  %1 = kiln.mul %0, %c : tensor<3xf32>
  %2 = kiln.reduce_sum %1 dims = [0] : (tensor<3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

func.func @softmaxes(%x: tensor<3x6xf32>, %c: tensor<3x6xf32>) -> tensor<f32> {
  %0 = kiln.softmax %x dim = 1 : tensor<3x6xf32>
  %1 = kiln.log_softmax %x dim = 0 : tensor<3x6xf32>
  %2 = kiln.add %0, %1 : tensor<3x6xf32>
  %3 = kiln.mul %2, %c : tensor<3x6xf32>
  %4 = kiln.reduce_sum %3 dims = [0, 1] : (tensor<3x6xf32>) -> tensor<f32>
  return %4 : tensor<f32>
}

func.func @movement(%x: tensor<2x3x4xf32>, %a: tensor<4x3x2xf32>, %b: tensor<6x4xf32>) -> tensor<f32> {
  %0 = kiln.transpose %x permutation = [2, 1, 0] : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  %1 = kiln.mul %0, %a : tensor<4x3x2xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2] : (tensor<4x3x2xf32>) -> tensor<f32>
  %3 = kiln.reshape %x : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %4 = kiln.mul %3, %b : tensor<6x4xf32>
  %5 = kiln.reduce_sum %4 dims = [0, 1] : (tensor<6x4xf32>) -> tensor<f32>
  %6 = kiln.broadcast %x : (tensor<2x3x4xf32>) -> tensor<5x2x3x4xf32>
  %7 = kiln.reduce_sum %6 dims = [0] : (tensor<5x2x3x4xf32>) -> tensor<2x3x4xf32>
  %8 = kiln.mul %7, %x : tensor<2x3x4xf32>
  %9 = kiln.reduce_sum %8 dims = [0, 1, 2] : (tensor<2x3x4xf32>) -> tensor<f32>
  %10 = kiln.add %2, %5 : tensor<f32>
  %11 = kiln.add %10, %9 : tensor<f32>
  return %11 : tensor<f32>
}

func.func @slicing(%x: tensor<5x7xf32>, %y: tensor<5x2xf32>, %a: tensor<2x3xf32>, %b: tensor<5x9xf32>) -> tensor<f32> {
  %0 = kiln.slice %x [1:5:2, 0:7:3] : (tensor<5x7xf32>) -> tensor<2x3xf32>
  %1 = kiln.mul %0, %a : tensor<2x3xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<2x3xf32>) -> tensor<f32>
  %3 = kiln.concat %x, %y dim = 1 : (tensor<5x7xf32>, tensor<5x2xf32>) -> tensor<5x9xf32>
  %4 = kiln.mul %3, %b : tensor<5x9xf32>
  %5 = kiln.reduce_sum %4 dims = [0, 1] : (tensor<5x9xf32>) -> tensor<f32>
  %6 = kiln.pad %x low = [0, 1] high = [1, 2] value = 0.0 : f32 : (tensor<5x7xf32>) -> tensor<6x10xf32>
  %7 = kiln.mul %6, %6 : tensor<6x10xf32>
  %8 = kiln.reduce_sum %7 dims = [0, 1] : (tensor<6x10xf32>) -> tensor<f32>
  %9 = kiln.add %2, %5 : tensor<f32>
  %10 = kiln.add %9, %8 : tensor<f32>
  return %10 : tensor<f32>
}

func.func @splitting(%x: tensor<4x6xf32>, %c: tensor<4x2xf32>) -> tensor<f32> {
  %0:3 = kiln.split %x dim = 1 sizes = [2, 3, 1] : (tensor<4x6xf32>) -> (tensor<4x2xf32>, tensor<4x3xf32>, tensor<4x1xf32>)
  %1 = kiln.mul %0#1, %0#1 : tensor<4x3xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<4x3xf32>) -> tensor<f32>
  %3 = kiln.mul %0#0, %c : tensor<4x2xf32>
  %4 = kiln.reduce_sum %3 dims = [0, 1] : (tensor<4x2xf32>) -> tensor<f32>
  %5 = kiln.add %2, %4 : tensor<f32>
  return %5 : tensor<f32>
}

func.func @embedding(%table: tensor<10x4xf32>, %ids: tensor<2x3xi64>, %c: tensor<2x3x4xf32>) -> tensor<f32> {
  %0 = kiln.gather %table[%ids] axis = 0 : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  %1 = kiln.mul %0, %c : tensor<2x3x4xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2] : (tensor<2x3x4xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

func.func @gather_inner(%x: tensor<3x5x2xf32>, %ids: tensor<4xi32>, %c: tensor<3x4x2xf32>) -> tensor<f32> {
  %0 = kiln.gather %x[%ids] axis = 1 : (tensor<3x5x2xf32>, tensor<4xi32>) -> tensor<3x4x2xf32>
  %1 = kiln.mul %0, %c : tensor<3x4x2xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2] : (tensor<3x4x2xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
