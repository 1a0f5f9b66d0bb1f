//===- ConstantFolding.h - Folding small constant tensors -------*- C++ -*-===//
//
// Element-moving and elementwise evaluation of small dense constants for
// the kiln folders: the shape arithmetic exporters emit (Shape -> Gather ->
// Unsqueeze -> Concat -> Reshape, masks built with Equal/Where) folds at
// import and in canonicalization. Only constants of at most
// kMaxFoldedElements elements are evaluated, so folding never copies a
// weight.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_CONSTANTFOLDING_H
#define KILN_DIALECT_CONSTANTFOLDING_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::kiln {

constexpr int64_t kMaxFoldedElements = 1024;

/// `attr` as a dense constant of at most kMaxFoldedElements elements, or
/// null.
DenseElementsAttr getSmallConstant(Attribute attr);

/// `value` broadcast (NumPy rules) to `type`'s shape.
DenseElementsAttr broadcastElements(DenseElementsAttr value,
                                    RankedTensorType type);
/// The elements start + i * stride of `value`, giving `type`.
DenseElementsAttr sliceElements(DenseElementsAttr value,
                                ArrayRef<int64_t> start,
                                ArrayRef<int64_t> stride,
                                RankedTensorType type);
/// `inputs` joined along `dim`, giving `type`.
DenseElementsAttr concatElements(ArrayRef<DenseElementsAttr> inputs,
                                 int64_t dim, RankedTensorType type);
/// Result dimension i is dimension permutation[i] of `value`.
DenseElementsAttr transposeElements(DenseElementsAttr value,
                                    ArrayRef<int64_t> permutation,
                                    RankedTensorType type);
/// Every element converted to `type`'s element type (kiln.cast's rules:
/// floats to integers truncate, integers to i1 test for nonzero); null for
/// conversions it does not evaluate.
DenseElementsAttr castElements(DenseElementsAttr value, RankedTensorType type);

} // namespace mlir::kiln

#endif // KILN_DIALECT_CONSTANTFOLDING_H
