// RUN: kiln-opt %s --kiln-decompose --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK: %[[M:.*]] = kiln.reduce_max %[[X]] dims = [1] keep_dims
// CHECK: %[[S:.*]] = kiln.sub %[[X]], %[[M]]
// CHECK: %[[E:.*]] = kiln.exp %[[S]]
// CHECK: %[[Z:.*]] = kiln.reduce_sum %[[E]] dims = [1] keep_dims
// CHECK: %[[P:.*]] = kiln.div %[[E]], %[[Z]]
// CHECK: return %[[P]]
func.func @softmax(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = kiln.softmax %x dim = 1 : tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK: %[[M:.*]] = kiln.reduce_max %[[X]] dims = [0] keep_dims
// CHECK: %[[S:.*]] = kiln.sub %[[X]], %[[M]]
// CHECK: %[[E:.*]] = kiln.exp %[[S]]
// CHECK: %[[Z:.*]] = kiln.reduce_sum %[[E]] dims = [0] keep_dims
// CHECK: %[[L:.*]] = kiln.log %[[Z]]
// CHECK: %[[R:.*]] = kiln.sub %[[S]], %[[L]]
// CHECK: return %[[R]]
func.func @log_softmax(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = kiln.log_softmax %x dim = 0 : tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// mean over [1, 2] of a 4x5x6 tensor divides the sum by 30.
// CHECK-LABEL: func.func @reduce_mean_and_pool
// CHECK-DAG: %[[N30:.*]] = kiln.constant dense<3.000000e+01> : tensor<f32>
// CHECK-DAG: %[[N35:.*]] = kiln.constant dense<3.500000e+01> : tensor<f32>
// CHECK: %[[S:.*]] = kiln.reduce_sum %{{.*}} dims = [1, 2] : (tensor<4x5x6xf32>) -> tensor<4xf32>
// CHECK: kiln.div %[[S]], %[[N30]]
// CHECK: %[[P:.*]] = kiln.reduce_sum %{{.*}} dims = [2, 3] keep_dims : (tensor<1x3x5x7xf32>) -> tensor<1x3x1x1xf32>
// CHECK: kiln.div %[[P]], %[[N35]]
func.func @reduce_mean_and_pool(%x: tensor<4x5x6xf32>, %y: tensor<1x3x5x7xf32>) -> (tensor<4xf32>, tensor<1x3x1x1xf32>) {
  %0 = kiln.reduce_mean %x dims = [1, 2] : (tensor<4x5x6xf32>) -> tensor<4xf32>
  %1 = kiln.global_avg_pool2d %y : (tensor<1x3x5x7xf32>) -> tensor<1x3x1x1xf32>
  return %0, %1 : tensor<4xf32>, tensor<1x3x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x8xf32>, %[[G:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<4x8xf32>)
// CHECK-DAG: %[[EPS:.*]] = kiln.constant dense<9.99999974E-6> : tensor<f32>
// CHECK-DAG: %[[N:.*]] = kiln.constant dense<3.200000e+01> : tensor<f32>
// CHECK: %[[S:.*]] = kiln.reduce_sum %[[X]] dims = [1, 2] keep_dims
// CHECK: %[[MEAN:.*]] = kiln.div %[[S]], %[[N]]
// CHECK: %[[C:.*]] = kiln.sub %[[X]], %[[MEAN]]
// CHECK: %[[SQ:.*]] = kiln.mul %[[C]], %[[C]]
// CHECK: %[[VS:.*]] = kiln.reduce_sum %[[SQ]] dims = [1, 2] keep_dims
// CHECK: %[[VAR:.*]] = kiln.div %[[VS]], %[[N]]
// CHECK: %[[VE:.*]] = kiln.add %[[VAR]], %[[EPS]]
// CHECK: %[[R:.*]] = kiln.rsqrt %[[VE]]
// CHECK: %[[Y:.*]] = kiln.mul %[[C]], %[[R]]
// CHECK: %[[YG:.*]] = kiln.mul %[[Y]], %[[G]]
// CHECK: %[[YB:.*]] = kiln.add %[[YG]], %[[B]]
// CHECK: return %[[YB]]
func.func @layer_norm(%x: tensor<2x4x8xf32>, %g: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<2x4x8xf32> {
  %0 = kiln.layer_norm %x scale %g bias %b axis = 1 epsilon = 1.0e-05 : (tensor<2x4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @rms_norm
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK: %[[SQ:.*]] = kiln.mul %[[X]], %[[X]]
// CHECK: %[[S:.*]] = kiln.reduce_sum %[[SQ]] dims = [1] keep_dims
// CHECK: %[[MS:.*]] = kiln.div %[[S]]
// CHECK: %[[E:.*]] = kiln.add %[[MS]]
// CHECK: %[[R:.*]] = kiln.rsqrt %[[E]]
// CHECK: %[[Y:.*]] = kiln.mul %[[X]], %[[R]]
// CHECK: return %[[Y]]
func.func @rms_norm(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = kiln.rms_norm %x axis = 1 epsilon = 1.0e-06 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// The per-channel parameters broadcast along dimension 1 as [C, 1, 1].
// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x5xf32>, %[[G:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[M:.*]]: tensor<3xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK: %[[VE:.*]] = kiln.add %[[V]]
// CHECK: %[[R:.*]] = kiln.rsqrt %[[VE]]
// CHECK: %[[F:.*]] = kiln.mul %[[G]], %[[R]]
// CHECK: %[[M3:.*]] = kiln.reshape %[[M]] : (tensor<3xf32>) -> tensor<3x1x1xf32>
// CHECK: %[[C:.*]] = kiln.sub %[[X]], %[[M3]] : (tensor<2x3x4x5xf32>, tensor<3x1x1xf32>)
// CHECK: %[[F3:.*]] = kiln.reshape %[[F]] : (tensor<3xf32>) -> tensor<3x1x1xf32>
// CHECK: %[[Y:.*]] = kiln.mul %[[C]], %[[F3]]
// CHECK: %[[B3:.*]] = kiln.reshape %[[B]] : (tensor<3xf32>) -> tensor<3x1x1xf32>
// CHECK: %[[R2:.*]] = kiln.add %[[Y]], %[[B3]]
// CHECK: return %[[R2]]
func.func @batch_norm(%x: tensor<2x3x4x5xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x5xf32> {
  %0 = kiln.batch_norm %x, %g, %b, %m, %v epsilon = 1.0e-05 : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// -----

// Grouped heads fold into the sequence dimension ([1, 8, 6, 16] queries
// over 2 kv heads read as [1, 2, 24, 16]); causal masking compares key and
// query positions shifted by Sk - Sq = 4; the default scale is 1/sqrt(16).
// CHECK-LABEL: func.func @attention
// CHECK-SAME: (%[[Q:.*]]: tensor<1x8x6x16xf32>, %[[K:.*]]: tensor<1x2x10x16xf32>, %[[V:.*]]: tensor<1x2x10x8xf32>)
// CHECK-DAG: %[[NINF:.*]] = kiln.constant dense<0xFF800000> : tensor<f32>
// CHECK-DAG: %[[SCALE:.*]] = kiln.constant dense<2.500000e-01> : tensor<f32>
// CHECK-DAG: %[[SHIFT:.*]] = kiln.constant dense<4> : tensor<i64>
// CHECK: %[[GQ:.*]] = kiln.reshape %[[Q]] : (tensor<1x8x6x16xf32>) -> tensor<1x2x24x16xf32>
// CHECK: %[[S:.*]] = kiln.dot %[[GQ]], %[[K]], <batch = [0, 1] x [0, 1], contract = [3] x [3]> : (tensor<1x2x24x16xf32>, tensor<1x2x10x16xf32>) -> tensor<1x2x24x10xf32>
// CHECK: %[[S4:.*]] = kiln.reshape %[[S]] : (tensor<1x2x24x10xf32>) -> tensor<1x8x6x10xf32>
// CHECK: %[[SS:.*]] = kiln.mul %[[S4]], %[[SCALE]]
// CHECK: %[[ROW:.*]] = kiln.iota dim = 0 : tensor<6x10xi64>
// CHECK: %[[LIMIT:.*]] = kiln.add %[[ROW]], %[[SHIFT]]
// CHECK: %[[COL:.*]] = kiln.iota dim = 1 : tensor<6x10xi64>
// CHECK: %[[OK:.*]] = kiln.compare le, %[[COL]], %[[LIMIT]]
// CHECK: %[[MASKED:.*]] = kiln.select %[[OK]], %[[SS]], %[[NINF]]
// The softmax the pattern creates is decomposed in turn.
// CHECK: kiln.reduce_max %[[MASKED]] dims = [3] keep_dims
// CHECK: %[[P:.*]] = kiln.div
// CHECK: %[[GP:.*]] = kiln.reshape %[[P]] : (tensor<1x8x6x10xf32>) -> tensor<1x2x24x10xf32>
// CHECK: %[[O:.*]] = kiln.dot %[[GP]], %[[V]], <batch = [0, 1] x [0, 1], contract = [3] x [2]>
// CHECK: %[[R:.*]] = kiln.reshape %[[O]] : (tensor<1x2x24x8xf32>) -> tensor<1x8x6x8xf32>
// CHECK: return %[[R]]
func.func @attention(%q: tensor<1x8x6x16xf32>, %k: tensor<1x2x10x16xf32>, %v: tensor<1x2x10x8xf32>) -> tensor<1x8x6x8xf32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x8x6x16xf32>, tensor<1x2x10x16xf32>, tensor<1x2x10x8xf32>) -> tensor<1x8x6x8xf32>
  return %0 : tensor<1x8x6x8xf32>
}

// -----

// A boolean mask selects -inf; a float mask is added. A row whose scores
// are all -inf (every key masked) gets probabilities 0, not softmax's NaN.
// CHECK-LABEL: func.func @attention_masks
// CHECK-DAG: %[[ZERO:.*]] = kiln.constant dense<0.000000e+00> : tensor<f32>
// CHECK-DAG: %[[NINF:.*]] = kiln.constant dense<0xFF800000> : tensor<f32>
// CHECK: %[[MASKED:.*]] = kiln.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x1x1x5xi1>, tensor<2x2x4x5xf32>, tensor<f32>)
// CHECK: %[[P:.*]] = kiln.div
// CHECK: %[[MAX:.*]] = kiln.reduce_max %[[MASKED]] dims = [3] keep_dims
// CHECK: %[[EMPTY:.*]] = kiln.compare eq, %[[MAX]], %[[NINF]]
// CHECK: %[[P0:.*]] = kiln.select %[[EMPTY]], %[[ZERO]], %[[P]]
// CHECK: kiln.dot %[[P0]]
// CHECK: kiln.add %{{.*}}, %{{.*}} : (tensor<2x2x4x5xf32>, tensor<4x5xf32>)
func.func @attention_masks(%q: tensor<2x2x4x8xf32>, %k: tensor<2x2x5x8xf32>, %m: tensor<2x1x1x5xi1>, %f: tensor<4x5xf32>) -> (tensor<2x2x4x8xf32>, tensor<2x2x4x8xf32>) {
  %0 = kiln.attention %q, %k, %k mask %m : (tensor<2x2x4x8xf32>, tensor<2x2x5x8xf32>, tensor<2x2x5x8xf32>, tensor<2x1x1x5xi1>) -> tensor<2x2x4x8xf32>
  %1 = kiln.attention %q, %k, %k mask %f : (tensor<2x2x4x8xf32>, tensor<2x2x5x8xf32>, tensor<2x2x5x8xf32>, tensor<4x5xf32>) -> tensor<2x2x4x8xf32>
  return %0, %1 : tensor<2x2x4x8xf32>, tensor<2x2x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @cross_entropy
// CHECK-SAME: (%[[X:.*]]: tensor<8x10xf32>, %[[L:.*]]: tensor<8xi64>)
// CHECK: %[[C:.*]] = kiln.iota dim = 1 : tensor<8x10xi64>
// CHECK: %[[L1:.*]] = kiln.reshape %[[L]] : (tensor<8xi64>) -> tensor<8x1xi64>
// CHECK: %[[HOT:.*]] = kiln.compare eq, %[[C]], %[[L1]]
// CHECK: kiln.log
// CHECK: %[[LS:.*]] = kiln.sub
// CHECK: %[[PICK:.*]] = kiln.select %[[HOT]], %[[LS]], %{{.*}}
// CHECK: %[[SUM:.*]] = kiln.reduce_sum %[[PICK]] dims = [1] : (tensor<8x10xf32>) -> tensor<8xf32>
// CHECK: %[[NLL:.*]] = kiln.neg %[[SUM]]
// CHECK: %[[T:.*]] = kiln.reduce_sum %[[NLL]] dims = [0]
// CHECK: %[[MEAN:.*]] = kiln.div %[[T]]
// CHECK: return %[[MEAN]]
func.func @cross_entropy(%x: tensor<8x10xf32>, %l: tensor<8xi64>) -> tensor<f32> {
  %0 = kiln.cross_entropy %x, %l : (tensor<8x10xf32>, tensor<8xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// CHECK-LABEL: func.func @mse_sum
// CHECK: %[[D:.*]] = kiln.sub
// CHECK: %[[SQ:.*]] = kiln.mul %[[D]], %[[D]]
// CHECK: %[[S:.*]] = kiln.reduce_sum %[[SQ]] dims = [0, 1]
// CHECK: return %[[S]]
func.func @mse_sum(%p: tensor<8x4xf32>, %t: tensor<8x4xf32>) -> tensor<f32> {
  %0 = kiln.mse %p, %t reduction = sum : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Nesterov SGD without weight decay: no decay term at all.
// CHECK-LABEL: func.func @sgd
// CHECK-SAME: (%[[P:.*]]: tensor<4xf32>, %[[G:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-DAG: %[[LR:.*]] = kiln.constant dense<1.000000e-01> : tensor<f32>
// CHECK-DAG: %[[MOM:.*]] = kiln.constant dense<0.899999976> : tensor<f32>
// CHECK: %[[BM:.*]] = kiln.mul %[[B]], %[[MOM]]
// CHECK: %[[NB:.*]] = kiln.add %[[BM]], %[[G]]
// CHECK: %[[NBM:.*]] = kiln.mul %[[NB]], %[[MOM]]
// CHECK: %[[STEP:.*]] = kiln.add %[[G]], %[[NBM]]
// CHECK: %[[U:.*]] = kiln.mul %[[STEP]], %[[LR]]
// CHECK: %[[NP:.*]] = kiln.sub %[[P]], %[[U]]
// CHECK: return %[[NP]], %[[NB]]
func.func @sgd(%p: tensor<4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0, %1 = kiln.sgd %p, %g, %b lr = 0.1 momentum = 0.9 weight_decay = 0.0 nesterov : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// AdamW: decay, lerp, addcmul, then bias corrections from the step in f64.
// CHECK-LABEL: func.func @adamw
// CHECK-SAME: (%[[P:.*]]: tensor<4xf32>, %[[G:.*]]: tensor<4xf32>, %[[M:.*]]: tensor<4xf32>, %[[V:.*]]: tensor<4xf32>, %[[S:.*]]: tensor<i64>)
// CHECK: %[[PD:.*]] = kiln.mul %[[P]]
// CHECK: %[[GM:.*]] = kiln.sub %[[G]], %[[M]]
// CHECK: %[[LERP:.*]] = kiln.mul %[[GM]]
// CHECK: %[[NM:.*]] = kiln.add %[[M]], %[[LERP]]
// CHECK: %[[VB:.*]] = kiln.mul %[[V]]
// CHECK: %[[GG:.*]] = kiln.mul %[[G]], %[[G]]
// CHECK: %[[GGB:.*]] = kiln.mul %[[GG]]
// CHECK: %[[NV:.*]] = kiln.add %[[VB]], %[[GGB]]
// CHECK: %[[SF:.*]] = kiln.cast %[[S]] : tensor<i64> to tensor<f64>
// CHECK: kiln.pow %{{.*}}, %[[SF]] : tensor<f64>
// CHECK: kiln.pow %{{.*}}, %[[SF]] : tensor<f64>
// CHECK: %[[STEPSIZE:.*]] = kiln.cast %{{.*}} : tensor<f64> to tensor<f32>
// CHECK: %[[C2:.*]] = kiln.cast %{{.*}} : tensor<f64> to tensor<f32>
// CHECK: %[[SQ:.*]] = kiln.sqrt %[[NV]]
// CHECK: %[[DEN0:.*]] = kiln.div %[[SQ]], %[[C2]]
// CHECK: %[[DEN:.*]] = kiln.add %[[DEN0]]
// CHECK: %[[RATIO:.*]] = kiln.div %[[NM]], %[[DEN]]
// CHECK: %[[UPD:.*]] = kiln.mul %[[RATIO]], %[[STEPSIZE]]
// CHECK: %[[NP:.*]] = kiln.sub %[[PD]], %[[UPD]]
// CHECK: return %[[NP]], %[[NM]], %[[NV]]
func.func @adamw(%p: tensor<4xf32>, %g: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %s: tensor<i64>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0, %1, %2 = kiln.adamw %p, %g, %m, %v, %s lr = 1.0e-03 beta1 = 0.9 beta2 = 0.999 epsilon = 1.0e-08 weight_decay = 0.01 : tensor<4xf32>, tensor<i64>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
