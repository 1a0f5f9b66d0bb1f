func.func @unknown_mesh(%a: tensor<4xf32> {kiln.sharding = #kiln.sharding<@nowhere, [{}]>}) {
  return
}
