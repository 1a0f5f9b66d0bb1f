//===- KilnAttrs.td - Kiln enums and attributes ----------*- tablegen -*-===//
//
// Typed attributes of the kiln dialect: enums and dot dimension numbers.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILNATTRS_TD
#define KILN_DIALECT_KILNATTRS_TD

include "KilnBase.td"
include "mlir/IR/EnumAttr.td"

def Kiln_CompareDirection : I32EnumAttr<"CompareDirection",
    "comparison predicate of kiln.compare", [
      I32EnumAttrCase<"eq", 0>, I32EnumAttrCase<"ne", 1>,
      I32EnumAttrCase<"lt", 2>, I32EnumAttrCase<"le", 3>,
      I32EnumAttrCase<"gt", 4>, I32EnumAttrCase<"ge", 5>]> {
  let cppNamespace = "::mlir::kiln";
}

def Kiln_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "which formula kiln.gelu evaluates", [
      I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"tanh", 1>]> {
  let cppNamespace = "::mlir::kiln";
}

def Kiln_LossReduction : I32EnumAttr<"LossReduction",
    "how a loss op reduces its per-element losses", [
      I32EnumAttrCase<"mean", 0>, I32EnumAttrCase<"sum", 1>,
      I32EnumAttrCase<"none", 2>]> {
  let cppNamespace = "::mlir::kiln";
}

def Kiln_ScatterReduction : I32EnumAttr<"ScatterReduction",
    "how kiln.scatter_elements combines an update with the element it hits", [
      I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"add", 1>,
      I32EnumAttrCase<"mul", 2>, I32EnumAttrCase<"max", 3>,
      I32EnumAttrCase<"min", 4>]> {
  let cppNamespace = "::mlir::kiln";
}

def Kiln_DotDimensionsAttr : AttrDef<Kiln_Dialect, "DotDimensions"> {
  let mnemonic = "dot";
  let summary = "batch and contracting dimensions of kiln.dot";
  let description = [{
    Pairs of lhs/rhs dimensions: batch dimensions appear once in the result
    (first, in the listed order); contracting dimensions are summed over.
    The remaining ("free") dimensions of lhs then rhs follow in the result.

    ```mlir
    #kiln.dot<batch = [0] x [0], contract = [2] x [1]>
    ```
  }];
  let parameters = (ins
    ArrayRefParameter<"int64_t">:$lhsBatchDims,
    ArrayRefParameter<"int64_t">:$rhsBatchDims,
    ArrayRefParameter<"int64_t">:$lhsContractingDims,
    ArrayRefParameter<"int64_t">:$rhsContractingDims);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

include "ShardingAttrs.td"
include "ProgramAttrs.td"

#endif // KILN_DIALECT_KILNATTRS_TD
