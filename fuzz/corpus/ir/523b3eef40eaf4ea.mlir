func.func @step(%p: memref<4xf32> {kiln.donated_to = 0 : i64}, %x: memref<4xf32>) -> (memref<4xf32, strided<[?], offset: ?>>, memref<f32>) {
  %c = memref.cast %p : memref<4xf32> to memref<4xf32, strided<[?], offset: ?>>
  %l = memref.alloc() : memref<f32>
  return %c, %l : memref<4xf32, strided<[?], offset: ?>>, memref<f32>
}
func.func private @helper(%p: memref<4xf32> {kiln.donated_to = 0 : i64}) -> memref<4xf32> {
  return %p : memref<4xf32>
}
