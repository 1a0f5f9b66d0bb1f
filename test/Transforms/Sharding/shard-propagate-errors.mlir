// Propagation refuses what it cannot honour, with the place and the reason.
// RUN: kiln-opt %s --kiln-shard-propagate -split-input-file -verify-diagnostics
// RUN: not kiln-opt %s --kiln-shard-explain=report-file=%t.missing/dir/report.txt -split-input-file 2>&1 | FileCheck %s --check-prefix=FILE

kiln.mesh @a = <["x"=2]>
kiln.mesh @b = <["x"=2]>
func.func @two_meshes(%p: tensor<4xf32> {kiln.sharding = #kiln.sharding<@a, [{"x"}]>},
                      // expected-error @+1 {{shardings in one function must share a mesh: @b here, @a at}}
                      %q: tensor<4xf32> {kiln.sharding = #kiln.sharding<@b, [{"x"}]>}) -> tensor<4xf32> {
  %0 = kiln.add %p, %q : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// FILE: cannot open sharding report file '{{.*}}report.txt'
