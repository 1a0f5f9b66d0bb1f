//===- ReductionOps.td - Kiln reductions, argmax, softmax -*- tablegen -*-===//
//
// Reductions over a set of dimensions, argmax, softmax and log_softmax.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_REDUCTIONOPS_TD
#define KILN_DIALECT_REDUCTIONOPS_TD

class Kiln_ReduceOp<string mnemonic, string what, Type type>
    : Kiln_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = what # " over a set of dimensions";
  let description = [{
    Reduces `operand` over `dims` (distinct, each in `[0, rank)`; listing
    none returns the operand). With `keep_dims` the reduced dimensions stay
    with size 1, otherwise they are removed.

    ```mlir
    %s = kiln.}] # mnemonic # [{ %x dims = [1] : (tensor<4x8xf32>) -> tensor<4xf32>
    %k = kiln.}] # mnemonic # [{ %x dims = [0, 1] keep_dims : (tensor<4x8xf32>) -> tensor<1x1xf32>
    ```
  }];
  let arguments = (ins type:$operand, DenseI64ArrayAttr:$dims,
                   UnitAttr:$keep_dims);
  let results = (outs type:$result);
  let assemblyFormat = [{
    $operand `dims` `=` $dims (`keep_dims` $keep_dims^)? attr-dict `:`
      functional-type(operands, results)
  }];
  let hasFolder = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      auto type = ::llvm::cast<::mlir::RankedTensorType>(
          adaptor.getOperand().getType());
      return inferReduction(location, getOperationName(), type,
          adaptor.getDims(), adaptor.getKeepDims(), type.getElementType(),
          inferred);
    }
    ::mlir::OpFoldResult $cppClass::fold(FoldAdaptor) {
      return foldEmptyReduction(getOperation(), getDims());
    }
  }];
}

def Kiln_ReduceSumOp : Kiln_ReduceOp<"reduce_sum", "sum", Kiln_NumericTensor>;
def Kiln_ReduceMeanOp : Kiln_ReduceOp<"reduce_mean", "arithmetic mean",
                                      Kiln_FloatTensor>;
def Kiln_ReduceProdOp : Kiln_ReduceOp<"reduce_prod", "product",
                                      Kiln_NumericTensor>;
def Kiln_ReduceMaxOp : Kiln_ReduceOp<"reduce_max", "maximum",
                                     Kiln_NumericTensor>;
def Kiln_ReduceMinOp : Kiln_ReduceOp<"reduce_min", "minimum",
                                     Kiln_NumericTensor>;

class Kiln_ArgExtremeOp<string mnemonic, string extreme>
    : Kiln_Op<mnemonic, [Pure]> {
  let summary = "index of the " # extreme # " element along one dimension";
  let description = [{
    The index of the }] # extreme # [{ element along `dim`, as `i64` or
    `i32`: the first one, or with `select_last` the last one, when several
    are equal. A NaN counts as the extreme (its first index is taken). With
    `keep_dims` the dimension stays with size 1.

    ```mlir
    %i = kiln.}] # mnemonic # [{ %logits dim = 1 : (tensor<8x10xf32>) -> tensor<8xi64>
    %j = kiln.}] # mnemonic # [{ %logits dim = 1 keep_dims select_last : (tensor<8x10xf32>) -> tensor<8x1xi64>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$operand, I64Attr:$dim,
                   UnitAttr:$keep_dims, UnitAttr:$select_last);
  let results = (outs Kiln_IndexTensor:$result);
  let assemblyFormat = [{
    $operand `dim` `=` $dim (`keep_dims` $keep_dims^)?
      (`select_last` $select_last^)? attr-dict `:`
      functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Kiln_ArgMaxOp : Kiln_ArgExtremeOp<"argmax", "largest">;
def Kiln_ArgMinOp : Kiln_ArgExtremeOp<"argmin", "smallest">;

class Kiln_SoftmaxLikeOp<string mnemonic, string formula>
    : Kiln_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = formula # " along one dimension";
  let description = [{
    Computes `}] # formula # [{` along `dim`, numerically stable (the
    maximum is subtracted first).

    ```mlir
    %p = kiln.}] # mnemonic # [{ %x dim = 1 : tensor<8x10xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$operand, I64Attr:$dim);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = "$operand `dim` `=` $dim attr-dict `:` type($result)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return verifyDimInRange(getOperation(), "dim", getDim(), getType().getRank());
    }
  }];
}

def Kiln_SoftmaxOp : Kiln_SoftmaxLikeOp<"softmax",
    "exp(x_i) / sum_j exp(x_j)">;
def Kiln_LogSoftmaxOp : Kiln_SoftmaxLikeOp<"log_softmax",
    "x_i - log(sum_j exp(x_j))">;

#endif // KILN_DIALECT_REDUCTIONOPS_TD
