func.func @narrow(%x: tensor<4xi4>) -> tensor<4xi4> {
  return %x : tensor<4xi4>
}
