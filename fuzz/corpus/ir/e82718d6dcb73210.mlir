module attributes {kiln.weights = [{offset = 0 : i64}]} {
}
