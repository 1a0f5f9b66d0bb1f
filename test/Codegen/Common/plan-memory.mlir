// RUN: kiln-opt %s --kiln-plan-memory --split-input-file | FileCheck %s
// RUN: not kiln-opt %s --kiln-plan-memory=alignment=48 2>&1 | FileCheck %s --check-prefix=ALIGN

// Three buffers: %a (4096 B) lives until %c is computed, %b (1024 B) dies
// before %c (2048 B) is allocated, so %c reuses %b's bytes after %a's and
// the arena is 4096 + 2048 = 6144 bytes, not 7168.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[IN:.*]]: memref<1024xf32>, %[[OUT:.*]]: memref<512xf32>, %[[ARENA:.*]]: memref<6144xi8>)
// CHECK-SAME: attributes {kiln.arena_bytes = 6144 : i64}
// CHECK-NOT: memref.alloc
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%[[C0]]][] : memref<6144xi8> to memref<1024xf32>
// CHECK: %[[CB:.*]] = arith.constant 4096 : index
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%[[CB]]][] : memref<6144xi8> to memref<256xf32>
// CHECK: %[[CC:.*]] = arith.constant 4096 : index
// CHECK: %[[C:.*]] = memref.view %[[ARENA]][%[[CC]]][] : memref<6144xi8> to memref<512xf32>
// CHECK-NOT: memref.dealloc
func.func @chain(%in: memref<1024xf32>, %out: memref<512xf32>) {
  %a = memref.alloc() : memref<1024xf32>
  memref.copy %in, %a : memref<1024xf32> to memref<1024xf32>
  %b = memref.alloc() : memref<256xf32>
  %sa = memref.subview %a[0] [256] [1] : memref<1024xf32> to memref<256xf32, strided<[1]>>
  memref.copy %sa, %b : memref<256xf32, strided<[1]>> to memref<256xf32>
  memref.dealloc %b : memref<256xf32>
  %c = memref.alloc() : memref<512xf32>
  %sa2 = memref.subview %a[512] [512] [1] : memref<1024xf32> to memref<512xf32, strided<[1], offset: 512>>
  memref.copy %sa2, %c : memref<512xf32, strided<[1], offset: 512>> to memref<512xf32>
  memref.copy %c, %out : memref<512xf32> to memref<512xf32>
  return
}

// -----

// A returned buffer escapes and stays an allocation (the function still
// gets its, empty, arena argument); private functions are not planned.
// CHECK-LABEL: func.func @escapes
// CHECK-SAME: (%{{.*}}: memref<8xf32>, %{{.*}}: memref<0xi8>) -> memref<8xf32> attributes {kiln.arena_bytes = 0 : i64}
// CHECK: memref.alloc() : memref<8xf32>
// CHECK-LABEL: func.func private @helper
// CHECK-NOT: kiln.arena_bytes
// CHECK: memref.alloc
func.func @escapes(%arena_unused: memref<8xf32>) -> memref<8xf32> {
  %a = memref.alloc() : memref<8xf32>
  return %a : memref<8xf32>
}
func.func private @helper() {
  %a = memref.alloc() : memref<8xf32>
  return
}

// ALIGN: error: kiln-plan-memory: alignment must be a positive power of two, got 48
