// The gradient IR each rule of --kiln-autodiff emits (values are checked
// numerically by the *-numeric.mlir tests; this pins the structure).
// RUN: kiln-opt %s -split-input-file --kiln-autodiff | FileCheck %s

// Broadcast operands get their adjoint summed over the broadcast dims.
// CHECK-LABEL: func.func @mul_broadcast_grad
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xf32>, %[[Y:.*]]: tensor<4xf32>) -> (tensor<f32>, tensor<3x4xf32>, tensor<4xf32>)
// CHECK: %[[G:.*]] = kiln.broadcast %{{.*}} : (tensor<1x1xf32>) -> tensor<3x4xf32>
// CHECK: %[[DX:.*]] = kiln.mul %[[G]], %[[Y]]
// CHECK: %[[GX:.*]] = kiln.mul %[[G]], %[[X]]
// CHECK: %[[SUM:.*]] = kiln.reduce_sum %[[GX]] dims = [0] keep_dims : (tensor<3x4xf32>) -> tensor<1x4xf32>
// CHECK: %[[DY:.*]] = kiln.reshape %[[SUM]] : (tensor<1x4xf32>) -> tensor<4xf32>
// CHECK: return %{{.*}}, %[[DX]], %[[DY]]
func.func @mul_broadcast(%x: tensor<3x4xf32>, %y: tensor<4xf32>) -> tensor<f32> {
  %0 = kiln.mul %x, %y : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %1 = kiln.reduce_sum %0 dims = [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

// tanh' = 1 - y^2, on the forward result.
// CHECK-LABEL: func.func @tanh_grad
// CHECK: %[[Y:.*]] = kiln.tanh %arg0
// CHECK: %[[Y2:.*]] = kiln.mul %[[Y]], %[[Y]]
// CHECK: %[[D:.*]] = kiln.sub %{{.*}}, %[[Y2]]
// CHECK: kiln.mul %{{.*}}, %[[D]]
func.func @tanh(%x: tensor<4xf32>) -> tensor<f32> {
  %0 = kiln.tanh %x : tensor<4xf32>
  %1 = kiln.reduce_sum %0 dims = [0] : (tensor<4xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

// relu passes the adjoint where the result is positive.
// CHECK-LABEL: func.func @relu_grad
// CHECK: %[[Y:.*]] = kiln.relu %arg0
// CHECK: %[[POS:.*]] = kiln.compare gt, %[[Y]], %{{.*}} : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
// CHECK: %[[D:.*]] = kiln.select %[[POS]], %{{.*}}, %{{.*}} : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK: return %{{.*}}, %[[D]]
func.func @relu(%x: tensor<4xf32>) -> tensor<f32> {
  %0 = kiln.relu %x : tensor<4xf32>
  %1 = kiln.reduce_sum %0 dims = [0] : (tensor<4xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

// A matmul's adjoints are two matmuls in the operands' own layouts.
// CHECK-LABEL: func.func @matmul_grad
// CHECK-SAME: (%[[A:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<3x5xf32>)
// CHECK: %[[G:.*]] = kiln.broadcast
// CHECK: %[[DA:.*]] = kiln.dot %[[G]], %[[B]], <batch = [] x [], contract = [1] x [1]> : (tensor<4x5xf32>, tensor<3x5xf32>) -> tensor<4x3xf32>
// CHECK: %[[DB:.*]] = kiln.dot %[[A]], %[[G]], <batch = [] x [], contract = [0] x [0]> : (tensor<4x3xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
// CHECK-NOT: kiln.transpose
// CHECK: return %{{.*}}, %[[DA]], %[[DB]]
func.func @matmul(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>) -> tensor<f32> {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %1 = kiln.reduce_sum %0 dims = [0, 1] : (tensor<4x5xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

// Batch dims not in front: the product is transposed back into place.
// [K, B, M] x [B, K, N] -> [B, M, N]. d lhs = dot(g, rhs) gives [B, M, K].
// CHECK-LABEL: func.func @dot_batched_grad
// CHECK: %[[P:.*]] = kiln.dot %{{.*}}, %arg1, <batch = [0] x [0], contract = [2] x [2]> : (tensor<2x4x5xf32>, tensor<2x3x5xf32>) -> tensor<2x4x3xf32>
// CHECK: kiln.transpose %[[P]] permutation = [2, 0, 1] : (tensor<2x4x3xf32>) -> tensor<3x2x4xf32>
func.func @dot_batched(%a: tensor<3x2x4xf32>, %b: tensor<2x3x5xf32>) -> tensor<f32> {
  %0 = kiln.dot %a, %b, <batch = [1] x [0], contract = [0] x [1]> : (tensor<3x2x4xf32>, tensor<2x3x5xf32>) -> tensor<2x4x5xf32>
  %1 = kiln.reduce_sum %0 dims = [0, 1, 2] : (tensor<2x4x5xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

// softmax: y * (g - sum(g * y)).
// CHECK-LABEL: func.func @softmax_grad
// CHECK: %[[C:.*]] = kiln.constant dense<2.000000e+00> : tensor<2x5xf32>
// CHECK: %[[Y:.*]] = kiln.softmax %arg0 dim = 1
// CHECK: %[[B:.*]] = kiln.broadcast
// CHECK: %[[G:.*]] = kiln.mul %[[B]], %[[C]] : tensor<2x5xf32>
// CHECK: %[[GY:.*]] = kiln.mul %[[G]], %[[Y]] : tensor<2x5xf32>
// CHECK: %[[S:.*]] = kiln.reduce_sum %[[GY]] dims = [1] keep_dims
// CHECK: %[[D:.*]] = kiln.sub %[[G]], %[[S]]
// CHECK: kiln.mul %[[Y]], %[[D]]
func.func @softmax(%x: tensor<2x5xf32>) -> tensor<f32> {
  %c = kiln.constant dense<2.0> : tensor<2x5xf32>
  %0 = kiln.softmax %x dim = 1 : tensor<2x5xf32>
  %1 = kiln.mul %0, %c : tensor<2x5xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<2x5xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// -----

// reduce_max: the adjoint is shared by the elements equal to the maximum.
// CHECK-LABEL: func.func @reduce_max_grad
// CHECK: %[[M:.*]] = kiln.reduce_max %arg0 dims = [1]
// CHECK: %[[MK:.*]] = kiln.reshape %[[M]] : (tensor<2xf32>) -> tensor<2x1xf32>
// CHECK: %[[MB:.*]] = kiln.broadcast %[[MK]] : (tensor<2x1xf32>) -> tensor<2x5xf32>
// CHECK: %[[HIT:.*]] = kiln.compare eq, %arg0, %[[MB]]
// CHECK: %[[F:.*]] = kiln.cast %[[HIT]] : tensor<2x5xi1> to tensor<2x5xf32>
// CHECK: %[[N:.*]] = kiln.reduce_sum %[[F]] dims = [1] keep_dims
// CHECK: %[[SHARE:.*]] = kiln.div %{{.*}}, %[[N]]
// CHECK: kiln.select %[[HIT]], %[[SHARE]]
func.func @reduce_max(%x: tensor<2x5xf32>) -> tensor<f32> {
  %0 = kiln.reduce_max %x dims = [1] : (tensor<2x5xf32>) -> tensor<2xf32>
  %1 = kiln.reduce_sum %0 dims = [0] : (tensor<2xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}

// -----

// reduce_mean: broadcast back and divide by the count (2 * 4).
// CHECK-LABEL: func.func @reduce_mean_grad
// CHECK: %[[B:.*]] = kiln.broadcast %{{.*}} : (tensor<1x3x1xf32>) -> tensor<2x3x4xf32>
// CHECK: %[[C:.*]] = kiln.constant dense<8.000000e+00> : tensor<f32>
// CHECK: kiln.div %[[B]], %[[C]]
func.func @reduce_mean(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>) -> tensor<f32> {
  %0 = kiln.reduce_mean %x dims = [0, 2] : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %1 = kiln.mul %0, %c : tensor<3xf32>
  %2 = kiln.reduce_sum %1 dims = [0] : (tensor<3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// -----

// transpose: the inverse permutation.
// CHECK-LABEL: func.func @transpose_grad
// CHECK: kiln.transpose %{{.*}} permutation = [2, 0, 1] : (tensor<3x4x2xf32>) -> tensor<2x3x4xf32>
func.func @transpose(%x: tensor<2x3x4xf32>, %c: tensor<3x4x2xf32>) -> tensor<f32> {
  %0 = kiln.transpose %x permutation = [1, 2, 0] : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %1 = kiln.mul %0, %c : tensor<3x4x2xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2] : (tensor<3x4x2xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// -----

// A strided slice scatters back: rows 1 and 3 are spread with a zero row
// between them, then padded into place.
// CHECK-LABEL: func.func @strided_slice_grad
// CHECK: %[[R:.*]] = kiln.reshape %{{.*}} : (tensor<2x3xf32>) -> tensor<2x1x3xf32>
// CHECK: %[[P:.*]] = kiln.pad %[[R]] low = [0, 0, 0] high = [0, 1, 0]
// CHECK: %[[M:.*]] = kiln.reshape %[[P]] : (tensor<2x2x3xf32>) -> tensor<4x3xf32>
// CHECK: %[[S:.*]] = kiln.slice %[[M]] [0:3:1, 0:3:1] : (tensor<4x3xf32>) -> tensor<3x3xf32>
// CHECK: kiln.pad %[[S]] low = [1, 2] high = [1, 0] value = 0.000000e+00 : f32 : (tensor<3x3xf32>) -> tensor<5x5xf32>
func.func @strided_slice(%x: tensor<5x5xf32>, %c: tensor<2x3xf32>) -> tensor<f32> {
  %0 = kiln.slice %x [1:5:2, 2:5:1] : (tensor<5x5xf32>) -> tensor<2x3xf32>
  %1 = kiln.mul %0, %c : tensor<2x3xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<2x3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// -----

// concat: each input takes its slice of the adjoint.
// CHECK-LABEL: func.func @concat_grad
// CHECK-DAG: kiln.slice %[[G:.*]] [0:2:1, 0:3:1] : (tensor<2x5xf32>) -> tensor<2x3xf32>
// CHECK-DAG: kiln.slice %[[G]] [0:2:1, 3:5:1] : (tensor<2x5xf32>) -> tensor<2x2xf32>
func.func @concat(%x: tensor<2x3xf32>, %y: tensor<2x2xf32>, %c: tensor<2x5xf32>) -> tensor<f32> {
  %0 = kiln.concat %x, %y dim = 1 : (tensor<2x3xf32>, tensor<2x2xf32>) -> tensor<2x5xf32>
  %1 = kiln.mul %0, %c : tensor<2x5xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<2x5xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// -----

// gather: a scatter-add written as one-hot(indices)^T . g; the indices get
// no gradient (wrt defaults to the float arguments).
// CHECK-LABEL: func.func @gather_grad
// CHECK-SAME: -> (tensor<f32>, tensor<10x4xf32>, tensor<2x3x4xf32>)
// CHECK: %[[I:.*]] = kiln.iota dim = 2 : tensor<2x3x10xi64>
// CHECK: %[[HIT:.*]] = kiln.compare eq, %[[I]], %{{.*}} : (tensor<2x3x10xi64>, tensor<2x3x1xi64>) -> tensor<2x3x10xi1>
// CHECK: %[[ONE:.*]] = kiln.cast %[[HIT]] : tensor<2x3x10xi1> to tensor<2x3x10xf32>
// CHECK: kiln.dot %[[ONE]], %{{.*}}, <batch = [] x [], contract = [0, 1] x [0, 1]> : (tensor<2x3x10xf32>, tensor<2x3x4xf32>) -> tensor<10x4xf32>
func.func @gather(%table: tensor<10x4xf32>, %ids: tensor<2x3xi64>, %c: tensor<2x3x4xf32>) -> tensor<f32> {
  %0 = kiln.gather %table[%ids] axis = 0 : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  %1 = kiln.mul %0, %c : tensor<2x3x4xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2] : (tensor<2x3x4xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// -----

// conv2d: input adjoint = conv of the padded adjoint with the flipped
// filter (channels swapped); filter adjoint = conv of the input (images
// as channels) with the adjoint, strides and dilations trading places.
// CHECK-LABEL: func.func @conv_grad
// CHECK: %[[PADDED:.*]] = kiln.pad %{{.*}} low = [0, 0, 2, 2] high = [0, 0, 2, 2]
// CHECK: %[[FH:.*]] = kiln.gather %arg1[%{{.*}}] axis = 2
// CHECK: %[[FW:.*]] = kiln.gather %[[FH]][%{{.*}}] axis = 3
// CHECK: %[[SW:.*]] = kiln.transpose %{{.*}} permutation = [0, 2, 1, 3, 4] : (tensor<1x8x3x3x3xf32>) -> tensor<1x3x8x3x3xf32>
// CHECK: kiln.conv2d %[[PADDED]], %{{.*}} strides = [1, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 1 : (tensor<2x8x10x10xf32>, tensor<3x8x3x3xf32>) -> tensor<2x3x8x8xf32>
// CHECK: kiln.conv2d %{{.*}}, %{{.*}} strides = [1, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 1 : (tensor<3x2x8x8xf32>, tensor<8x2x6x6xf32>) -> tensor<3x8x3x3xf32>
// CHECK: kiln.transpose %{{.*}} permutation = [1, 0, 2, 3] : (tensor<3x8x3x3xf32>) -> tensor<8x3x3x3xf32>
func.func @conv(%x: tensor<2x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %c: tensor<2x8x6x6xf32>) -> tensor<f32> {
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 1 : (tensor<2x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<2x8x6x6xf32>
  %1 = kiln.mul %0, %c : tensor<2x8x6x6xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<2x8x6x6xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// -----

// max_pool2d: per window offset, the first element equal to the maximum
// takes the adjoint; padding is -inf so it never wins.
// CHECK-LABEL: func.func @max_pool_grad
// CHECK: %[[P:.*]] = kiln.pad %arg0 low = [0, 0, 1, 1] high = [0, 0, 1, 1] value = 0xFF800000 : f32
// CHECK: kiln.slice %[[P]] [0:1:1, 0:2:1, 0:5:2, 0:5:2] : (tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32>
// CHECK: kiln.compare eq
// CHECK: kiln.slice %[[P]] [0:1:1, 0:2:1, 0:5:2, 1:6:2]
// CHECK: kiln.sub
// CHECK: kiln.slice %{{.*}} [0:1:1, 0:2:1, 1:5:1, 1:5:1] : (tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32>
func.func @max_pool(%x: tensor<1x2x4x4xf32>, %c: tensor<1x2x3x3xf32>) -> tensor<f32> {
  %0 = kiln.max_pool2d %x window = [2, 2] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  %1 = kiln.mul %0, %c : tensor<1x2x3x3xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x2x3x3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// -----

// avg_pool2d: the adjoint divided by each window's count of real
// (non-padding) elements: corners see 1, edges 2, the middle 4.
// CHECK-LABEL: func.func @avg_pool_grad
// CHECK: %[[N:.*]] = kiln.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00, 1.000000e+00], [2.000000e+00, 4.000000e+00, 2.000000e+00], [1.000000e+00, 2.000000e+00, 1.000000e+00]]> : tensor<3x3xf32>
// CHECK: kiln.div %{{.*}}, %[[N]]
func.func @avg_pool(%x: tensor<1x2x4x4xf32>, %c: tensor<1x2x3x3xf32>) -> tensor<f32> {
  %0 = kiln.avg_pool2d %x window = [2, 2] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  %1 = kiln.mul %0, %c : tensor<1x2x3x3xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x2x3x3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// -----

// Composite ops go through their decomposition: layer_norm's backward is
// built from the mean/variance/rsqrt it decomposes into.
// CHECK-LABEL: func.func @layer_norm_grad
// CHECK: kiln.layer_norm
// CHECK: kiln.rsqrt
// CHECK-NOT: kiln.layer_norm
// CHECK: return
func.func @layer_norm(%x: tensor<2x8xf32>, %g: tensor<8xf32>, %c: tensor<2x8xf32>) -> tensor<f32> {
  %0 = kiln.layer_norm %x scale %g axis = 1 epsilon = 1.0e-05 : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %1 = kiln.mul %0, %c : tensor<2x8xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<2x8xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// -----

// attention: FlashAttention-2's backward. The forward becomes
// kiln.attention_lse (the output and the per-row log-sum-exp) and the
// backward one kiln.attention_grad from those two and the result's adjoint.
// CHECK-LABEL: func.func @attention_grad
// CHECK: %[[OUT:.*]], %[[LSE:.*]] = kiln.attention_lse %arg0, %arg1, %arg2 causal : {{.*}} -> (tensor<1x2x4x8xf32>, tensor<1x2x4xf32>)
// CHECK-NOT: kiln.attention %
// CHECK: %[[DOUT:.*]] = kiln.add
// CHECK: %[[DQ:.*]], %[[DK:.*]], %[[DV:.*]] = kiln.attention_grad %arg0, %arg1, %arg2, %[[OUT]], %[[LSE]], %[[DOUT]] causal
// CHECK-NOT: kiln.softmax
// CHECK: return %{{.*}}, %[[DQ]], %[[DK]], %[[DV]]
func.func @attention(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>, %v: tensor<1x2x4x8xf32>) -> tensor<f32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  %1 = kiln.mul %0, %0 : tensor<1x2x4x8xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x2x4x8xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// -----

// An additive mask that is itself differentiated (a learned bias) needs
// the scores' adjoint: that attention stays on its decomposition (the
// softmax backward on recomputed probabilities).
// CHECK-LABEL: func.func @attention_learned_bias_grad
// CHECK-NOT: kiln.attention_grad
// CHECK: %[[P:.*]] = kiln.softmax %{{.*}} dim = 3 : tensor<1x2x4x4xf32>
// CHECK: kiln.reduce_sum %{{.*}} dims = [3] keep_dims : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x1xf32>
// CHECK: kiln.mul %[[P]], %{{.*}} : tensor<1x2x4x4xf32>
func.func @attention_learned_bias(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>, %v: tensor<1x2x4x8xf32>, %bias: tensor<2x4x4xf32>) -> tensor<f32> {
  %0 = kiln.attention %q, %k, %v mask %bias : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<2x4x4xf32>) -> tensor<1x2x4x8xf32>
  %1 = kiln.mul %0, %0 : tensor<1x2x4x8xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x2x4x8xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
