// RUN: kiln-opt %s -split-input-file --kiln-drop-donated-results -verify-diagnostics -o /dev/null

// A donated result in a buffer of its own: bufferization did not honor the
// donation, and dropping the result would lose it.
func.func @not_in_place(%p: memref<4xf32> {kiln.donated_to = 0 : i64}) -> memref<4xf32> {
  %new = memref.alloc() : memref<4xf32>
  // expected-error @+1 {{result 0 is donated argument 0's, but it is not returned in that argument's buffer}}
  return %new : memref<4xf32>
}

// -----

func.func @caller(%p: memref<4xf32>) {
  %r = call @callee(%p) : (memref<4xf32>) -> memref<4xf32>
  return
}
// expected-error @+1 {{'callee' donates buffers and is called in the module; donation applies to entry points}}
func.func @callee(%p: memref<4xf32> {kiln.donated_to = 0 : i64}) -> memref<4xf32> {
  return %p : memref<4xf32>
}
