// RUN: kiln-opt %s -split-input-file --kiln-donate-buffers -verify-diagnostics -o /dev/null

// expected-error @+1 {{argument 0 of type 'tensor<4xf32>' is donated to result 0 of type 'tensor<8xf32>'}}
func.func @wrong_type(%a: tensor<4xf32> {kiln.donated_to = 0 : i64}) -> tensor<8xf32> {
  %0 = tensor.empty() : tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// expected-error @+1 {{argument 0 is donated to result 2, but 'missing' has 1 results}}
func.func @missing(%a: tensor<4xf32> {kiln.donated_to = 2 : i64}) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

// -----

// expected-error @+1 {{arguments 0 and 1 are both donated to result 0}}
func.func @twice(%a: tensor<4xf32> {kiln.donated_to = 0 : i64}, %b: tensor<4xf32> {kiln.donated_to = 0 : i64}) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

// -----

// Found by fuzz/ir_mutate.py: a function already on buffers crashed the
// pass.
// expected-error @+1 {{argument 0 of type 'memref<4xf32>' is donated, but buffer donation needs ranked tensors (kiln-donate-buffers runs before bufferization)}}
func.func @on_buffers(%p: memref<4xf32> {kiln.donated_to = 0 : i64}) -> memref<4xf32> {
  return %p : memref<4xf32>
}
