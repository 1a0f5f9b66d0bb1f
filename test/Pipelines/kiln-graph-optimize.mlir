// RUN: kiln-opt %s --kiln-graph-optimize | FileCheck %s

// CSE merges the two identical transposes, after which the pair composes
// away; the unused private helper is removed.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: %[[S:.*]] = kiln.add %[[X]], %[[X]] : tensor<2x3xf32>
// CHECK-NEXT: return %[[S]]
// CHECK-NOT: func.func private @unused
func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %a = kiln.transpose %x permutation = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %b = kiln.transpose %x permutation = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %ta = kiln.transpose %a permutation = [1, 0] : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %tb = kiln.transpose %b permutation = [1, 0] : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %s = kiln.add %ta, %tb : tensor<2x3xf32>
  return %s : tensor<2x3xf32>
}

func.func private @unused(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
