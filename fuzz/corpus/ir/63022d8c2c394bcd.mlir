func.func @string_weights() attributes {kiln.weights_bytes = "many"} {
  return
}
