func.func @runtime_flag() attributes {kiln.runtime = 1 : i64} {
  return
}
