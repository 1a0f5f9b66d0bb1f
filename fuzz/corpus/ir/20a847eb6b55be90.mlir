module attributes {kiln.unit = #kiln.compile_unit<function = "f", symbol = "f-model", inputs = [], outputs = []>} {
}
