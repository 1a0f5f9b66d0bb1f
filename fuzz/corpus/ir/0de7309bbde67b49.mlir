kiln.mesh @mesh = <[]>
