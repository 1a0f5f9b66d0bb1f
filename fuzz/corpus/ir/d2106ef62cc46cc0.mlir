func.func @abs_of_booleans(%a: tensor<4xi1>) {
  %0 = kiln.abs %a : tensor<4xi1>
  return
}
