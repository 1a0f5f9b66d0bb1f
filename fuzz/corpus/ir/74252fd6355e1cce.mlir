func.func @mesh_not_at_top() {
  kiln.mesh @mesh = <["x"=2]>
  return
}
