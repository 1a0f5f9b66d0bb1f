module attributes {kiln.unit = #kiln.compile_unit<function = "f", symbol = "f_model", inputs = [1], outputs = []>} {
}
