func.func @iota_of_booleans() {
  %0 = kiln.iota dim = 0 : tensor<4xi1>
  return
}
