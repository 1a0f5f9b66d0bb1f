kiln.mesh @mesh = <["x"=2, "y"=2]> {latency_us = array<f64: 1.0>}
