//===- Autodiff.h - Reverse-mode differentiation of kiln code ---*- C++ -*-===//
//
// The C++ entry points behind --kiln-autodiff, for pipelines (the training
// step builder, users' own passes) that need gradients of kiln functions.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_AUTODIFF_H
#define KILN_TRANSFORMS_AUTODIFF_H

#include "kiln/KilnBuilder.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::kiln {

/// Reverse-mode sweep over straight-line kiln code. `ops` are forward ops
/// in program order; `seeds[i]` is the adjoint of `values[i]` (typically
/// the loss and 1.0). Emits, at `k`'s insertion point, the adjoints of
/// `sources` — zero tensors for sources the seeded values do not depend
/// on. Only values that depend on a source get adjoints. Fails, with an
/// error at the op, when an op on the way has no gradient.
FailureOr<SmallVector<Value>> emitGradients(ArrayRef<Operation *> ops,
                                            ValueRange values, ValueRange seeds,
                                            ValueRange sources, KilnBuilder &k);

/// Adds to `loss`'s module, after it, a function `name` with `loss`'s
/// arguments that returns `loss`'s results followed by the gradient of
/// result 0 (a float tensor of one element) with respect to each argument
/// in `wrt`, in that order (JAX's value_and_grad). A gradient result is
/// named `grad_<name>` when its argument has a `kiln.name`.
FailureOr<func::FuncOp> buildGradientFunction(func::FuncOp loss,
                                              ArrayRef<unsigned> wrt,
                                              StringRef name);

/// Erases, last to first, the side-effect-free ops of straight-line
/// `block` whose results are unused (what a backward sweep built but the
/// returned values do not need).
void eraseDeadOps(Block &block);

} // namespace mlir::kiln

#endif // KILN_TRANSFORMS_AUTODIFF_H
