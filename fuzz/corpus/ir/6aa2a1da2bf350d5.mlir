func.func @negative_arena() attributes {kiln.arena_bytes = -4 : i64} {
  return
}
