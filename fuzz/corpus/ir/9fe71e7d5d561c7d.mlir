func.func private @source() -> tensor<4xf32>

func.func @frozen_call(%x: tensor<4xf32>) -> tensor<f32> {
  %0 = func.call @source() : () -> tensor<4xf32>
  %1 = kiln.mul %0, %x : tensor<4xf32>
  %2 = kiln.reduce_sum %1 dims = [0] : (tensor<4xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
