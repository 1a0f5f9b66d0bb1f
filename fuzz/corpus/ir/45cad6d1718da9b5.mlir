func.func @unit() attributes {kiln.unit = #kiln.compile_unit<function = "f", symbol = "f_model", inputs = [], outputs = []>} {
  return
}
