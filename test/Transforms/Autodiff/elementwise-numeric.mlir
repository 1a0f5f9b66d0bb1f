// Gradients of elementwise ops, checked against torch autograd (f32 code,
// float64 reference) and against finite differences of the forward
// function in f64. Each loss weights the op's result with a random tensor
// so that every element's gradient differs.

// RUN: %gradcheck %s --function unary_smooth --wrt 0 --inputs "3x4xf32, 3x4xf32" --torch "((torch.exp(t0) + torch.tanh(t0) + torch.sigmoid(t0) + F.silu(t0) + torch.erf(t0) - t0) * t1).sum()"
// RUN: %gradcheck %s --function unary_smooth --wrt 0 --inputs "3x4xf32, 3x4xf32" --fd
// RUN: %gradcheck %s --function unary_positive --wrt 0 --inputs "3x4xf32:0.5..2, 3x4xf32" --torch "((torch.log(t0) + torch.sqrt(t0) + torch.rsqrt(t0)) * t1).sum()"
// RUN: %gradcheck %s --function unary_positive --wrt 0 --inputs "3x4xf32:0.5..2, 3x4xf32" --fd
// RUN: %gradcheck %s --function unary_kinks --wrt 0 --inputs "3x4xf32, 3x4xf32" --torch "((F.relu(t0) + torch.abs(t0)) * t1).sum()"
// RUN: %gradcheck %s --function unary_kinks --wrt 0 --inputs "3x4xf32, 3x4xf32" --fd
// RUN: %gradcheck %s --function gelu --wrt 0 --inputs "3x4xf32, 3x4xf32" --torch "((F.gelu(t0) + F.gelu(t0, approximate='tanh')) * t1).sum()"
// RUN: %gradcheck %s --function gelu --wrt 0 --inputs "3x4xf32, 3x4xf32" --fd
// RUN: %gradcheck %s --function binary --wrt 0,1 --inputs "3x4xf32, 4xf32:0.5..2, 3x4xf32" --torch "((t0 + t1) * (t0 - t1) * t0 / t1 * t2).sum()"
// RUN: %gradcheck %s --function binary --wrt 0,1 --inputs "3x4xf32, 4xf32:0.5..2, 3x4xf32" --fd
// RUN: %gradcheck %s --function extrema --wrt 0,1 --inputs "3x4xf32, 3x1xf32, 3x4xf32" --torch "((torch.maximum(t0, t1) + 2 * torch.minimum(t0, t1)) * t2).sum()"
// RUN: %gradcheck %s --function extrema --wrt 0,1 --inputs "3x4xf32, 3x1xf32, 3x4xf32" --fd
// RUN: %gradcheck %s --function power --wrt 0,1 --inputs "3x4xf32:0.5..2, 3x4xf32, 3x4xf32" --torch "(torch.pow(t0, t1) * t2).sum()"
// RUN: %gradcheck %s --function power --wrt 0,1 --inputs "3x4xf32:0.5..2, 3x4xf32, 3x4xf32" --fd
// RUN: %gradcheck %s --function choose --wrt 1,2 --inputs "3x4xi1, 3x4xf32, 4xf32, 3x4xf32" --torch "(torch.where(t0, t1, t2) * t3).sum()"
// RUN: %gradcheck %s --function choose --wrt 1,2 --inputs "3x4xi1, 3x4xf32, 4xf32, 3x4xf32" --fd

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

// Broadcasting operands: the [4] operand's gradient sums over rows.
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
