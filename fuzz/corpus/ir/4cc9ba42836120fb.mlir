func.func @dynamic_shape(%a: tensor<?xf32>) {
  %0 = kiln.neg %a : tensor<?xf32>
  return
}
