// Stock mlir-opt parses Kiln IR and runs Kiln's passes and pipelines from
// libKilnPlugin.so.
// REQUIRES: plugin
// RUN: mlir-opt %s --load-dialect-plugin=%kiln_libs/libKilnPlugin.so | FileCheck %s --check-prefix=PARSE
// RUN: mlir-opt %s --load-pass-plugin=%kiln_libs/libKilnPlugin.so --load-dialect-plugin=%kiln_libs/libKilnPlugin.so --pass-pipeline="builtin.module(kiln-graph-optimize)" | FileCheck %s --check-prefix=PIPELINE
// RUN: mlir-opt %s --load-pass-plugin=%kiln_libs/libKilnPlugin.so --load-dialect-plugin=%kiln_libs/libKilnPlugin.so --pass-pipeline="builtin.module(kiln-cost-report)" -o /dev/null 2>&1 | FileCheck %s --check-prefix=REPORT
// RUN: not mlir-opt %s 2>&1 | FileCheck %s --check-prefix=NOPLUGIN

// PARSE: kiln.neg %{{.*}} : tensor<4xf32>
// PARSE: kiln.neg
// PIPELINE-LABEL: func.func @f
// PIPELINE-SAME: (%[[X:.*]]: tensor<4xf32>)
// PIPELINE-NEXT: return %[[X]]
// REPORT: kiln cost report: @f: 2 kiln ops, 8 FLOP
// NOPLUGIN: Dialect `kiln' not found for custom op 'kiln.neg'
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.neg %x : tensor<4xf32>
  %1 = kiln.neg %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}
