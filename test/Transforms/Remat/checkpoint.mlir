// RUN: kiln-opt %s --kiln-remat="solver=checkpoint-sqrt function=step" 2>%t.sqrt | FileCheck %s --check-prefix=SQRT
// RUN: FileCheck %s --check-prefix=SQRT-REPORT < %t.sqrt
// RUN: kiln-opt %s --kiln-remat="solver=checkpoint-layers function=step" 2>%t.layers | FileCheck %s --check-prefix=LAYERS
// RUN: FileCheck %s --check-prefix=LAYERS-REPORT < %t.layers
// RUN: kiln-opt %s --kiln-remat="function=step budget=12300 solver=milp" 2>%t.milp | FileCheck %s --check-prefix=MILP
// RUN: FileCheck %s --check-prefix=MILP-REPORT < %t.milp
// RUN: not kiln-opt %s --kiln-remat="function=step budget=12300 solver=greedy" --mlir-print-op-on-diagnostic=false -o /dev/null 2>&1 | FileCheck %s --check-prefix=GREEDY
// RUN: kiln-opt %s --kiln-remat="function=step budget=12300" -o /dev/null 2>&1 | FileCheck %s --check-prefix=AUTO
// RUN: not kiln-opt %s --kiln-remat="solver=checkpoint-sqrt function=inference" --mlir-print-op-on-diagnostic=false -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOLOSS

// The checkpointing baselines on a hand-made training step: a forward
// chain a..d of two layers, the loss l, and a backward pass that reads a,
// b, c and d again (every tensor 4 KiB). The forward pass ends with the
// loss (op 4), the only result that is not a donated update.
//
// sqrt(n): 5 forward ops, segments of ceil(sqrt(5)) = 3: {a, b, c} and
// {d, l}. c is read by the second segment and l is returned: both are
// kept. The first backward read of segment 2 is op 5 (d): tanh(c) is
// rebuilt there from the kept c. Segment 1's is op 6 (b): exp and tanh
// are rebuilt there from %x, and op 7 reads the rebuilt a.
// SQRT-LABEL: func.func @step
// SQRT: %[[A:.*]] = kiln.exp %[[X:[^ ]*]] : tensor<1024xf32>
// SQRT: %[[C:.*]] = kiln.exp
// SQRT: %[[L:.*]] = kiln.reduce_sum
// SQRT-NEXT: %[[CB:.*]] = kiln.optimization_barrier %[[C]]
// SQRT-NEXT: %[[D2:.*]] = kiln.tanh %[[CB]] {kiln.remat}
// SQRT-NEXT: %[[E:.*]] = kiln.mul %[[D2]], %[[C]]
// SQRT-NEXT: %[[XB:.*]] = kiln.optimization_barrier %[[X]]
// SQRT-NEXT: %[[A2:.*]] = kiln.exp %[[XB]] {kiln.remat}
// SQRT-NEXT: %[[B2:.*]] = kiln.tanh %[[A2]] {kiln.remat}
// SQRT-NEXT: %[[F:.*]] = kiln.mul %[[E]], %[[B2]]
// SQRT-NEXT: kiln.mul %[[F]], %[[A2]]
// SQRT-REPORT: kiln remat: @step: scratch peak {{[0-9]+}} -> {{[0-9]+}} bytes ({{[0-9]+}} resident); checkpoint-sqrt in {{.*}} s; 3 ops recomputed

// Layers (from the ONNX node names): {a, b} in /blocks.0, {c, d} in
// /blocks.1, the loss outside. b and d cross a layer boundary and are
// kept; a is rebuilt from %x before op 7, c from b before op 5.
// LAYERS-LABEL: func.func @step
// LAYERS: %[[B:.*]] = kiln.tanh
// LAYERS: kiln.reduce_sum
// LAYERS-NEXT: %[[BB:.*]] = kiln.optimization_barrier %[[B]]
// LAYERS-NEXT: %[[C2:.*]] = kiln.exp %[[BB]] {kiln.remat}
// LAYERS-NEXT: kiln.mul %{{.*}}, %[[C2]]
// LAYERS-NEXT: kiln.mul %{{.*}}, %[[B]]
// LAYERS-NEXT: kiln.optimization_barrier
// LAYERS-NEXT: %[[A2:.*]] = kiln.exp %{{.*}} {kiln.remat}
// LAYERS-NEXT: kiln.mul %{{.*}}, %[[A2]]
// LAYERS-REPORT: kiln remat: @step: scratch peak {{[0-9]+}} -> {{[0-9]+}} bytes ({{[0-9]+}} resident); checkpoint-layers in {{.*}} s; 2 ops recomputed
// Scratch budget 12300 bytes: at op 5 (e = d * c), a, b, c, d and e are
// live (20484 bytes with l); only three 4 KiB tensors and l fit. The
// integer program drops a over ops 2-6 (rebuilt from %x before op 7) and b
// over ops 3-5 (rebuilt before op 6, where a is gone too: exp then tanh
// from %x), 3 ops in all; the peak is then 12292 (op 6: e, b, and the
// rebuilt a feeding tanh). The greedy pass gets stuck at 16388 (its one
// tensor at a time must each lower the peak), and auto keeps the integer
// program's answer.
// MILP-LABEL: func.func @step
// MILP: kiln.reduce_sum
// MILP-NEXT: %[[E:.*]] = kiln.mul
// MILP-NEXT: %[[XB:.*]] = kiln.optimization_barrier %arg0
// MILP-NEXT: %[[A2:.*]] = kiln.exp %[[XB]] {kiln.remat}
// MILP-NEXT: %[[B2:.*]] = kiln.tanh %[[A2]] {kiln.remat}
// MILP-NEXT: %[[F:.*]] = kiln.mul %[[E]], %[[B2]]
// MILP-NEXT: %[[XB2:.*]] = kiln.optimization_barrier %arg0
// MILP-NEXT: %[[A3:.*]] = kiln.exp %[[XB2]] {kiln.remat}
// MILP-NEXT: kiln.mul %[[F]], %[[A3]]
// MILP-REPORT: kiln remat: @step: scratch peak 20484 -> 12292 bytes (budget 12300) (8192 resident); milp (optimal; 3 intervals, 4 memory rows) in {{.*}} s; 3 ops recomputed
// GREEDY: error: kiln-remat: cannot fit @step's scratch memory in 12300 bytes: the smallest scratch peak reached is 16388 bytes (from 20484)
// AUTO: kiln remat: @step: scratch peak 20484 -> 12292 bytes (budget 12300) (8192 resident); milp (optimal
func.func @step(%x: tensor<1024xf32>, %p: tensor<1024xf32> {kiln.donated_to = 1 : i64}) -> (tensor<f32>, tensor<1024xf32>) {
  %a = kiln.exp %x : tensor<1024xf32> loc("/blocks.0/Exp")
  %b = kiln.tanh %a : tensor<1024xf32> loc("/blocks.0/Tanh")
  %c = kiln.exp %b : tensor<1024xf32> loc("/blocks.1/Exp")
  %d = kiln.tanh %c : tensor<1024xf32> loc("/blocks.1/Tanh")
  %l = kiln.reduce_sum %d dims = [0] : (tensor<1024xf32>) -> tensor<f32> loc("/ReduceSum")
  %e = kiln.mul %d, %c : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
  %f = kiln.mul %e, %b : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
  %g = kiln.mul %f, %a : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
  %new = kiln.sub %p, %g : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
  return %l, %new : tensor<f32>, tensor<1024xf32>
}

// NOLOSS: error: kiln-remat: checkpointing needs a training step: @inference has no result other than donated updates (the loss)
func.func @inference(%x: tensor<1024xf32> {kiln.donated_to = 0 : i64}) -> tensor<1024xf32> {
  %a = kiln.exp %x : tensor<1024xf32>
  return %a : tensor<1024xf32>
}
