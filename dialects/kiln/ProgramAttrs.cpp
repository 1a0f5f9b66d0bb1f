//===- ProgramAttrs.cpp - Attributes of compiled programs -----------------===//
//
// Verifiers of #kiln.tensor_signature and #kiln.compile_unit, of the
// discardable attributes passes hand to the compile driver, and the
// dialect's attribute hooks that dispatch to them and to sharding.
//
//===----------------------------------------------------------------------===//

#include "kiln/AttrVerifiers.h"
#include "kiln/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

LogicalResult
TensorSignatureAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                            StringRef name, RankedTensorType type,
                            int64_t donatedTo) {
  if (!type.hasStaticShape())
    return emitError() << "tensor signature '" << name
                       << "' needs a static shape, not " << type;
  if (donatedTo < -1)
    return emitError() << "tensor signature '" << name << "' has donated_to "
                       << donatedTo << " (a result index, or -1)";
  return success();
}

LogicalResult
CompileUnitAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        StringRef function, StringRef symbol, ArrayAttr inputs,
                        ArrayAttr outputs, int64_t trainParameters) {
  if (function.empty() || symbol.empty())
    return emitError() << "compile unit needs a function and a symbol";
  if (!llvm::all_of(symbol, [](char c) { return isalnum(c) || c == '_'; }))
    return emitError() << "compile unit symbol '" << symbol
                       << "' is not a C identifier";
  for (ArrayAttr list : {inputs, outputs})
    for (Attribute entry : list)
      if (!isa<TensorSignatureAttr>(entry))
        return emitError() << "compile unit '" << function << "' lists "
                           << entry << ", not a #kiln.tensor_signature";
  if (trainParameters < -1 ||
      trainParameters > static_cast<int64_t>(outputs.size()))
    return emitError() << "compile unit '" << function << "' has "
                       << trainParameters << " train_parameters but "
                       << outputs.size() << " outputs";
  return success();
}

/// An integer attribute of at least 0.
static LogicalResult verifyByteCount(Operation *op, NamedAttribute attr) {
  auto value = dyn_cast<IntegerAttr>(attr.getValue());
  if (!value || value.getValue().isNegative())
    return op->emitOpError()
           << "'" << attr.getName().getValue()
           << "' must be a non-negative integer, not " << attr.getValue();
  return success();
}

LogicalResult mlir::kiln::verifyProgramOpAttribute(Operation *op,
                                                   NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == KilnDialect::kArenaBytesAttrName ||
      name == KilnDialect::kWeightsBytesAttrName)
    return verifyByteCount(op, attr);
  if (name == KilnDialect::kRuntimeAttrName) {
    if (!isa<UnitAttr>(attr.getValue()))
      return op->emitOpError() << "'" << name << "' must be a unit attribute";
    return success();
  }
  if (name == KilnDialect::kNameAttrName) {
    if (!isa<StringAttr>(attr.getValue()))
      return op->emitOpError() << "'" << name << "' must be a string";
    return success();
  }
  if (name == KilnDialect::kUnitAttrName) {
    if (!isa<CompileUnitAttr>(attr.getValue()))
      return op->emitOpError()
             << "'" << name << "' must be a #kiln.compile_unit";
    if (!isa<ModuleOp>(op))
      return op->emitOpError() << "'" << name << "' belongs on a module";
    return success();
  }
  if (name == KilnDialect::kWeightsAttrName) {
    auto entries = dyn_cast<ArrayAttr>(attr.getValue());
    if (!entries)
      return op->emitOpError()
             << "'" << name << "' must be a list of {offset, value}";
    for (Attribute entry : entries) {
      auto dict = dyn_cast<DictionaryAttr>(entry);
      auto offset = dict ? dict.getAs<IntegerAttr>("offset") : IntegerAttr();
      auto value = dict ? dict.getAs<ElementsAttr>("value") : ElementsAttr();
      if (!offset || offset.getValue().isNegative() || !value)
        return op->emitOpError()
               << "'" << name << "' entry " << entry
               << " is not {offset = <non-negative integer>, value = "
                  "<elements>}";
    }
    return success();
  }
  return success();
}

LogicalResult mlir::kiln::verifyProgramValueAttribute(Operation *op,
                                                      bool isArgument,
                                                      unsigned index,
                                                      NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  std::string what =
      (Twine(isArgument ? "argument " : "result ") + Twine(index)).str();
  if (name == KilnDialect::kNameAttrName && !isa<StringAttr>(attr.getValue()))
    return op->emitOpError()
           << "'" << name << "' of " << what << " must be a string";
  if (name == KilnDialect::kParameterAttrName &&
      !isa<UnitAttr>(attr.getValue()))
    return op->emitOpError()
           << "'" << name << "' of " << what << " must be a unit attribute";
  if (name == KilnDialect::kDonatedToAttrName) {
    auto result = dyn_cast<IntegerAttr>(attr.getValue());
    // Whether the index names a result is the passes' to check: lowering
    // changes a function's results (out-parameters, donated results
    // dropped).
    if (!isArgument || !result)
      return op->emitOpError() << "'" << name << "' of " << what
                               << " must be an integer on an argument";
  }
  return success();
}

LogicalResult KilnDialect::verifyOperationAttribute(Operation *op,
                                                    NamedAttribute attr) {
  if (failed(verifyShardingOpAttribute(op, attr)))
    return failure();
  return verifyProgramOpAttribute(op, attr);
}

LogicalResult KilnDialect::verifyRegionArgAttribute(Operation *op, unsigned,
                                                    unsigned index,
                                                    NamedAttribute attr) {
  if (failed(
          verifyShardingValueAttribute(op, /*isArgument=*/true, index, attr)))
    return failure();
  return verifyProgramValueAttribute(op, /*isArgument=*/true, index, attr);
}

LogicalResult KilnDialect::verifyRegionResultAttribute(Operation *op, unsigned,
                                                       unsigned index,
                                                       NamedAttribute attr) {
  if (failed(
          verifyShardingValueAttribute(op, /*isArgument=*/false, index, attr)))
    return failure();
  return verifyProgramValueAttribute(op, /*isArgument=*/false, index, attr);
}
