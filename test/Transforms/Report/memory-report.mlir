// RUN: kiln-opt %s --kiln-memory-report -o /dev/null 2>&1 | FileCheck %s
// RUN: kiln-opt %s --kiln-memory-report="function=chain format=json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=JSON
// RUN: rm -f %t.svg && kiln-opt %s --kiln-memory-report="function=chain report-file=%t.txt svg=%t.svg" -o /dev/null && FileCheck %s --check-prefix=SVG < %t.svg
// RUN: not kiln-opt %s --kiln-memory-report="format=xml" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not kiln-opt %s --kiln-memory-report="function=nope" -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING

// Every tensor is 256 x f32 = 1 KiB. By hand, with the argument resident:
//   op 0 exp:  x, a          -> 2048
//   op 1 exp:  x, a, b       -> 3072
//   op 2 add:  x, a, b, c    -> 4096 (the peak; a and b die here)
//   op 3 neg:  x, c, d       -> 3072 (d is returned: lives to the end)
// CHECK: kiln memory report: @chain: 4 ops, peak 4.00 KiB at op 2 (kiln.add at {{.*}}memory-report.mlir:[[# @LINE + 22]]:8)
// CHECK-NEXT: resident (arguments, constants): 1.00 KiB in 1 buffers
// CHECK-NEXT: transient at the peak: 3.00 KiB in 3 buffers; the largest:
// CHECK-NEXT: 1.00 KiB  ops 0..2 kiln.exp tensor<256xf32>
// CHECK-NEXT: 1.00 KiB  ops 1..2 kiln.exp tensor<256xf32>
// CHECK-NEXT: 1.00 KiB  ops 2..3 kiln.add tensor<256xf32>
// JSON: "live_bytes": [
// JSON-NEXT: 2048,
// JSON-NEXT: 3072,
// JSON-NEXT: 4096,
// JSON-NEXT: 3072
// JSON: "peak_bytes": 4096,
// JSON-NEXT: "peak_op": 2,
// JSON-NEXT: "resident_bytes": 1024
// SVG: <svg
// SVG: <polyline class="series" fill="none" stroke="#1f77b4" stroke-width="1.5" points="{{[0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+}}"/>
// SVG-NEXT: <circle class="peak"
// SVG: @chain: peak 4.00 KiB at op 2
// SVG: </svg>
func.func @chain(%x: tensor<256xf32>) -> tensor<256xf32> {
  %a = kiln.exp %x : tensor<256xf32>
  %b = kiln.exp %a : tensor<256xf32>
  %c = kiln.add %a, %b : (tensor<256xf32>, tensor<256xf32>) -> tensor<256xf32>
  %d = kiln.neg %c : tensor<256xf32>
  return %d : tensor<256xf32>
}

// A reshape is a view: no bytes of its own, and a use of it keeps its
// source alive. Constants are resident (2 KiB with the argument):
//   op 1 exp a, op 2 reshape (view of a), op 3 exp e, op 4 reshape (view
//   of e), op 5 add s: a and e live to op 5 through their views, so op 5
//   holds a, e and s: 3 KiB + 2 KiB.
// CHECK-LABEL: kiln memory report: @view: 6 ops, peak 5.00 KiB at op 5
// CHECK-NEXT: resident (arguments, constants): 2.00 KiB in 2 buffers
// CHECK-NEXT: transient at the peak: 3.00 KiB in 3 buffers
func.func @view(%x: tensor<256xf32>) -> tensor<16x16xf32> {
  %c = kiln.constant dense<1.0> : tensor<256xf32>
  %a = kiln.exp %x : tensor<256xf32>
  %r = kiln.reshape %a : (tensor<256xf32>) -> tensor<16x16xf32>
  %e = kiln.exp %c : tensor<256xf32>
  %e2 = kiln.reshape %e : (tensor<256xf32>) -> tensor<16x16xf32>
  %s = kiln.add %r, %e2 : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  return %s : tensor<16x16xf32>
}

// A result donated to an argument lives in the argument's buffer: the new
// parameter adds nothing; the gradient is the only transient.
// CHECK-LABEL: kiln memory report: @donated: 2 ops, peak 3.00 KiB at op 0
// CHECK-NEXT: resident (arguments, constants): 2.00 KiB in 2 buffers
// CHECK-NEXT: transient at the peak: 1.00 KiB in 1 buffers
func.func @donated(%p: tensor<256xf32> {kiln.donated_to = 0 : i64}, %x: tensor<256xf32>) -> tensor<256xf32> {
  %g = kiln.mul %p, %x : (tensor<256xf32>, tensor<256xf32>) -> tensor<256xf32>
  %new = kiln.sub %p, %g : (tensor<256xf32>, tensor<256xf32>) -> tensor<256xf32>
  return %new : tensor<256xf32>
}

// FORMAT: for the --format option: Cannot find option named 'xml'!
// MISSING: error: kiln-memory-report: no function 'nope' with a body
