//===- ElementwiseOps.td - Kiln elementwise ops ----------*- tablegen -*-===//
//
// Unary and binary math, compare, select and cast. Binary ops broadcast
// their operands NumPy-style (see the dialect description).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_ELEMENTWISEOPS_TD
#define KILN_DIALECT_ELEMENTWISEOPS_TD

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

class Kiln_UnaryOp<string mnemonic, Type type, string formula,
                   list<Trait> traits = []>
    : Kiln_Op<mnemonic, !listconcat(traits,
          [Pure, Elementwise, SameOperandsAndResultType])> {
  let summary = "elementwise " # formula;
  let description = [{
    Computes `}] # formula # [{` for every element; the result has the
    operand's type.

    ```mlir
    %y = kiln.}] # mnemonic # [{ %x : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins type:$operand);
  let results = (outs type:$result);
  let assemblyFormat = "$operand attr-dict `:` type($result)";
}

def Kiln_NegOp : Kiln_UnaryOp<"neg", Kiln_NumericTensor, "-x"> {
  let hasFolder = 1;
}
def Kiln_AbsOp : Kiln_UnaryOp<"abs", Kiln_NumericTensor, "|x|"> {
  let hasFolder = 1;
}
def Kiln_ExpOp : Kiln_UnaryOp<"exp", Kiln_FloatTensor, "e^x">;
def Kiln_LogOp : Kiln_UnaryOp<"log", Kiln_FloatTensor, "ln(x)">;
def Kiln_SqrtOp : Kiln_UnaryOp<"sqrt", Kiln_FloatTensor, "sqrt(x)">;
def Kiln_RsqrtOp : Kiln_UnaryOp<"rsqrt", Kiln_FloatTensor, "1 / sqrt(x)">;
def Kiln_TanhOp : Kiln_UnaryOp<"tanh", Kiln_FloatTensor, "tanh(x)">;
def Kiln_SigmoidOp : Kiln_UnaryOp<"sigmoid", Kiln_FloatTensor,
                                  "1 / (1 + e^-x)">;
def Kiln_ReluOp : Kiln_UnaryOp<"relu", Kiln_NumericTensor, "max(x, 0)"> {
  let hasFolder = 1;
}
def Kiln_SiluOp : Kiln_UnaryOp<"silu", Kiln_FloatTensor, "x * sigmoid(x)">;
def Kiln_ErfOp : Kiln_UnaryOp<"erf", Kiln_FloatTensor, "erf(x)">;
def Kiln_FloorOp : Kiln_UnaryOp<"floor", Kiln_FloatTensor,
                                "the largest integer <= x">;
def Kiln_CeilOp : Kiln_UnaryOp<"ceil", Kiln_FloatTensor,
                               "the smallest integer >= x">;
def Kiln_RoundOp : Kiln_UnaryOp<"round", Kiln_FloatTensor,
                                "the nearest integer to x, halves to even">;
def Kiln_SignOp : Kiln_UnaryOp<"sign", Kiln_NumericTensor,
                               "-1, 0 or 1 by the sign of x (NaN stays NaN)">;
def Kiln_SinOp : Kiln_UnaryOp<"sin", Kiln_FloatTensor, "sin(x)">;
def Kiln_CosOp : Kiln_UnaryOp<"cos", Kiln_FloatTensor, "cos(x)">;
def Kiln_TanOp : Kiln_UnaryOp<"tan", Kiln_FloatTensor, "tan(x)">;
def Kiln_AsinOp : Kiln_UnaryOp<"asin", Kiln_FloatTensor, "asin(x)">;
def Kiln_AcosOp : Kiln_UnaryOp<"acos", Kiln_FloatTensor, "acos(x)">;
def Kiln_AtanOp : Kiln_UnaryOp<"atan", Kiln_FloatTensor, "atan(x)">;
def Kiln_SinhOp : Kiln_UnaryOp<"sinh", Kiln_FloatTensor, "sinh(x)">;
def Kiln_CoshOp : Kiln_UnaryOp<"cosh", Kiln_FloatTensor, "cosh(x)">;
def Kiln_AsinhOp : Kiln_UnaryOp<"asinh", Kiln_FloatTensor, "asinh(x)">;
def Kiln_AcoshOp : Kiln_UnaryOp<"acosh", Kiln_FloatTensor, "acosh(x)">;
def Kiln_AtanhOp : Kiln_UnaryOp<"atanh", Kiln_FloatTensor, "atanh(x)">;
def Kiln_NotOp : Kiln_UnaryOp<"not", Kiln_IntOrBoolTensor,
                              "~x (logical not of i1, bitwise of integers)">;

def Kiln_GeluOp : Kiln_Op<"gelu",
    [Pure, Elementwise, SameOperandsAndResultType]> {
  let summary = "Gaussian error linear unit";
  let description = [{
    `approximation = none` (the default) computes the exact form
    `0.5 * x * (1 + erf(x / sqrt(2)))`; `approximation = tanh` computes
    `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))`, the form
    GPT-2 and `torch.nn.GELU(approximate="tanh")` use.

    ```mlir
    %y = kiln.gelu %x : tensor<8x64xf32>
    %z = kiln.gelu %x approximation = tanh : tensor<8x64xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$operand,
      DefaultValuedAttr<Kiln_GeluApproximation,
                        "::mlir::kiln::GeluApproximation::none">:$approximation);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = [{
    $operand (`approximation` `=` $approximation^)? attr-dict `:` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Binary (broadcasting)
//===----------------------------------------------------------------------===//

class Kiln_BinaryOp<string mnemonic, Type type, string formula,
                    list<Trait> traits = []>
    : Kiln_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor])> {
  let summary = "elementwise " # formula # " with broadcasting";
  let description = [{
    Computes `}] # formula # [{` elementwise after broadcasting `lhs` and
    `rhs` to a common shape (NumPy rules). Both operands have the same
    element type, which the result keeps. When all three types are equal
    the assembly shows one type.

    ```mlir
    %0 = kiln.}] # mnemonic # [{ %a, %b : tensor<4x8xf32>
    %1 = kiln.}] # mnemonic # [{ %a, %bias : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
    ```
  }];
  let arguments = (ins type:$lhs, type:$rhs);
  let results = (outs type:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:`
      custom<ElementwiseTypes>(type($lhs), type($rhs), type($result))
  }];
  let hasFolder = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return inferBroadcastElementwise(location, getOperationName(),
          {adaptor.getLhs().getType(), adaptor.getRhs().getType()},
          /*resultElementType=*/nullptr, inferred);
    }
  }];
}

def Kiln_AddOp : Kiln_BinaryOp<"add", Kiln_NumericTensor, "lhs + rhs",
                               [Commutative]>;
def Kiln_SubOp : Kiln_BinaryOp<"sub", Kiln_NumericTensor, "lhs - rhs">;
def Kiln_MulOp : Kiln_BinaryOp<"mul", Kiln_NumericTensor, "lhs * rhs",
                               [Commutative]>;
def Kiln_DivOp : Kiln_BinaryOp<"div", Kiln_NumericTensor,
                               "lhs / rhs (integers truncate toward zero)">;
def Kiln_MaxOp : Kiln_BinaryOp<"max", Kiln_NumericTensor, "max(lhs, rhs)",
                               [Commutative]>;
def Kiln_MinOp : Kiln_BinaryOp<"min", Kiln_NumericTensor, "min(lhs, rhs)",
                               [Commutative]>;
def Kiln_PowOp : Kiln_BinaryOp<"pow", Kiln_FloatTensor, "lhs ^ rhs">;
def Kiln_RemOp : Kiln_BinaryOp<"rem", Kiln_NumericTensor,
    "the remainder of lhs / rhs truncated toward zero (the sign of lhs, "
    "as C's fmod and %)">;
def Kiln_AndOp : Kiln_BinaryOp<"and", Kiln_IntOrBoolTensor,
    "lhs & rhs (logical for i1, bitwise for integers)", [Commutative]>;
def Kiln_OrOp : Kiln_BinaryOp<"or", Kiln_IntOrBoolTensor,
    "lhs | rhs (logical for i1, bitwise for integers)", [Commutative]>;
def Kiln_XorOp : Kiln_BinaryOp<"xor", Kiln_IntOrBoolTensor,
    "lhs ^ rhs (logical for i1, bitwise for integers)", [Commutative]>;
def Kiln_ShiftLeftOp : Kiln_BinaryOp<"shift_left", Kiln_IntTensor,
    "lhs << rhs (0 where rhs, read as unsigned, is at least the bit width)">;
def Kiln_ShiftRightOp : Kiln_BinaryOp<"shift_right", Kiln_IntTensor,
    "lhs >> rhs, logical for unsigned and arithmetic for signed element "
    "types (where rhs, read as unsigned, is at least the bit width: 0, or "
    "-1 for a negative signed lhs)">;

//===----------------------------------------------------------------------===//
// Compare, select, cast
//===----------------------------------------------------------------------===//

def Kiln_CompareOp : Kiln_Op<"compare", [Pure, InferTypeOpAdaptor]> {
  let summary = "elementwise comparison with broadcasting, giving i1";
  let description = [{
    Compares `lhs` and `rhs` elementwise after NumPy broadcasting. Floats
    compare ordered (`ne` is true when either side is NaN, as in IEEE);
    integers compare signed. When the operands share one type the assembly
    shows that type alone and the result is its `i1` counterpart.

    ```mlir
    %m = kiln.compare lt, %a, %b : tensor<4xf32>
    %n = kiln.compare eq, %ids, %pad : (tensor<2x8xi64>, tensor<i64>) -> tensor<2x8xi1>
    ```
  }];
  let arguments = (ins Kiln_CompareDirection:$direction, Kiln_Tensor:$lhs,
                   Kiln_Tensor:$rhs);
  let results = (outs Kiln_BoolTensor:$result);
  let assemblyFormat = [{
    $direction `,` $lhs `,` $rhs attr-dict `:`
      custom<CompareTypes>(type($lhs), type($rhs), type($result))
  }];
  let hasFolder = 1;
}

def Kiln_SelectOp : Kiln_Op<"select", [Pure, InferTypeOpAdaptor]> {
  let summary = "elementwise choice between two tensors by an i1 condition";
  let description = [{
    `result[i] = cond[i] ? on_true[i] : on_false[i]` after broadcasting all
    three operands together (NumPy rules).

    ```mlir
    %r = kiln.select %c, %a, %b : (tensor<4x1xi1>, tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
    ```
  }];
  let arguments = (ins Kiln_BoolTensor:$condition, Kiln_Tensor:$on_true,
                   Kiln_Tensor:$on_false);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $on_true `,` $on_false attr-dict `:`
      functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Kiln_CastOp : Kiln_Op<"cast", [Pure]> {
  let summary = "elementwise conversion between element types";
  let description = [{
    Converts each element to the result's element type; shapes are equal.
    Float to float rounds to nearest even. Float to integer truncates toward
    zero and saturates at the integer type's range (NaN becomes 0). Integer
    to integer sign-extends or wraps (keeps the low bits). Integer to float
    rounds to nearest even. To `i1`: nonzero is true; from `i1`: 1 or 0.

    ```mlir
    %h = kiln.cast %x : tensor<4xf32> to tensor<4xbf16>
    %q = kiln.cast %x : tensor<4xf32> to tensor<4xi8>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$operand);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `to` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // KILN_DIALECT_ELEMENTWISEOPS_TD
