func.func @cast_f32_i8(%x: tensor<4xf32>) -> tensor<4xi8> {
  %0 = kiln.cast %x : tensor<4xf32> to tensor<4xi8>
  return %0 : tensor<4xi8>
}
