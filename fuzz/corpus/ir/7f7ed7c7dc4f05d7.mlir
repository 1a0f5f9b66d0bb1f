kiln.mesh @mesh = <["x"=2]> {bandwidth_gbps = array<f64: 0.0>}
