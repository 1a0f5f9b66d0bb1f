// RUN: kiln-opt %s --kiln-check-finite | FileCheck %s

// Every floating-point result is checked (|r| < inf), in program order;
// the first failing op's number and the table of op descriptions are two
// new results.
// CHECK-LABEL: func.func @f
// CHECK-SAME: -> (tensor<4xf32>, tensor<i64> {kiln.name = "kiln.first_nonfinite"}, tensor<{{[0-9]+}}xui8> {kiln.name = "kiln.nonfinite_sites"})
// CHECK: %[[L:.*]] = kiln.log
// CHECK: %[[A:.*]] = kiln.abs %[[L]]
// CHECK: kiln.compare lt, %[[A]]
// CHECK: kiln.reduce_max
// CHECK: %[[E:.*]] = kiln.exp %[[L]]
// CHECK: kiln.abs %[[E]]
// CHECK: %[[NONE:.*]] = kiln.constant dense<-1> : tensor<i64>
// CHECK: %[[FIRST0:.*]] = kiln.select %{{.*}}, %{{.*}}, %[[NONE]]
// CHECK: kiln.select %{{.*}}, %{{.*}}, %[[FIRST0]]
// CHECK: return %[[E]], %{{.*}}, %{{.*}} : tensor<4xf32>, tensor<i64>, tensor<{{[0-9]+}}xui8>
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l = kiln.log %x : tensor<4xf32>
  %e = kiln.exp %l : tensor<4xf32>
  return %e : tensor<4xf32>
}

// Integer results are not checked: nothing is added but the two results.
// CHECK-LABEL: func.func @ints
// CHECK-NOT: kiln.abs
// CHECK: return
func.func @ints(%x: tensor<4xi32>) -> tensor<4xi32> {
  %s = kiln.add %x, %x : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %s : tensor<4xi32>
}
