// Every verifier error of the kiln dialect, one per block.
// RUN: kiln-opt %s -split-input-file -verify-diagnostics

func.func @add_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{'kiln.add' op operand shapes do not broadcast: [2, 3] and [4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @add_mixed_elements(%a: tensor<4xf32>, %b: tensor<4xf16>) {
  // expected-error @+2 {{'kiln.add' op operands must have one element type, got 'f32' and 'f16'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.add %a, %b : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @add_wrong_result(%a: tensor<4x1xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{'kiln.add' op inferred type(s) 'tensor<4x3xf32>' are incompatible with return type(s) of operation 'tensor<4x1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.add %a, %b : (tensor<4x1xf32>, tensor<3xf32>) -> tensor<4x1xf32>
  return
}

// -----

func.func @exp_of_integers(%a: tensor<4xi32>) {
  // expected-error @+1 {{'kiln.exp' op operand #0 must be statically shaped tensor of}}
  %0 = kiln.exp %a : tensor<4xi32>
  return
}

// -----

func.func @dynamic_shape(%a: tensor<?xf32>) {
  // expected-error @+1 {{'kiln.neg' op operand #0 must be statically shaped tensor}}
  %0 = kiln.neg %a : tensor<?xf32>
  return
}

// -----

func.func @unsupported_element(%a: tensor<4xcomplex<f32>>) {
  // expected-error @+1 {{'kiln.relu' op operand #0 must be statically shaped tensor}}
  %0 = kiln.relu %a : tensor<4xcomplex<f32>>
  return
}

// -----

func.func @compare_mixed(%a: tensor<4xf32>, %b: tensor<4xi32>) {
  // expected-error @+2 {{'kiln.compare' op operands must have one element type, got 'f32' and 'i32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.compare eq, %a, %b : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xi1>
  return
}

// -----

func.func @select_mixed(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf16>) {
  // expected-error @+2 {{'kiln.select' op on_true and on_false must have one element type, got 'f32' and 'f16'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.select %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @select_condition_shape(%c: tensor<3xi1>, %a: tensor<4xf32>) {
  // expected-error @+2 {{'kiln.select' op operand shapes do not broadcast: [3] and [4] and [4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.select %c, %a, %a : (tensor<3xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @cast_reshapes(%a: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.cast' op changes the shape from [4] to [2, 2]; a cast only converts elements}}
  %0 = kiln.cast %a : tensor<4xf32> to tensor<2x2xf16>
  return
}

// -----

func.func @constant_type() {
  // expected-error @+1 {{'kiln.constant' op failed to verify that all of {value, result} have same type}}
  %0 = "kiln.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<3xf32>
  return
}

// -----

func.func @iota_dim() {
  // expected-error @+1 {{'kiln.iota' op dim 2 is outside [0, 2) for an operand of rank 2}}
  %0 = kiln.iota dim = 2 : tensor<4x4xi64>
  return
}

// -----

func.func @reshape_count(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.reshape' op cannot reshape [2, 3] (6 elements) to [7] (7 elements)}}
  %0 = kiln.reshape %a : (tensor<2x3xf32>) -> tensor<7xf32>
  return
}

// -----

func.func @reshape_element(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.reshape' op changes the element type from 'f32' to 'f16'; use kiln.cast}}
  %0 = kiln.reshape %a : (tensor<2x3xf32>) -> tensor<6xf16>
  return
}

// -----

func.func @transpose_length(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{'kiln.transpose' op permutation [0] has 1 entries for an operand of rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.transpose %a permutation = [0] : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @transpose_repeat(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{'kiln.transpose' op permutation [1, 1] repeats dimension 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.transpose %a permutation = [1, 1] : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @broadcast_incompatible(%a: tensor<3xf32>) {
  // expected-error @+1 {{'kiln.broadcast' op cannot broadcast [3] to [3, 4] (trailing dimensions must match or be 1)}}
  %0 = kiln.broadcast %a : (tensor<3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @slice_bounds(%a: tensor<4x6xf32>) {
  // expected-error @+2 {{'kiln.slice' op dimension 1 bounds 2:7 are not within 0 <= start <= limit <= 6}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.slice %a [0:4:1, 2:7:1] : (tensor<4x6xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @slice_stride(%a: tensor<4x6xf32>) {
  // expected-error @+2 {{'kiln.slice' op dimension 0 has stride 0; strides must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.slice %a [0:4:0, 0:6:1] : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return
}

// -----

func.func @slice_rank(%a: tensor<4x6xf32>) {
  // expected-error @+2 {{'kiln.slice' op needs 2 bounds for an operand of rank 2, got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.slice %a [0:4:1] : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return
}

// -----

func.func @concat_shapes(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) {
  // expected-error @+2 {{'kiln.concat' op input 1 has shape [3, 3] but input 0 has [2, 3]; they may differ only in dim 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.concat %a, %b dim = 1 : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_dim(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{'kiln.concat' op dim 2 is outside [0, 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.concat %a, %a dim = 2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @concat_elements(%a: tensor<2x3xf32>, %b: tensor<2x3xf16>) {
  // expected-error @+2 {{'kiln.concat' op input 1 has element type 'f16' but input 0 has 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.concat %a, %b dim = 0 : (tensor<2x3xf32>, tensor<2x3xf16>) -> tensor<4x3xf32>
  return
}

// -----

func.func @split_total(%a: tensor<2x5xf32>) {
  // expected-error @+2 {{'kiln.split' op sizes [2, 2] add up to 4 but dim 1 has size 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = kiln.split %a dim = 1 sizes = [2, 2] : (tensor<2x5xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>)
  return
}

// -----

func.func @split_zero(%a: tensor<2x5xf32>) {
  // expected-error @+2 {{'kiln.split' op sizes [5, 0] must be a non-empty list of positive sizes}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = kiln.split %a dim = 1 sizes = [5, 0] : (tensor<2x5xf32>) -> (tensor<2x5xf32>, tensor<2x0xf32>)
  return
}

// -----

func.func @pad_negative(%a: tensor<4xf32>) {
  // expected-error @+2 {{'kiln.pad' op padding amounts must be non-negative, got low [-1] high [0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.pad %a low = [-1] high = [0] value = 0.0 : f32 : (tensor<4xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @pad_value_type(%a: tensor<4xf32>) {
  // expected-error @+2 {{'kiln.pad' op padding value 0 : i32 does not have the element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.pad %a low = [1] high = [0] value = 0 : i32 : (tensor<4xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @gather_axis(%t: tensor<8x4xf32>, %i: tensor<3xi64>) {
  // expected-error @+2 {{'kiln.gather' op axis 2 is outside [0, 2) for data of rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.gather %t[%i] axis = 2 : (tensor<8x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @gather_float_indices(%t: tensor<8x4xf32>, %i: tensor<3xf32>) {
  // expected-error @+1 {{'kiln.gather' op operand #1 must be statically shaped tensor of 64-bit signless integer or 32-bit signless integer values}}
  %0 = kiln.gather %t[%i] axis = 0 : (tensor<8x4xf32>, tensor<3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @dot_batch_count(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) {
  // expected-error @+1 {{dot has 1 lhs batch dimensions but 0 rhs batch dimensions}}
  %0 = kiln.dot %a, %b, <batch = [0] x [], contract = [2] x [1]> : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  return
}

// -----

func.func @dot_repeated_dim(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>) {
  // expected-error @+1 {{dot lhs dimension 1 is listed twice}}
  %0 = kiln.dot %a, %b, <batch = [1] x [0], contract = [1] x [1]> : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @dot_contract_size(%a: tensor<3x4xf32>, %b: tensor<5x6xf32>) {
  // expected-error @+2 {{'kiln.dot' op contracting dimension pair 1 x 0 has sizes 4 and 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<3x4xf32>, tensor<5x6xf32>) -> tensor<3x6xf32>
  return
}

// -----

func.func @dot_dim_range(%a: tensor<3x4xf32>, %b: tensor<4x6xf32>) {
  // expected-error @+2 {{'kiln.dot' op rhs dimension 2 is outside [0, 2) for rhs of rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [2]> : (tensor<3x4xf32>, tensor<4x6xf32>) -> tensor<3x6xf32>
  return
}

// -----

func.func @dot_elements(%a: tensor<3x4xf32>, %b: tensor<4x6xbf16>) {
  // expected-error @+2 {{'kiln.dot' op operands must have one element type, got 'f32' and 'bf16'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<3x4xf32>, tensor<4x6xbf16>) -> tensor<3x6xf32>
  return
}

// -----

func.func @conv_rank(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'kiln.conv2d' op expects an NCHW input and an OIHW filter of rank 4, got ranks 3 and 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 1 : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return
}

// -----

func.func @conv_groups(%x: tensor<1x6x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+2 {{'kiln.conv2d' op groups 4 must be positive and divide both the input channels (6) and the filter count (4)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 4 : (tensor<1x6x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_channels(%x: tensor<1x6x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'kiln.conv2d' op filter has 3 input channels per group, but the input has 6 channels in 1 group(s)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 1 : (tensor<1x6x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_attribute_sizes(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'kiln.conv2d' op expects 2 dilation entries, 2 strides and 4 paddings, got 2, 1 and 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv2d %x, %w strides = [1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 1 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_too_small(%x: tensor<1x3x4x4xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'kiln.conv2d' op dilated filter [3, 3] does not fit the padded input [1, 3, 4, 4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [0, 0, 0, 0] dilations = [2, 2] groups = 1 : (tensor<1x3x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32>
  return
}

// -----

func.func @conv_negative_padding(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'kiln.conv2d' op padding must be non-negative, got [0, -1, 0, 0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [0, -1, 0, 0] dilations = [1, 1] groups = 1 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x5xf32>
  return
}

// -----

func.func @pool_window_fit(%x: tensor<1x3x2x2xf32>) {
  // expected-error @+2 {{'kiln.max_pool2d' op window [3, 3] does not fit the padded input [1, 3, 2, 2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.max_pool2d %x window = [3, 3] strides = [1, 1] padding = [0, 0, 0, 0] : (tensor<1x3x2x2xf32>) -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @pool_padding(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+2 {{'kiln.avg_pool2d' op padding [2, 0, 0, 0] must be smaller than the window [2, 2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.avg_pool2d %x window = [2, 2] strides = [2, 2] padding = [2, 0, 0, 0] : (tensor<1x3x8x8xf32>) -> tensor<1x3x5x4xf32>
  return
}

// -----

func.func @pool_rank(%x: tensor<3x8x8xf32>) {
  // expected-error @+2 {{'kiln.max_pool2d' op expects an NCHW input of rank 4, got rank 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.max_pool2d %x window = [2, 2] strides = [2, 2] padding = [0, 0, 0, 0] : (tensor<3x8x8xf32>) -> tensor<3x4x4xf32>
  return
}

// -----

func.func @global_pool_rank(%x: tensor<3x8x8xf32>) {
  // expected-error @+2 {{'kiln.global_avg_pool2d' op expects an NCHW input of rank 4, got rank 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.global_avg_pool2d %x : (tensor<3x8x8xf32>) -> tensor<3x1x1xf32>
  return
}

// -----

func.func @reduce_range(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{'kiln.reduce_sum' op dims [2] has dimension 2 outside [0, 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reduce_sum %x dims = [2] : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_repeat(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{'kiln.reduce_max' op dims [1, 1] repeats dimension 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reduce_max %x dims = [1, 1] : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_result(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{'kiln.reduce_min' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<4x1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reduce_min %x dims = [1] : (tensor<4x8xf32>) -> tensor<4x1xf32>
  return
}

// -----

func.func @reduce_mean_integers(%x: tensor<4x8xi32>) {
  // expected-error @+1 {{'kiln.reduce_mean' op operand #0 must be statically shaped tensor of}}
  %0 = kiln.reduce_mean %x dims = [1] : (tensor<4x8xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @argmax_dim(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'kiln.argmax' op dim 3 is outside [0, 2) for an operand of rank 2}}
  %0 = kiln.argmax %x dim = 3 : (tensor<4x8xf32>) -> tensor<4xi64>
  return
}

// -----

func.func @argmax_result(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'kiln.argmax' op result type 'tensor<8xi64>' should be 'tensor<4xi64>'}}
  %0 = kiln.argmax %x dim = 1 : (tensor<4x8xf32>) -> tensor<8xi64>
  return
}

// -----

func.func @softmax_dim(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'kiln.softmax' op dim 2 is outside [0, 2) for an operand of rank 2}}
  %0 = kiln.softmax %x dim = 2 : tensor<4x8xf32>
  return
}

// -----

func.func @layer_norm_scale(%x: tensor<2x16x64xf32>, %g: tensor<32xf32>) {
  // expected-error @+1 {{'kiln.layer_norm' op scale has type 'tensor<32xf32>' but normalizing dims 2..2 of 'tensor<2x16x64xf32>' needs shape [64] of 'f32'}}
  %0 = kiln.layer_norm %x scale %g axis = 2 epsilon = 1.0e-05 : (tensor<2x16x64xf32>, tensor<32xf32>) -> tensor<2x16x64xf32>
  return
}

// -----

func.func @layer_norm_axis(%x: tensor<2x16x64xf32>) {
  // expected-error @+1 {{'kiln.layer_norm' op axis 3 is outside [0, 3) for an operand of rank 3}}
  %0 = kiln.layer_norm %x axis = 3 epsilon = 1.0e-05 : (tensor<2x16x64xf32>) -> tensor<2x16x64xf32>
  return
}

// -----

func.func @layer_norm_epsilon(%x: tensor<2x16x64xf32>) {
  // expected-error @+1 {{'kiln.layer_norm' op epsilon must be positive, got 0}}
  %0 = kiln.layer_norm %x axis = 2 epsilon = 0.0 : (tensor<2x16x64xf32>) -> tensor<2x16x64xf32>
  return
}

// -----

func.func @rms_norm_element(%x: tensor<2x64xf32>, %g: tensor<64xf16>) {
  // expected-error @+1 {{'kiln.rms_norm' op scale has type 'tensor<64xf16>' but normalizing dims 1..1 of 'tensor<2x64xf32>' needs shape [64] of 'f32'}}
  %0 = kiln.rms_norm %x scale %g axis = 1 epsilon = 1.0e-06 : (tensor<2x64xf32>, tensor<64xf16>) -> tensor<2x64xf32>
  return
}

// -----

func.func @batch_norm_channels(%x: tensor<1x8x4x4xf32>, %c: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.batch_norm' op scale, bias, mean and variance have type 'tensor<4xf32>' but the input's 8 channels need 'tensor<8xf32>'}}
  %0 = kiln.batch_norm %x, %c, %c, %c, %c epsilon = 1.0e-05 : (tensor<1x8x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @batch_norm_rank(%x: tensor<8xf32>, %c: tensor<8xf32>) {
  // expected-error @+1 {{'kiln.batch_norm' op expects an [N, C, ...] input of rank >= 2, got 'tensor<8xf32>'}}
  %0 = kiln.batch_norm %x, %c, %c, %c, %c epsilon = 1.0e-05 : (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @attention_heads(%q: tensor<1x6x4x8xf32>, %kv: tensor<1x4x4x8xf32>) {
  // expected-error @+2 {{'kiln.attention' op key/value heads (4) must divide query heads (6)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.attention %q, %kv, %kv : (tensor<1x6x4x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x6x4x8xf32>
  return
}

// -----

func.func @attention_head_dim(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x16xf32>) {
  // expected-error @+2 {{'kiln.attention' op query head_dim 8 differs from key head_dim 16}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.attention %q, %k, %k : (tensor<1x2x4x8xf32>, tensor<1x2x4x16xf32>, tensor<1x2x4x16xf32>) -> tensor<1x2x4x16xf32>
  return
}

// -----

func.func @attention_mask_shape(%q: tensor<1x2x4x8xf32>, %m: tensor<3x4xi1>) {
  // expected-error @+2 {{'kiln.attention' op mask shape [3, 4] does not broadcast to the scores' shape [1, 2, 4, 4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.attention %q, %q, %q mask %m : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<3x4xi1>) -> tensor<1x2x4x8xf32>
  return
}

// -----

func.func @attention_mask_element(%q: tensor<1x2x4x8xf32>, %m: tensor<4x4xf16>) {
  // expected-error @+2 {{'kiln.attention' op mask element type 'f16' must be i1 or the query's 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.attention %q, %q, %q mask %m : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<4x4xf16>) -> tensor<1x2x4x8xf32>
  return
}

// -----

func.func @attention_grad_lse(%q: tensor<1x2x4x8xf16>, %lse: tensor<1x2x4xf16>) {
  // expected-error @+2 {{'kiln.attention_grad' op lse must be 'tensor<1x2x4xf32>' (the forward's), got 'tensor<1x2x4xf16>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = kiln.attention_grad %q, %q, %q, %q, %lse, %q : (tensor<1x2x4x8xf16>, tensor<1x2x4x8xf16>, tensor<1x2x4x8xf16>, tensor<1x2x4x8xf16>, tensor<1x2x4xf16>, tensor<1x2x4x8xf16>) -> (tensor<1x2x4x8xf16>, tensor<1x2x4x8xf16>, tensor<1x2x4x8xf16>)
  return
}

// -----

func.func @attention_grad_output(%q: tensor<1x2x4x8xf32>, %o: tensor<1x2x4x4xf32>, %lse: tensor<1x2x4xf32>) {
  // expected-error @+2 {{'kiln.attention_grad' op output must be 'tensor<1x2x4x8xf32>' (the forward's), got 'tensor<1x2x4x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = kiln.attention_grad %q, %q, %q, %o, %lse, %q : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4x8xf32>) -> (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>)
  return
}

// -----

func.func @attention_lse_heads(%q: tensor<1x6x4x8xf32>, %kv: tensor<1x4x4x8xf32>) {
  // expected-error @+2 {{'kiln.attention_lse' op key/value heads (4) must divide query heads (6)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = kiln.attention_lse %q, %kv, %kv : (tensor<1x6x4x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> (tensor<1x6x4x8xf32>, tensor<1x6x4xf32>)
  return
}

// -----

func.func @attention_batch(%q: tensor<1x2x4x8xf32>, %k: tensor<2x2x4x8xf32>) {
  // expected-error @+2 {{'kiln.attention' op batch sizes differ: query 1, key 2, value 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.attention %q, %k, %k : (tensor<1x2x4x8xf32>, tensor<2x2x4x8xf32>, tensor<2x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  return
}

// -----

func.func @attention_rank(%q: tensor<2x4x8xf32>) {
  // expected-error @+2 {{'kiln.attention' op expects [batch, heads, seq, head_dim] operands of rank 4, got ranks 3, 3, 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.attention %q, %q, %q : (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @attention_scale(%q: tensor<1x2x4x8xf32>) {
  // expected-error @+2 {{'kiln.attention' op scale must be positive, got -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.attention %q, %q, %q scale = -1.0 : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  return
}

// -----

func.func @attention_kv_seq(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x6x8xf32>, %v: tensor<1x2x5x8xf32>) {
  // expected-error @+2 {{'kiln.attention' op key sequence length 6 differs from value's 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.attention %q, %k, %v : (tensor<1x2x4x8xf32>, tensor<1x2x6x8xf32>, tensor<1x2x5x8xf32>) -> tensor<1x2x4x8xf32>
  return
}

// -----

func.func @cross_entropy_labels(%l: tensor<8x10xf32>, %y: tensor<10xi64>) {
  // expected-error @+2 {{'kiln.cross_entropy' op labels of shape [10] must have the leading shape of logits [8, 10] (all but the class dimension)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.cross_entropy %l, %y : (tensor<8x10xf32>, tensor<10xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_float_labels(%l: tensor<8x10xf32>, %y: tensor<8xf32>) {
  // expected-error @+1 {{'kiln.cross_entropy' op operand #1 must be statically shaped tensor of 64-bit signless integer or 32-bit signless integer values}}
  %0 = kiln.cross_entropy %l, %y : (tensor<8x10xf32>, tensor<8xf32>) -> tensor<f32>
  return
}

// -----

func.func @mse_types(%p: tensor<8xf32>, %t: tensor<4xf32>) {
  // expected-error @+2 {{'kiln.mse' op prediction 'tensor<8xf32>' and target 'tensor<4xf32>' must have one type}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.mse %p, %t : (tensor<8xf32>, tensor<4xf32>) -> tensor<f32>
  return
}

// -----

func.func @sgd_momentum(%p: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.sgd' op momentum = 1.5 is outside [0, 1]}}
  %0:2 = kiln.sgd %p, %p, %p lr = 0.1 momentum = 1.5 weight_decay = 0.0 : tensor<4xf32>
  return
}

// -----

func.func @sgd_types(%p: tensor<4xf32>, %g: tensor<4xf16>) {
  // expected-error @+1 {{'kiln.sgd' op failed to verify that all of {param, grad, momentum_buffer, new_param, new_momentum_buffer} have same type}}
  %0:2 = "kiln.sgd"(%p, %g, %p) {lr = 0.1 : f32, momentum = 0.9 : f32, weight_decay = 0.0 : f32} : (tensor<4xf32>, tensor<4xf16>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @adamw_beta(%p: tensor<4xf32>, %s: tensor<i64>) {
  // expected-error @+1 {{'kiln.adamw' op beta1 = 1 is outside [0, 1)}}
  %0:3 = kiln.adamw %p, %p, %p, %p, %s lr = 0.001 beta1 = 1.0 beta2 = 0.999 epsilon = 1.0e-8 weight_decay = 0.01 : tensor<4xf32>, tensor<i64>
  return
}

// -----

func.func @adamw_epsilon(%p: tensor<4xf32>, %s: tensor<i64>) {
  // expected-error @+1 {{'kiln.adamw' op epsilon = 0 must be positive}}
  %0:3 = kiln.adamw %p, %p, %p, %p, %s lr = 0.001 beta1 = 0.9 beta2 = 0.999 epsilon = 0.0 weight_decay = 0.01 : tensor<4xf32>, tensor<i64>
  return
}

// -----

func.func @adamw_step(%p: tensor<4xf32>, %s: tensor<1xi64>) {
  // expected-error @+1 {{'kiln.adamw' op operand #4 must be 0D tensor of 64-bit signless integer values}}
  %0:3 = kiln.adamw %p, %p, %p, %p, %s lr = 0.001 beta1 = 0.9 beta2 = 0.999 epsilon = 1.0e-8 weight_decay = 0.01 : tensor<4xf32>, tensor<1xi64>
  return
}


// -----

func.func @log_of_integers(%a: tensor<4xi8>) {
  // expected-error @+1 {{'kiln.log' op operand #0 must be statically shaped tensor of 64-bit float or 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = kiln.log %a : tensor<4xi8>
  return
}

// -----

func.func @sqrt_of_integers(%a: tensor<4xi8>) {
  // expected-error @+1 {{'kiln.sqrt' op operand #0 must be statically shaped tensor of 64-bit float or 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = kiln.sqrt %a : tensor<4xi8>
  return
}

// -----

func.func @rsqrt_of_integers(%a: tensor<4xi8>) {
  // expected-error @+1 {{'kiln.rsqrt' op operand #0 must be statically shaped tensor of 64-bit float or 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = kiln.rsqrt %a : tensor<4xi8>
  return
}

// -----

func.func @tanh_of_integers(%a: tensor<4xi8>) {
  // expected-error @+1 {{'kiln.tanh' op operand #0 must be statically shaped tensor of 64-bit float or 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = kiln.tanh %a : tensor<4xi8>
  return
}

// -----

func.func @sigmoid_of_integers(%a: tensor<4xi8>) {
  // expected-error @+1 {{'kiln.sigmoid' op operand #0 must be statically shaped tensor of 64-bit float or 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = kiln.sigmoid %a : tensor<4xi8>
  return
}

// -----

func.func @silu_of_integers(%a: tensor<4xi8>) {
  // expected-error @+1 {{'kiln.silu' op operand #0 must be statically shaped tensor of 64-bit float or 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = kiln.silu %a : tensor<4xi8>
  return
}

// -----

func.func @erf_of_integers(%a: tensor<4xi8>) {
  // expected-error @+1 {{'kiln.erf' op operand #0 must be statically shaped tensor of 64-bit float or 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = kiln.erf %a : tensor<4xi8>
  return
}

// -----

func.func @gelu_of_integers(%a: tensor<4xi8>) {
  // expected-error @+1 {{'kiln.gelu' op operand #0 must be statically shaped tensor of 64-bit float or 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = kiln.gelu %a : tensor<4xi8>
  return
}

// -----

func.func @abs_of_booleans(%a: tensor<4xi1>) {
  // expected-error @+1 {{'kiln.abs' op operand #0 must be statically shaped tensor of}}
  %0 = kiln.abs %a : tensor<4xi1>
  return
}

// -----

func.func @sub_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+2 {{'kiln.sub' op operand shapes do not broadcast: [2, 3] and [2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.sub %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @mul_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+2 {{'kiln.mul' op operand shapes do not broadcast: [2, 3] and [2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.mul %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @div_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+2 {{'kiln.div' op operand shapes do not broadcast: [2, 3] and [2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.div %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @max_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+2 {{'kiln.max' op operand shapes do not broadcast: [2, 3] and [2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.max %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @min_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+2 {{'kiln.min' op operand shapes do not broadcast: [2, 3] and [2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.min %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @pow_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+2 {{'kiln.pow' op operand shapes do not broadcast: [2, 3] and [2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.pow %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @reduce_prod_range(%x: tensor<4x8xi32>) {
  // expected-error @+2 {{'kiln.reduce_prod' op dims [-1] has dimension -1 outside [0, 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.reduce_prod %x dims = [-1] : (tensor<4x8xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @log_softmax_dim(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'kiln.log_softmax' op dim -1 is outside [0, 2) for an operand of rank 2}}
  %0 = kiln.log_softmax %x dim = -1 : tensor<4x8xf32>
  return
}

// -----

func.func @iota_of_booleans() {
  // expected-error @+1 {{'kiln.iota' op result #0 must be statically shaped tensor of}}
  %0 = kiln.iota dim = 0 : tensor<4xi1>
  return
}

// -----

func.func @conv_zero_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'kiln.conv2d' op dilation and strides must be positive, got dilation [1, 1] strides [0, 1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.conv2d %x, %w strides = [0, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 1 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @pool_attribute_sizes(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+2 {{'kiln.max_pool2d' op expects 2 window entries, 2 strides and 4 paddings, got 2, 2 and 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = kiln.max_pool2d %x window = [2, 2] strides = [2, 2] padding = [0, 0] : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @gather_elements_rank(%x: tensor<4x8xf32>, %i: tensor<4xi64>) {
  // expected-error @+1 {{'kiln.gather_elements' op indices of rank 1 must have the rank of data, 2}}
  %0 = kiln.gather_elements %x[%i] axis = 1 : (tensor<4x8xf32>, tensor<4xi64>) -> tensor<4xf32>
  return
}

// -----

func.func @gather_elements_larger(%x: tensor<4x8xf32>, %i: tensor<5x2xi64>) {
  // expected-error @+1 {{'kiln.gather_elements' op indices dimension 0 (5) is larger than data's (4)}}
  %0 = kiln.gather_elements %x[%i] axis = 1 : (tensor<4x8xf32>, tensor<5x2xi64>) -> tensor<5x2xf32>
  return
}

// -----

func.func @gather_elements_result(%x: tensor<4x8xf32>, %i: tensor<4x2xi64>) {
  // expected-error @+1 {{'kiln.gather_elements' op result type 'tensor<4x2xi64>' should be 'tensor<4x2xf32>'}}
  %0 = kiln.gather_elements %x[%i] axis = 1 : (tensor<4x8xf32>, tensor<4x2xi64>) -> tensor<4x2xi64>
  return
}

// -----

func.func @scatter_elements_axis(%x: tensor<4x8xf32>, %i: tensor<4x2xi64>, %u: tensor<4x2xf32>) {
  // expected-error @+1 {{'kiln.scatter_elements' op axis 2 is outside [0, 2) for data of rank 2}}
  %0 = kiln.scatter_elements %x[%i] = %u axis = 2 reduction = none : (tensor<4x8xf32>, tensor<4x2xi64>, tensor<4x2xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @scatter_elements_shapes(%x: tensor<4x8xf32>, %i: tensor<4x3xi64>, %u: tensor<4x2xf32>) {
  // expected-error @+1 {{'kiln.scatter_elements' op indices 'tensor<4x3xi64>' and updates 'tensor<4x2xf32>' must have one shape}}
  %0 = kiln.scatter_elements %x[%i] = %u axis = 1 reduction = none : (tensor<4x8xf32>, tensor<4x3xi64>, tensor<4x2xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @scatter_elements_larger(%x: tensor<4x8xf32>, %i: tensor<5x2xi64>, %u: tensor<5x2xf32>) {
  // expected-error @+1 {{'kiln.scatter_elements' op updates dimension 0 (5) is larger than data's (4)}}
  %0 = kiln.scatter_elements %x[%i] = %u axis = 1 reduction = none : (tensor<4x8xf32>, tensor<5x2xi64>, tensor<5x2xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @scatter_elements_result(%x: tensor<4x8xf32>, %i: tensor<4x2xi64>, %u: tensor<4x2xf32>) {
  // expected-error @+1 {{'kiln.scatter_elements' op result type 'tensor<4x8xf64>' should be data's, 'tensor<4x8xf32>'}}
  %0 = kiln.scatter_elements %x[%i] = %u axis = 1 reduction = none : (tensor<4x8xf32>, tensor<4x2xi64>, tensor<4x2xf32>) -> tensor<4x8xf64>
  return
}

// -----

func.func @scatter_elements_bool_add(%x: tensor<4x8xi1>, %i: tensor<4x2xi64>, %u: tensor<4x2xi1>) {
  // expected-error @+1 {{'kiln.scatter_elements' op reduction add needs numeric elements, not i1}}
  %0 = kiln.scatter_elements %x[%i] = %u axis = 1 reduction = add : (tensor<4x8xi1>, tensor<4x2xi64>, tensor<4x2xi1>) -> tensor<4x8xi1>
  return
}

// -----

func.func @shift_float(%x: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.shift_left' op operand #0 must be statically shaped tensor of}}
  %0 = kiln.shift_left %x, %x : tensor<4xf32>
  return
}

// -----

func.func @not_float(%x: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.not' op operand #0 must be statically shaped tensor of}}
  %0 = kiln.not %x : tensor<4xf32>
  return
}
