//===- KilnBase.td - Kiln dialect definition and type constraints -*- tablegen -*-===//
//
// The `kiln` dialect and the tensor type constraints its ops share.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILNBASE_TD
#define KILN_DIALECT_KILNBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def Kiln_Dialect : Dialect {
  let name = "kiln";
  let cppNamespace = "::mlir::kiln";
  let summary = "Tensor-level graph IR for machine-learning models";
  let description = [{
    The `kiln` dialect captures inference and training graphs as pure
    operations on statically shaped, ranked tensors with value semantics.
    Graph passes (sharding, rematerialization, quantization, attention
    tiling, fusion) speak this dialect; lowering turns it into linalg.

    Conventions, chosen once for the whole dialect:

    * **Static shapes.** Every tensor is ranked with static dimensions.
      Importers fix symbolic dimensions before the graph enters Kiln, so
      every pass can reason about exact sizes and bytes.
    * **Broadcasting** follows NumPy: shapes are aligned at their trailing
      dimension; two dimensions are compatible when equal or when one is 1;
      a missing leading dimension counts as 1. Elementwise ops (`add`,
      `compare`, `select`, ...) broadcast implicitly and their result has
      the broadcast shape. Element types never broadcast or promote:
      operands share one element type and `kiln.cast` converts explicitly.
    * **Integers** are signless in the IR and interpreted as two's-complement
      signed values (`i1` is the boolean type).
    * **Layouts**: images are NCHW, convolution filters OIHW (as ONNX and
      PyTorch); attention operands are `[batch, heads, sequence, head_dim]`.
    * **Dimension lists** (reduction dims, permutations, slice bounds) are
      `array<i64>` attributes, verified against the operand's rank.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  // `kiln.sharding` may sit on any op and on function arguments/results;
  // the dialect checks it there (ShardingOps.cpp).
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
    /// The attribute that carries shardings: a #kiln.sharding_per_value on
    /// an op, a #kiln.sharding on a function argument or result.
    static constexpr ::llvm::StringLiteral kShardingAttrName = "kiln.sharding";

    // Discardable attributes that passes hand to later passes and to the
    // compile driver. Named here once; the dialect verifies each wherever
    // it sits (ProgramAttrs.cpp), so a malformed one is a diagnostic.
    /// The name a runtime shows for an argument, result or weight
    /// (a string).
    static constexpr ::llvm::StringLiteral kNameAttrName = "kiln.name";
    /// A trainable argument of a model (a unit attribute).
    static constexpr ::llvm::StringLiteral kParameterAttrName = "kiln.parameter";
    /// An argument whose buffer result `i` may reuse (an i64, a valid
    /// result index).
    static constexpr ::llvm::StringLiteral kDonatedToAttrName = "kiln.donated_to";
    /// Bytes of the scratch arena a lowered function takes (an i64 >= 0).
    static constexpr ::llvm::StringLiteral kArenaBytesAttrName = "kiln.arena_bytes";
    /// A lowered function that takes the runtime context last (unit).
    static constexpr ::llvm::StringLiteral kRuntimeAttrName = "kiln.runtime";
    /// Bytes of the weights argument a lowered function takes (an i64 >= 0).
    static constexpr ::llvm::StringLiteral kWeightsBytesAttrName = "kiln.weights_bytes";
    /// On a module: the externalized constants, a list of
    /// {offset = i64, value = elements} dictionaries.
    static constexpr ::llvm::StringLiteral kWeightsAttrName = "kiln.weights";
    /// On a unit module of the codegen phase: its #kiln.compile_unit.
    static constexpr ::llvm::StringLiteral kUnitAttrName = "kiln.unit";
  }];
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Kiln_I4 : I<4>;
def Kiln_FloatElement : AnyTypeOf<[F64, F32, F16, BF16]>;
// Unsigned integers are their own types (ui8 ... ui64), as in StableHLO: the
// ops whose meaning depends on signedness (div, rem, max, min, compare,
// cast, shift_right, the max/min reductions and arg-extremes) read it from
// the element type, and the lowering to linalg makes every type signless.
def Kiln_IntElement
    : AnyTypeOf<[I64, I32, I16, I8, Kiln_I4, UI64, UI32, UI16, UI8]>;
def Kiln_NumericElement : AnyTypeOf<[Kiln_FloatElement, Kiln_IntElement]>;
def Kiln_Element : AnyTypeOf<[Kiln_NumericElement, I1]>;

def Kiln_Tensor : StaticShapeTensorOf<[Kiln_Element]>;
def Kiln_NumericTensor : StaticShapeTensorOf<[Kiln_NumericElement]>;
def Kiln_FloatTensor : StaticShapeTensorOf<[Kiln_FloatElement]>;
def Kiln_IntTensor : StaticShapeTensorOf<[Kiln_IntElement]>;
def Kiln_IndexTensor : StaticShapeTensorOf<[I64, I32]>;
def Kiln_BoolTensor : StaticShapeTensorOf<[I1]>;
def Kiln_IntOrBoolTensor : StaticShapeTensorOf<[Kiln_IntElement, I1]>;
def Kiln_BoolOrFloatTensor : StaticShapeTensorOf<[I1, Kiln_FloatElement]>;
def Kiln_FloatScalar : 0DTensorOf<[Kiln_FloatElement]>;
def Kiln_StepTensor : 0DTensorOf<[I64]>;

//===----------------------------------------------------------------------===//
// Base op
//===----------------------------------------------------------------------===//

class Kiln_Op<string mnemonic, list<Trait> traits = []>
    : Op<Kiln_Dialect, mnemonic, traits>;

#endif // KILN_DIALECT_KILNBASE_TD
