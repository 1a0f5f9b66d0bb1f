//===- GradientRules.h - Per-op reverse-mode rules of --kiln-autodiff -----===//
//
// A rule receives an op (whose operands and results live in the function
// being differentiated) and the adjoints of its results, and emits, with
// KilnBuilder at the end of the backward section, the adjoints of its
// operands. Rules are grouped by op family, one file each; composite ops
// without a rule are differentiated through their decomposition by the
// driver (Autodiff.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_TRANSFORMS_AUTODIFF_GRADIENTRULES_H
#define KILN_LIB_TRANSFORMS_AUTODIFF_GRADIENTRULES_H

#include "kiln/KilnBuilder.h"

#include <optional>

namespace mlir::kiln::autodiff {

/// The adjoints of `op`'s operands (one entry per operand, null where the
/// operand gets no gradient), or std::nullopt when `op` has no direct rule.
/// `results` holds one adjoint per result, null for a result that does not
/// reach the loss (only multi-result ops see nulls).
using Adjoints = SmallVector<Value>;
std::optional<Adjoints> elementwiseGradient(Operation *op, ValueRange results,
                                            KilnBuilder &k);
std::optional<Adjoints> reductionGradient(Operation *op, ValueRange results,
                                          KilnBuilder &k);
std::optional<Adjoints> shapeGradient(Operation *op, ValueRange results,
                                      KilnBuilder &k);
std::optional<Adjoints> contractionGradient(Operation *op, ValueRange results,
                                            KilnBuilder &k);

/// kiln.attention's adjoints through kiln.attention_lse (which replaces
/// `op` in the forward) and kiln.attention_grad; std::nullopt when the
/// mask needs a gradient, which leaves `op` to its decomposition.
std::optional<Adjoints> attentionGradient(AttentionOp op, Value adjoint,
                                          bool maskActive, KilnBuilder &k);

/// All of the above but attentionGradient, tried in turn.
std::optional<Adjoints> directGradient(Operation *op, ValueRange results,
                                       KilnBuilder &k);

/// True for ops whose results carry no gradient by definition (compare,
/// argmax, iota, constants): the sweep stops at them without an error.
bool hasZeroGradient(Operation *op);

//===--------------------------------------------------------------------===//
// Helpers shared by the rules.
//===--------------------------------------------------------------------===//

RankedTensorType typeOf(Value v);

/// A ranked tensor of floats: what can carry a gradient.
bool isFloatTensor(Type type);

/// The adjoints of a single-operand op.
inline std::optional<Adjoints> only(Value adjoint) { return Adjoints{adjoint}; }

/// Sums `g` (the adjoint of a broadcasting op's result) over the dimensions
/// along which `target` was broadcast, giving `target`'s shape.
Value reduceToShape(KilnBuilder &k, Value g, RankedTensorType target);

/// The adjoint of a reduction's result laid out with the reduced dimensions
/// kept as size 1 and broadcast back to `operand`'s shape.
Value broadcastReduced(KilnBuilder &k, Value g, ArrayRef<int64_t> dims,
                       bool keepDims, RankedTensorType operand);

/// `condition ? g : 0`.
Value selectOrZero(KilnBuilder &k, Value condition, Value g);

/// Inserts `factor - 1` zeros between neighbouring elements along each
/// dimension (a strided scatter's layout): size n becomes (n - 1) * f + 1.
Value dilate(KilnBuilder &k, Value x, ArrayRef<int64_t> factors);

/// `x` reversed along `dim`.
Value reverse(KilnBuilder &k, Value x, int64_t dim);

} // namespace mlir::kiln::autodiff

#endif // KILN_LIB_TRANSFORMS_AUTODIFF_GRADIENTRULES_H
