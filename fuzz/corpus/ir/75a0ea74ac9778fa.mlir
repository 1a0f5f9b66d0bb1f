module attributes {kiln.unit = #kiln.compile_unit<function = "f", symbol = "f_model", inputs = [], outputs = [#kiln.tensor_signature<name = "w", type = tensor<2xf32>>], train_parameters = 2>} {
}
