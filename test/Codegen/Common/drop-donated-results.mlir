// RUN: kiln-opt %s -split-input-file --kiln-drop-donated-results | FileCheck %s

// A donated result returned in its argument's buffer (through a cast) leaves
// the signature; the other result stays, and so does a private function.
// CHECK-LABEL: func.func @step
// CHECK-SAME: (%[[P:.*]]: memref<4xf32>, %{{.*}}: memref<4xf32>) -> memref<f32>
// CHECK-NOT: kiln.donated_to
// CHECK: return %{{.*}} : memref<f32>
func.func @step(%p: memref<4xf32> {kiln.donated_to = 0 : i64}, %x: memref<4xf32>) -> (memref<4xf32, strided<[?], offset: ?>>, memref<f32>) {
  %c = memref.cast %p : memref<4xf32> to memref<4xf32, strided<[?], offset: ?>>
  %l = memref.alloc() : memref<f32>
  return %c, %l : memref<4xf32, strided<[?], offset: ?>>, memref<f32>
}
// CHECK-LABEL: func.func private @helper
// CHECK-SAME: -> memref<4xf32>
func.func private @helper(%p: memref<4xf32> {kiln.donated_to = 0 : i64}) -> memref<4xf32> {
  return %p : memref<4xf32>
}
