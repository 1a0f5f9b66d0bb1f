// RUN: kiln-opt %s --allow-unregistered-dialect --split-input-file --kiln-outline-parallel | FileCheck %s

// The public function gains the runtime pointer; the loop becomes a call
// to kiln_parallel_for with the body outlined. The body receives the two
// buffers (as memref descriptors) and the scalar through a stack record,
// and recreates the constant it uses.
// CHECK: func.func private @kiln_parallel_for(!llvm.ptr, i64, (!llvm.ptr, i64) -> (), !llvm.ptr)
// CHECK-LABEL: func.func @scale
// CHECK-SAME: (%[[X:.*]]: memref<64xf32>, %[[Y:.*]]: memref<64xf32>, %[[S:.*]]: f32, %[[N:.*]]: index, %[[RT:.*]]: !llvm.ptr) attributes {kiln.runtime}
// CHECK: %[[REC:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, f32, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
// CHECK: %[[F0:.*]] = llvm.getelementptr %[[REC]][0, 0]
// CHECK: %[[DX:.*]] = builtin.unrealized_conversion_cast %[[X]] : memref<64xf32> to !llvm.struct
// CHECK: llvm.store %[[DX]], %[[F0]]
// CHECK: %[[F1:.*]] = llvm.getelementptr %[[REC]][0, 1]
// CHECK: llvm.store %[[S]], %[[F1]] : f32, !llvm.ptr
// CHECK: %[[COUNT:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: %[[TASK:.*]] = constant @scale_parallel0 : (!llvm.ptr, i64) -> ()
// CHECK: call @kiln_parallel_for(%[[RT]], %[[COUNT]], %[[TASK]], %[[REC]])
// CHECK-NOT: scf.forall
// CHECK: return

// CHECK-LABEL: func.func private @scale_parallel0
// CHECK-SAME: (%[[CTX:.*]]: !llvm.ptr, %[[I:.*]]: i64)
// CHECK: %[[C16:.*]] = arith.constant 16 : index
// CHECK: %[[L0:.*]] = llvm.load
// CHECK: %[[BX:.*]] = builtin.unrealized_conversion_cast %[[L0]] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> to memref<64xf32>
// CHECK: %[[BS:.*]] = llvm.load %{{.*}} : !llvm.ptr -> f32
// CHECK: %[[IV:.*]] = arith.index_cast %[[I]] : i64 to index
// CHECK: %[[BASE:.*]] = arith.muli %[[IV]], %[[C16]]
// CHECK: vector.load %[[BX]][%[[BASE]]]
// CHECK: vector.broadcast %[[BS]]
// CHECK: return
func.func @scale(%x: memref<64xf32>, %y: memref<64xf32>, %s: f32, %n: index) {
  %c16 = arith.constant 16 : index
  scf.forall (%i) in (4) {
    %base = arith.muli %i, %c16 : index
    %v = vector.load %x[%base] : memref<64xf32>, vector<16xf32>
    %b = vector.broadcast %s : f32 to vector<16xf32>
    %p = arith.mulf %v, %b : vector<16xf32>
    vector.store %p, %y[%base] : memref<64xf32>, vector<16xf32>
  }
  return
}

// -----

// Loops that stay serial (here: in a private function, and one nested in an
// outlined loop) keep their form for scf-forall-to-for, with their
// fixed-size stack buffers moved to the function entry.
// CHECK-LABEL: func.func private @helper
// CHECK-NEXT: %[[T:.*]] = memref.alloca() : memref<16xf32>
// CHECK-NEXT: scf.forall
// CHECK-NEXT: "test.use"(%[[T]]
func.func private @helper(%x: memref<64xf32>) {
  scf.forall (%i) in (4) {
    %t = memref.alloca() : memref<16xf32>
    "test.use"(%t, %x) : (memref<16xf32>, memref<64xf32>) -> ()
  }
  return
}

// CHECK-LABEL: func.func @nested
// CHECK: call @kiln_parallel_for
// CHECK-LABEL: func.func private @nested_parallel0
// CHECK: scf.forall
func.func @nested(%x: memref<64xf32>) {
  scf.forall (%i) in (2) {
    scf.forall (%j) in (2) {
      "test.use"(%x) : (memref<64xf32>) -> ()
    }
  }
  return
}
