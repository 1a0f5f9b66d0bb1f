// Functions --kiln-autodiff cannot differentiate get an error at the
// offending op or function.
// RUN: kiln-opt %s -split-input-file --kiln-autodiff -verify-diagnostics -o /dev/null
// RUN: not kiln-opt %s -split-input-file --kiln-autodiff="function=vector" -o /dev/null 2>&1 | FileCheck %s

func.func private @helper(tensor<4xf32>) -> tensor<4xf32>

func.func @calls(%x: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{kiln-autodiff: no gradient rule for 'func.call'}}
  %0 = func.call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = kiln.reduce_sum %0 dims = [0] : (tensor<4xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

// A call that does not depend on the argument is fine: no gradient flows
// through it.
func.func private @source() -> tensor<4xf32>

func.func @frozen_call(%x: tensor<4xf32>) -> tensor<f32> {
  %0 = func.call @source() : () -> tensor<4xf32>
  %1 = kiln.mul %0, %x : tensor<4xf32>
  %2 = kiln.reduce_sum %1 dims = [0] : (tensor<4xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// -----

// A symbol with the gradient function's name already exists.
// expected-error @+1 {{kiln-autodiff: a symbol named 'taken_grad' already exists}}
func.func @taken(%x: tensor<4xf32>) -> tensor<f32> {
  %0 = kiln.reduce_sum %x dims = [0] : (tensor<4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func private @taken_grad()

// -----

// CHECK: error: kiln-autodiff: result 0 of 'vector' is 'tensor<4xf32>'; the loss must be a float tensor of one element
func.func @vector(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.exp %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
