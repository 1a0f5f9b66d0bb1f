func.func @caller(%p: memref<4xf32>) {
  %r = call @callee(%p) : (memref<4xf32>) -> memref<4xf32>
  return
}
func.func @callee(%p: memref<4xf32> {kiln.donated_to = 0 : i64}) -> memref<4xf32> {
  return %p : memref<4xf32>
}
