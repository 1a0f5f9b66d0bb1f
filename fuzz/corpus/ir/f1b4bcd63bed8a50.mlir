module @step_model attributes {kiln.unit = #kiln.compile_unit<function = "step", symbol = "step_model", inputs = [#kiln.tensor_signature<name = "w", type = tensor<2x3xf32>, donated_to = 0>, #kiln.tensor_signature<name = "x", type = tensor<3xbf16>, donated_to = -1>], outputs = [#kiln.tensor_signature<name = "loss", type = tensor<f32>>], train_parameters = 1>} {
  func.func @step() attributes {kiln.arena_bytes = 64 : i64, kiln.runtime} {
    return
  }
}
