func.func @on_buffers(%p: memref<4xf32> {kiln.donated_to = 0 : i64}) -> memref<4xf32> {
  return %p : memref<4xf32>
}
