// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// The attributes passes hand to the driver are checked wherever they sit.

// expected-error @+1 {{'kiln.arena_bytes' must be a non-negative integer, not -4 : i64}}
func.func @negative_arena() attributes {kiln.arena_bytes = -4 : i64} {
  return
}

// -----

// expected-error @+1 {{'kiln.weights_bytes' must be a non-negative integer, not "many"}}
func.func @string_weights() attributes {kiln.weights_bytes = "many"} {
  return
}

// -----

// expected-error @+1 {{'kiln.runtime' must be a unit attribute}}
func.func @runtime_flag() attributes {kiln.runtime = 1 : i64} {
  return
}

// -----

// expected-error @+1 {{'kiln.weights' entry {offset = 0 : i64} is not {offset = <non-negative integer>, value = <elements>}}}
module attributes {kiln.weights = [{offset = 0 : i64}]} {
}

// -----

// expected-error @+1 {{'kiln.donated_to' of argument 0 must be an integer on an argument}}
func.func @donated(%a: tensor<4xf32> {kiln.donated_to = "result"}) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

// -----

// expected-error @+1 {{'kiln.name' of result 0 must be a string}}
func.func @named(%a: tensor<4xf32>) -> (tensor<4xf32> {kiln.name = 3 : i64}) {
  return %a : tensor<4xf32>
}

// -----

// expected-error @+1 {{'kiln.unit' belongs on a module}}
func.func @unit() attributes {kiln.unit = #kiln.compile_unit<function = "f", symbol = "f_model", inputs = [], outputs = []>} {
  return
}

// -----

// expected-error @+1 {{compile unit symbol 'f-model' is not a C identifier}}
module attributes {kiln.unit = #kiln.compile_unit<function = "f", symbol = "f-model", inputs = [], outputs = []>} {
}

// -----

// expected-error @+1 {{compile unit 'f' lists 1 : i64, not a #kiln.tensor_signature}}
module attributes {kiln.unit = #kiln.compile_unit<function = "f", symbol = "f_model", inputs = [1], outputs = []>} {
}

// -----

// expected-error @+1 {{compile unit 'f' has 2 train_parameters but 1 outputs}}
module attributes {kiln.unit = #kiln.compile_unit<function = "f", symbol = "f_model", inputs = [], outputs = [#kiln.tensor_signature<name = "w", type = tensor<2xf32>>], train_parameters = 2>} {
}

// -----

// expected-error @+2 {{tensor signature 'x' has donated_to -3 (a result index, or -1)}}
// expected-error @+1 {{failed to parse Kiln_CompileUnitAttr parameter 'inputs'}}
module attributes {kiln.unit = #kiln.compile_unit<function = "f", symbol = "f_model", inputs = [#kiln.tensor_signature<name = "x", type = tensor<2xf32>, donated_to = -3>], outputs = []>} {
}
