func.func @unsigned(%a: tensor<4xui8>, %b: tensor<4xui8>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>, tensor<4xui8>, tensor<4xui8>) {
  %0 = kiln.div %a, %b : tensor<4xui8>
  %1 = kiln.max %a, %b : tensor<4xui8>
  %2 = kiln.compare lt, %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %3 = kiln.cast %a : tensor<4xui8> to tensor<4xf32>
  %4 = kiln.cast %a : tensor<4xui8> to tensor<4xi32>
  %5 = kiln.cast %3 : tensor<4xf32> to tensor<4xui8>
  %6 = kiln.constant dense<7> : tensor<4xui8>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xui8>, tensor<4xui8>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>, tensor<4xui8>, tensor<4xui8>
}
