//===- MatmulKernel.h - Blocked, packed loop nest of one f32 product ------===//
//
// The CPU schedule of a matrix product on buffers, in the shape of the
// BLIS/GotoBLAS loop nest: parallel tasks over blocks of C, a K loop over
// cache blocks that packs the B block and A blocks into contiguous
// micro-panels, and a register-blocked micro-kernel that keeps an
// mr x nr block of C in vector registers across each K block.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CONVERSION_CPUCODEGEN_MATMULKERNEL_H
#define KILN_LIB_CONVERSION_CPUCODEGEN_MATMULKERNEL_H

#include "mlir/IR/Builders.h"

namespace mlir::kiln {

/// Block sizes of the schedule, in elements.
struct MatmulTiles {
  /// Rows and columns of the register block (accumulators: mr vectors of
  /// nr lanes).
  int64_t mr = 8, nr = 32;
  /// Rows of the packed A block (L2) and depth of both packed blocks.
  int64_t mc = 64, kc = 256;
  /// Rows and columns of C one parallel task computes; the task packs one
  /// kc x nc block of B per K step and reuses it across its rows, so tall
  /// tasks pack B fewer times (at 2048 and 4096, 1024 x 512 tasks were 5
  /// to 10% faster than 256 x 256 ones).
  int64_t mt = 1024, nc = 512;
  /// Whether the product already runs inside a parallel task (a tiled
  /// attention's block products): it is not split into more tasks, each
  /// of which would pack its own operands again.
  bool serial = false;
};

/// Whether `emitMatmul` can schedule C += A B for these buffers: f32,
/// static shapes, static strided layouts with unit innermost stride for B
/// and C. A batched product (3-D B and C) may have a 2-D A shared by every
/// batch element.
bool canEmitMatmul(Value a, Value b, Value c);

/// Emits C[batch] += A[batch] B[batch] at the builder's insertion point for
/// static 2-D or 3-D (batch-leading) f32 buffers; with `accumulate` false,
/// C[batch] = A[batch] B[batch] (the register blocks start from zero and C
/// is only written; needs K > 0). The tasks form one `scf.forall` over
/// (batch, row blocks, column blocks) whose body owns its packing buffers
/// (fixed-size stack allocations at the top of the body).
void emitMatmul(OpBuilder &builder, Location loc, Value a, Value b, Value c,
                const MatmulTiles &tiles, bool accumulate);

} // namespace mlir::kiln

#endif // KILN_LIB_CONVERSION_CPUCODEGEN_MATMULKERNEL_H
