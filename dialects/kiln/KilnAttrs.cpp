//===- KilnAttrs.cpp - Kiln enums and attributes --------------------------===//
//
// Parsing, printing and verification of #kiln.dot dimension numbers.
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnDialect.h"
#include "kiln/ShapeInference.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::kiln;

#include "kiln/KilnEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "kiln/KilnAttrs.cpp.inc"

void KilnDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "kiln/KilnAttrs.cpp.inc"
      >();
}

/// Parses "[d, d, ...]" (possibly empty).
static ParseResult parseDimList(AsmParser &parser,
                                SmallVectorImpl<int64_t> &dims) {
  return parser.parseCommaSeparatedList(
      AsmParser::Delimiter::Square, [&]() -> ParseResult {
        return parser.parseInteger(dims.emplace_back());
      });
}

/// Parses "<keyword> = [..] x [..]".
static ParseResult parseDimPair(AsmParser &parser, StringRef keyword,
                                SmallVectorImpl<int64_t> &lhs,
                                SmallVectorImpl<int64_t> &rhs) {
  if (parser.parseKeyword(keyword) || parser.parseEqual() ||
      parseDimList(parser, lhs) || parser.parseKeyword("x") ||
      parseDimList(parser, rhs))
    return failure();
  return success();
}

Attribute DotDimensionsAttr::parse(AsmParser &parser, Type) {
  SmallVector<int64_t> lhsBatch, rhsBatch, lhsContract, rhsContract;
  if (parser.parseLess() || parseDimPair(parser, "batch", lhsBatch, rhsBatch) ||
      parser.parseComma() ||
      parseDimPair(parser, "contract", lhsContract, rhsContract) ||
      parser.parseGreater())
    return {};
  return DotDimensionsAttr::getChecked(
      [&] { return parser.emitError(parser.getNameLoc()); },
      parser.getContext(), lhsBatch, rhsBatch, lhsContract, rhsContract);
}

void DotDimensionsAttr::print(AsmPrinter &printer) const {
  auto list = [&](ArrayRef<int64_t> dims) {
    printer << "[";
    llvm::interleaveComma(dims, printer);
    printer << "]";
  };
  printer << "<batch = ";
  list(getLhsBatchDims());
  printer << " x ";
  list(getRhsBatchDims());
  printer << ", contract = ";
  list(getLhsContractingDims());
  printer << " x ";
  list(getRhsContractingDims());
  printer << ">";
}

LogicalResult DotDimensionsAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, ArrayRef<int64_t> lhsBatch,
    ArrayRef<int64_t> rhsBatch, ArrayRef<int64_t> lhsContract,
    ArrayRef<int64_t> rhsContract) {
  if (lhsBatch.size() != rhsBatch.size())
    return emitError() << "dot has " << lhsBatch.size()
                       << " lhs batch dimensions but " << rhsBatch.size()
                       << " rhs batch dimensions";
  if (lhsContract.size() != rhsContract.size())
    return emitError() << "dot has " << lhsContract.size()
                       << " lhs contracting dimensions but "
                       << rhsContract.size() << " rhs contracting dimensions";
  auto checkSide = [&](StringRef side, ArrayRef<int64_t> batch,
                       ArrayRef<int64_t> contract) -> LogicalResult {
    llvm::SmallSet<int64_t, 8> seen;
    for (int64_t dim : llvm::concat<const int64_t>(batch, contract)) {
      if (dim < 0)
        return emitError() << "dot " << side << " dimension " << dim
                           << " is negative";
      if (!seen.insert(dim).second)
        return emitError() << "dot " << side << " dimension " << dim
                           << " is listed twice";
    }
    return success();
  };
  return failure(failed(checkSide("lhs", lhsBatch, lhsContract)) ||
                 failed(checkSide("rhs", rhsBatch, rhsContract)));
}
