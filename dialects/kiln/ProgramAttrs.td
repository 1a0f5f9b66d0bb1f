//===- ProgramAttrs.td - Attributes of compiled programs ---*- tablegen -*-===//
//
// What the compile pipeline records about a program for the phases after
// it: the signature of each compile unit, so that the lowered IR (which has
// lost its tensor types) can be written out and compiled further.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_PROGRAMATTRS_TD
#define KILN_DIALECT_PROGRAMATTRS_TD

def Kiln_TensorSignatureAttr : AttrDef<Kiln_Dialect, "TensorSignature"> {
  let mnemonic = "tensor_signature";
  let summary = "one input or output of a compiled entry point";
  let description = [{
    The name a runtime shows for the tensor (`kiln.name`, ONNX's input and
    output names), its statically shaped tensor type, and for an input that
    is updated in place the result it is donated to (`kiln.donated_to`).

    ```mlir
    #kiln.tensor_signature<name = "x", type = tensor<8x784xf32>>
    #kiln.tensor_signature<name = "w", type = tensor<784x256xf32>, donated_to = 0>
    ```
  }];
  let parameters = (ins
    StringRefParameter<"the tensor's name">:$name,
    "::mlir::RankedTensorType":$type,
    DefaultValuedParameter<"int64_t", "-1",
                           "the result this input is donated to, -1 none">:$donated_to);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    bool isUpdatedInPlace() const { return getDonatedTo() >= 0; }
  }];
}

def Kiln_CompileUnitAttr : AttrDef<Kiln_Dialect, "CompileUnit"> {
  let mnemonic = "compile_unit";
  let summary = "an entry point compiled into one object, and its signature";
  let description = [{
    Sits on each unit module (`kiln.unit`) that the codegen phase makes: the
    function it compiles, the C symbol of its `kiln_model_desc`, its
    inputs and outputs as `#kiln.tensor_signature`s, and for the initial
    state of a training program, how many of its results are parameters
    (`train_parameters`, -1 otherwise).

    ```mlir
    builtin.module @second attributes {kiln.unit = #kiln.compile_unit<
        function = "second", symbol = "kiln_model",
        inputs = [#kiln.tensor_signature<name = "x", type = tensor<4xf32>>],
        outputs = [#kiln.tensor_signature<name = "y", type = tensor<4xf32>>]>} {
      ...
    }
    ```
  }];
  let parameters = (ins
    StringRefParameter<"the compiled function">:$function,
    StringRefParameter<"the descriptor's C symbol">:$symbol,
    "::mlir::ArrayAttr":$inputs,
    "::mlir::ArrayAttr":$outputs,
    DefaultValuedParameter<"int64_t", "-1",
                           "parameters among the results, -1 none">:$train_parameters);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

#endif // KILN_DIALECT_PROGRAMATTRS_TD
