// Every verifier error of meshes, shardings and sharding constraints, one
// per block.
// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{mesh axis "x" appears twice}}
kiln.mesh @mesh = <["x"=2, "x"=4]>

// -----

// expected-error @+1 {{mesh axis "x" has size 0; sizes must be positive}}
kiln.mesh @mesh = <["x"=0]>

// -----

// expected-error @+1 {{a mesh needs at least one axis}}
kiln.mesh @mesh = <[]>

// -----

// expected-error @+1 {{'kiln.mesh' op 'latency_us' has 1 entries but the mesh has 2 axes}}
kiln.mesh @mesh = <["x"=2, "y"=2]> {latency_us = array<f64: 1.0>}

// -----

// expected-error @+1 {{'kiln.mesh' op 'bandwidth_gbps' entries must be positive}}
kiln.mesh @mesh = <["x"=2]> {bandwidth_gbps = array<f64: 0.0>}

// -----

func.func @mesh_not_at_top() {
  // expected-error @+1 {{'kiln.mesh' op expects parent op 'builtin.module'}}
  kiln.mesh @mesh = <["x"=2]>
  return
}

// -----

kiln.mesh @mesh = <["x"=2, "y"=2]>
// expected-error @+1 {{mesh axis "x" is used twice (again in dimension 1)}}
func.func @axis_twice(%a: tensor<4x4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}, {"y", "x"}]>}) {
  return
}

// -----

kiln.mesh @mesh = <["x"=2, "y"=2]>
// expected-error @+1 {{mesh axis "y" is used twice (again in 'unreduced')}}
func.func @axis_split_and_unreduced(%a: tensor<4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"y"}], unreduced={"y"}>}) {
  return
}

// -----

kiln.mesh @mesh = <["x"=2]>
// expected-error @+1 {{expected 'replicated' or 'unreduced', got 'partial'}}
func.func @bad_keyword(%a: tensor<4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}], partial={"x"}>}) {
  return
}

// -----

kiln.mesh @mesh = <["x"=2]>
// expected-error @+1 {{expected a priority 'p<N>' after a dimension sharding}}
func.func @bad_priority(%a: tensor<4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}q1]>}) {
  return
}

// -----

kiln.mesh @mesh = <["x"=2]>
// expected-error @+1 {{'func.func' op sharding of argument 0: sharding has 1 dimensions but the tensor 'tensor<4x4xf32>' has rank 2}}
func.func @wrong_rank(%a: tensor<4x4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}]>}) {
  return
}

// -----

kiln.mesh @mesh = <["x"=2]>
// expected-error @+1 {{'func.func' op sharding of result 0: mesh @mesh has no axis "z"}}
func.func @unknown_axis(%a: tensor<4xf32>) -> (tensor<4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"z"}]>}) {
  return %a : tensor<4xf32>
}

// -----

// expected-error @+1 {{'func.func' op sharding of argument 0 refers to an unknown mesh @nowhere}}
func.func @unknown_mesh(%a: tensor<4xf32> {kiln.sharding = #kiln.sharding<@nowhere, [{}]>}) {
  return
}

// -----

kiln.mesh @mesh = <["x"=2]>
// expected-error @+1 {{'func.func' op 'kiln.sharding' of argument 0 must be a #kiln.sharding}}
func.func @not_a_sharding(%a: tensor<4xf32> {kiln.sharding = 3 : i64}) {
  return
}

// -----

kiln.mesh @mesh = <["x"=2]>
func.func @per_value_count(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.neg' op has 2 result shardings but 1 results}}
  %0 = kiln.neg %a {kiln.sharding = #kiln.sharding_per_value<[<@mesh, [{}]>, <@mesh, [{}]>]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

kiln.mesh @mesh = <["x"=2]>
func.func @per_value_kind(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.neg' op 'kiln.sharding' must be a #kiln.sharding_per_value}}
  %0 = kiln.neg %a {kiln.sharding = #kiln.sharding<@mesh, [{}]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

kiln.mesh @mesh = <["x"=2]>
func.func @constraint_rank(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.sharding_constraint' op sharding of the constraint: sharding has 2 dimensions but the tensor 'tensor<4xf32>' has rank 1}}
  %0 = kiln.sharding_constraint %a <@mesh, [{}, {}]> : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

kiln.mesh @mesh = <["x"=2]>
func.func @manual_count(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.manual_computation' op has 0 in_shardings for 1 operands}}
  %0 = kiln.manual_computation(%a) in_shardings = [] out_shardings = [<@mesh, [{"x"}]>] {
  ^bb0(%l: tensor<2xf32>):
    kiln.yield %l : tensor<2xf32>
  } : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

kiln.mesh @mesh = <["x"=2]>
func.func @manual_local_type(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.manual_computation' op operand 0: the body's block is 'tensor<4xf32>' but the sharding gives 'tensor<2xf32>'}}
  %0 = kiln.manual_computation(%a) in_shardings = [<@mesh, [{"x"}]>] out_shardings = [<@mesh, [{}]>] {
  ^bb0(%l: tensor<4xf32>):
    kiln.yield %l : tensor<4xf32>
  } : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

kiln.mesh @mesh = <["x"=2]>
func.func @manual_result_type(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.manual_computation' op result 0: the body's block is 'tensor<2xf32>' but the sharding gives 'tensor<4xf32>'}}
  %0 = kiln.manual_computation(%a) in_shardings = [<@mesh, [{"x"}]>] out_shardings = [<@mesh, [{}]>] {
  ^bb0(%l: tensor<2xf32>):
    kiln.yield %l : tensor<2xf32>
  } : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

kiln.mesh @mesh = <["x"=2]>
func.func @manual_uneven(%a: tensor<5xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{'kiln.manual_computation' op operand 0: dim 0 of size 5 does not split evenly into 2 blocks}}
  %0 = kiln.manual_computation(%a) in_shardings = [<@mesh, [{"x"}]>] out_shardings = [<@mesh, [{}]>] {
  ^bb0(%l: tensor<3xf32>):
    kiln.yield %a : tensor<5xf32>
  } : (tensor<5xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

kiln.mesh @mesh = <["x"=2]>
func.func @manual_open(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.manual_computation' op operand 0: dim 0 is open; a manual region needs closed dims}}
  %0 = kiln.manual_computation(%a) in_shardings = [<@mesh, [{"x", ?}]>] out_shardings = [<@mesh, [{}]>] {
  ^bb0(%l: tensor<2xf32>):
    kiln.yield %a : tensor<4xf32>
  } : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

kiln.mesh @mesh = <["x"=2]>
kiln.mesh @other = <["y"=2]>
func.func @manual_meshes(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.manual_computation' op result 0 is on mesh @other but the others on @mesh}}
  %0 = kiln.manual_computation(%a) in_shardings = [<@mesh, [{"x"}]>] out_shardings = [<@other, [{"y"}]>] {
  ^bb0(%l: tensor<2xf32>):
    kiln.yield %l : tensor<2xf32>
  } : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @yield_outside(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.yield' op expects parent op 'kiln.manual_computation'}}
  kiln.yield %a : tensor<4xf32>
}

// -----

shard.grid @grid(shape = 2)
func.func @permute_not_permutation(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.collective_permute' op sources must be a permutation of the 2 devices}}
  %0 = kiln.collective_permute %a on @grid sources = [1, 1] : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

shard.grid @grid(shape = 2x2)
func.func @permute_count(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.collective_permute' op has 2 sources but grid @grid has 4 devices}}
  %0 = kiln.collective_permute %a on @grid sources = [1, 0] : tensor<4xf32>
  return %0 : tensor<4xf32>
}
