func.func @not_in_place(%p: memref<4xf32> {kiln.donated_to = 0 : i64}) -> memref<4xf32> {
  %new = memref.alloc() : memref<4xf32>
  return %new : memref<4xf32>
}
