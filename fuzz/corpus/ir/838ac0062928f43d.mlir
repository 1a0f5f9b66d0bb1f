func.func @shifts(%a: tensor<4xui8>, %n: tensor<4xui8>, %s: tensor<4xi8>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xi8>) {
  %0 = kiln.shift_left %a, %n : tensor<4xui8>
  %1 = kiln.shift_right %a, %n : tensor<4xui8>
  %2 = kiln.shift_right %s, %s : tensor<4xi8>
  return %0, %1, %2 : tensor<4xui8>, tensor<4xui8>, tensor<4xi8>
}
