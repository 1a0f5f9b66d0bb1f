// kiln-shard-auto's refusals: where it cannot tell the mesh, malformed
// options, and a memory budget no plan meets.
// RUN: split-file %s %t
// RUN: not kiln-opt %t/none.mlir --kiln-shard-auto 2>&1 | FileCheck %s --check-prefix=NONE
// RUN: not kiln-opt %t/two.mlir --kiln-shard-auto 2>&1 | FileCheck %s --check-prefix=TWO
// RUN: not kiln-opt %t/two.mlir --kiln-shard-auto=mesh=other 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: kiln-opt %t/two.mlir --kiln-shard-auto=mesh=b 2>&1 | FileCheck %s --check-prefix=NAMED
// RUN: not kiln-opt %t/two.mlir --kiln-shard-auto="mesh=a memory-budget=50%" 2>&1 | FileCheck %s --check-prefix=PERCENT
// RUN: not kiln-opt %t/two.mlir --kiln-shard-auto="mesh=a solver=ilp" 2>&1 | FileCheck %s --check-prefix=SOLVER
// RUN: not kiln-opt %t/two.mlir --kiln-shard-auto="mesh=a memory-budget=100" 2>&1 | FileCheck %s --check-prefix=BUDGET
// RUN: not kiln-opt %t/two.mlir --kiln-shard-auto="mesh=a memory-budget=100 solver=greedy" 2>&1 | FileCheck %s --check-prefix=GREEDY

// NONE: error: kiln-shard-auto: the module declares no kiln.mesh; name one with mesh=NAME
// TWO: error: kiln-shard-auto: the module declares several meshes; name one with mesh=NAME
// UNKNOWN: error: kiln-shard-auto: no kiln.mesh @other
// NAMED: kiln shard auto: @f on @b ["y"=2]
// PERCENT: error: kiln-shard-auto: memory-budget '50%' is not a byte count (like 512MiB)
// SOLVER: for the --solver option: Cannot find option named 'ilp'!
// BUDGET: two.mlir:3:1: error: kiln-shard-auto: no plan fits the memory budget
// GREEDY: two.mlir:3:1: error: kiln-shard-auto: the greedy plan needs {{.*}} per device, over the budget of 100 B; try solver=milp

//--- none.mlir
func.func @f(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %y = kiln.relu %x : tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}
//--- two.mlir
kiln.mesh @a = <["x"=4]>
kiln.mesh @b = <["y"=2]>
func.func @f(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %y = kiln.relu %x : tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}
