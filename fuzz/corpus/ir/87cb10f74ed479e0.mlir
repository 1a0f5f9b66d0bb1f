func.func @transformer_block(
    %x: tensor<2x64x128xf32> {kiln.name = "x"},
    %ln1_g: tensor<128xf32> {kiln.name = "ln1_g"},
    %ln1_b: tensor<128xf32> {kiln.name = "ln1_b"},
    %w_qkv: tensor<128x384xf32> {kiln.name = "w_qkv"},
    %b_qkv: tensor<384xf32> {kiln.name = "b_qkv"},
    %w_proj: tensor<128x128xf32> {kiln.name = "w_proj"},
    %b_proj: tensor<128xf32> {kiln.name = "b_proj"},
    %ln2_g: tensor<128xf32> {kiln.name = "ln2_g"},
    %ln2_b: tensor<128xf32> {kiln.name = "ln2_b"},
    %w_fc: tensor<128x512xf32> {kiln.name = "w_fc"},
    %b_fc: tensor<512xf32> {kiln.name = "b_fc"},
    %w_out: tensor<512x128xf32> {kiln.name = "w_out"},
    %b_out: tensor<128xf32> {kiln.name = "b_out"})
    -> (tensor<2x64x128xf32> {kiln.name = "y"}) {
  %ln1 = kiln.layer_norm %x scale %ln1_g bias %ln1_b axis = 2 epsilon = 1.0e-05 : (tensor<2x64x128xf32>, tensor<128xf32>, tensor<128xf32>) -> tensor<2x64x128xf32>
  %qkv0 = kiln.dot %ln1, %w_qkv, <batch = [] x [], contract = [2] x [0]> : (tensor<2x64x128xf32>, tensor<128x384xf32>) -> tensor<2x64x384xf32>
  %qkv = kiln.add %qkv0, %b_qkv : (tensor<2x64x384xf32>, tensor<384xf32>) -> tensor<2x64x384xf32>
  %q0, %k0, %v0 = kiln.split %qkv dim = 2 sizes = [128, 128, 128] : (tensor<2x64x384xf32>) -> (tensor<2x64x128xf32>, tensor<2x64x128xf32>, tensor<2x64x128xf32>)
  %q1 = kiln.reshape %q0 : (tensor<2x64x128xf32>) -> tensor<2x64x4x32xf32>
  %k1 = kiln.reshape %k0 : (tensor<2x64x128xf32>) -> tensor<2x64x4x32xf32>
  %v1 = kiln.reshape %v0 : (tensor<2x64x128xf32>) -> tensor<2x64x4x32xf32>
  %q = kiln.transpose %q1 permutation = [0, 2, 1, 3] : (tensor<2x64x4x32xf32>) -> tensor<2x4x64x32xf32>
  %k = kiln.transpose %k1 permutation = [0, 2, 1, 3] : (tensor<2x64x4x32xf32>) -> tensor<2x4x64x32xf32>
  %v = kiln.transpose %v1 permutation = [0, 2, 1, 3] : (tensor<2x64x4x32xf32>) -> tensor<2x4x64x32xf32>
  %att = kiln.attention %q, %k, %v causal : (tensor<2x4x64x32xf32>, tensor<2x4x64x32xf32>, tensor<2x4x64x32xf32>) -> tensor<2x4x64x32xf32>
  %att1 = kiln.transpose %att permutation = [0, 2, 1, 3] : (tensor<2x4x64x32xf32>) -> tensor<2x64x4x32xf32>
  %att2 = kiln.reshape %att1 : (tensor<2x64x4x32xf32>) -> tensor<2x64x128xf32>
  %proj0 = kiln.dot %att2, %w_proj, <batch = [] x [], contract = [2] x [0]> : (tensor<2x64x128xf32>, tensor<128x128xf32>) -> tensor<2x64x128xf32>
  %proj = kiln.add %proj0, %b_proj : (tensor<2x64x128xf32>, tensor<128xf32>) -> tensor<2x64x128xf32>
  %h = kiln.add %x, %proj : tensor<2x64x128xf32>
  %ln2 = kiln.layer_norm %h scale %ln2_g bias %ln2_b axis = 2 epsilon = 1.0e-05 : (tensor<2x64x128xf32>, tensor<128xf32>, tensor<128xf32>) -> tensor<2x64x128xf32>
  %fc0 = kiln.dot %ln2, %w_fc, <batch = [] x [], contract = [2] x [0]> : (tensor<2x64x128xf32>, tensor<128x512xf32>) -> tensor<2x64x512xf32>
  %fc = kiln.add %fc0, %b_fc : (tensor<2x64x512xf32>, tensor<512xf32>) -> tensor<2x64x512xf32>
  %act = kiln.gelu %fc : tensor<2x64x512xf32>
  %out0 = kiln.dot %act, %w_out, <batch = [] x [], contract = [2] x [0]> : (tensor<2x64x512xf32>, tensor<512x128xf32>) -> tensor<2x64x128xf32>
  %out = kiln.add %out0, %b_out : (tensor<2x64x128xf32>, tensor<128xf32>) -> tensor<2x64x128xf32>
  %y = kiln.add %h, %out : tensor<2x64x128xf32>
  return %y : tensor<2x64x128xf32>
}
