module attributes {kiln.unit = #kiln.compile_unit<function = "f", symbol = "f_model", inputs = [#kiln.tensor_signature<name = "x", type = tensor<2xf32>, donated_to = -3>], outputs = []>} {
}
