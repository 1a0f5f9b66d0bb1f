// RUN: kiln-opt %s --allow-unregistered-dialect --kiln-externalize-weights | FileCheck %s
// RUN: kiln-opt %s --allow-unregistered-dialect --kiln-externalize-weights=min-bytes=1000 | FileCheck %s --check-prefix=NONE

// @big (128 bytes) and @other (80 bytes, padded to 128) move to one
// 256-byte weights argument at 64-byte aligned offsets, their data to the
// module attribute; @small (8 bytes) is under min-bytes and @mask (i1)
// has no byte layout, so both stay globals.
// CHECK: module attributes {kiln.weights = [{offset = 0 : i64, value = dense<1.500000e+00> : tensor<4x8xf32>}, {offset = 128 : i64, value = dense<7> : tensor<20xi32>}]}
// CHECK-NOT: @big
// CHECK-NOT: @other
// CHECK-DAG: memref.global "private" constant @small
// CHECK-DAG: memref.global "private" constant @mask
// CHECK-LABEL: func.func @model
// CHECK-SAME: (%{{.*}}: memref<4x8xf32>, %[[W:.*]]: memref<256xi8>) attributes {kiln.weights_bytes = 256 : i64}
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[BIG:.*]] = memref.view %[[W]][%[[C0]]][] : memref<256xi8> to memref<4x8xf32>
// CHECK: %[[C128:.*]] = arith.constant 128 : index
// CHECK: %[[OTHER:.*]] = memref.view %[[W]][%[[C128]]][] : memref<256xi8> to memref<20xi32>
// CHECK: %[[SMALL:.*]] = memref.get_global @small
// CHECK: %[[MASK:.*]] = memref.get_global @mask
// CHECK: "test.use"(%[[BIG]], %[[OTHER]], %[[SMALL]], %[[MASK]])

// Nothing large enough: the module is unchanged.
// NONE-NOT: kiln.weights
// NONE: func.func @model(%{{.*}}: memref<4x8xf32>) {

memref.global "private" constant @big : memref<4x8xf32> = dense<1.5>
memref.global "private" constant @other : memref<20xi32> = dense<7>
memref.global "private" constant @small : memref<2xf32> = dense<[1.0, 2.0]>
memref.global "private" constant @mask : memref<128xi1> = dense<true>
func.func @model(%out: memref<4x8xf32>) {
  %0 = memref.get_global @big : memref<4x8xf32>
  %1 = memref.get_global @other : memref<20xi32>
  %2 = memref.get_global @small : memref<2xf32>
  %3 = memref.get_global @mask : memref<128xi1>
  "test.use"(%0, %1, %2, %3) : (memref<4x8xf32>, memref<20xi32>, memref<2xf32>, memref<128xi1>) -> ()
  return
}
