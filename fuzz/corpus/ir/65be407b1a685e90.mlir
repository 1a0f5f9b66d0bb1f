kiln.mesh @mesh = <["x"=0]>
