//===- KilnOps.cpp - Generated op definitions and custom directives -------===//
//
// Instantiates the generated op classes and implements the custom assembly
// directives they use. Per-op logic lives in the category files
// (ElementwiseOps.cpp, TensorOps.cpp, ...).
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::kiln;

/// The long form shared by the binary type directives: `(L, R) -> T`, after
/// the opening parenthesis has been consumed.
static ParseResult parseBinaryFunctionalType(OpAsmParser &parser, Type &lhs,
                                             Type &rhs, Type &result) {
  return failure(parser.parseType(lhs) || parser.parseComma() ||
                 parser.parseType(rhs) || parser.parseRParen() ||
                 parser.parseArrow() || parser.parseType(result));
}

static void printBinaryFunctionalType(OpAsmPrinter &printer, Type lhs, Type rhs,
                                      Type result) {
  printer << "(" << lhs << ", " << rhs << ") -> " << result;
}

//===----------------------------------------------------------------------===//
// custom<ElementwiseTypes>: `T` when lhs, rhs and result share one type,
// else `(L, R) -> T`.
//===----------------------------------------------------------------------===//

static ParseResult parseElementwiseTypes(OpAsmParser &parser, Type &lhs,
                                         Type &rhs, Type &result) {
  if (succeeded(parser.parseOptionalLParen()))
    return parseBinaryFunctionalType(parser, lhs, rhs, result);
  if (parser.parseType(lhs))
    return failure();
  rhs = result = lhs;
  return success();
}

static void printElementwiseTypes(OpAsmPrinter &printer, Operation *, Type lhs,
                                  Type rhs, Type result) {
  if (lhs == rhs && rhs == result) {
    printer << lhs;
    return;
  }
  printBinaryFunctionalType(printer, lhs, rhs, result);
}

//===----------------------------------------------------------------------===//
// custom<CompareTypes>: `T` when both operands have type T (the result is
// T's shape with i1 elements), else `(L, R) -> T`.
//===----------------------------------------------------------------------===//

static ParseResult parseCompareTypes(OpAsmParser &parser, Type &lhs, Type &rhs,
                                     Type &result) {
  if (succeeded(parser.parseOptionalLParen()))
    return parseBinaryFunctionalType(parser, lhs, rhs, result);
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseType(lhs))
    return failure();
  auto tensor = dyn_cast<RankedTensorType>(lhs);
  if (!tensor)
    return parser.emitError(loc, "expected a ranked tensor type, got ") << lhs;
  rhs = lhs;
  result = tensor.clone(IntegerType::get(parser.getContext(), 1));
  return success();
}

static void printCompareTypes(OpAsmPrinter &printer, Operation *, Type lhs,
                              Type rhs, Type result) {
  auto tensor = cast<RankedTensorType>(lhs);
  if (lhs == rhs &&
      result == tensor.clone(IntegerType::get(lhs.getContext(), 1))) {
    printer << lhs;
    return;
  }
  printBinaryFunctionalType(printer, lhs, rhs, result);
}

//===----------------------------------------------------------------------===//
// custom<SliceBounds>: `[start:limit:stride, ...]`
//===----------------------------------------------------------------------===//

static ParseResult parseSliceBounds(OpAsmParser &parser,
                                    DenseI64ArrayAttr &start,
                                    DenseI64ArrayAttr &limit,
                                    DenseI64ArrayAttr &stride) {
  SmallVector<int64_t> starts, limits, strides;
  if (parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
            return failure(parser.parseInteger(starts.emplace_back()) ||
                           parser.parseColon() ||
                           parser.parseInteger(limits.emplace_back()) ||
                           parser.parseColon() ||
                           parser.parseInteger(strides.emplace_back()));
          }))
    return failure();
  MLIRContext *context = parser.getContext();
  start = DenseI64ArrayAttr::get(context, starts);
  limit = DenseI64ArrayAttr::get(context, limits);
  stride = DenseI64ArrayAttr::get(context, strides);
  return success();
}

static void printSliceBounds(OpAsmPrinter &printer, Operation *,
                             DenseI64ArrayAttr start, DenseI64ArrayAttr limit,
                             DenseI64ArrayAttr stride) {
  printer << "[";
  // A malformed op (built in C++, not yet verified) may have lists of
  // different lengths; print what all three have.
  size_t size = std::min({start.size(), limit.size(), stride.size()});
  for (size_t i = 0; i < size; ++i) {
    if (i)
      printer << ", ";
    printer << start[i] << ":" << limit[i] << ":" << stride[i];
  }
  printer << "]";
}

//===----------------------------------------------------------------------===//
// custom<MeshBody>, custom<ShardingBody>: the attribute without its
// `#kiln.mesh` / `#kiln.sharding` prefix.
//===----------------------------------------------------------------------===//

static ParseResult parseMeshBody(OpAsmParser &parser, MeshAttr &mesh) {
  mesh = dyn_cast_or_null<MeshAttr>(MeshAttr::parse(parser, Type()));
  return success(static_cast<bool>(mesh));
}

static void printMeshBody(OpAsmPrinter &printer, Operation *, MeshAttr mesh) {
  mesh.print(printer);
}

static ParseResult parseShardingBody(OpAsmParser &parser,
                                     ShardingAttr &sharding) {
  sharding =
      dyn_cast_or_null<ShardingAttr>(ShardingAttr::parse(parser, Type()));
  return success(static_cast<bool>(sharding));
}

static void printShardingBody(OpAsmPrinter &printer, Operation *,
                              ShardingAttr sharding) {
  sharding.print(printer);
}

/// `[<@mesh, [...]>, <@mesh, [...]>]`: a list of shardings.
static ParseResult parseShardingList(OpAsmParser &parser, ArrayAttr &list) {
  SmallVector<Attribute> shardings;
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square,
                                     [&]() -> ParseResult {
                                       ShardingAttr sharding;
                                       if (parseShardingBody(parser, sharding))
                                         return failure();
                                       shardings.push_back(sharding);
                                       return success();
                                     }))
    return failure();
  list = parser.getBuilder().getArrayAttr(shardings);
  return success();
}

static void printShardingList(OpAsmPrinter &printer, Operation *op,
                              ArrayAttr list) {
  printer << "[";
  llvm::interleaveComma(list, printer, [&](Attribute sharding) {
    printShardingBody(printer, op, cast<ShardingAttr>(sharding));
  });
  printer << "]";
}

#define GET_OP_CLASSES
#include "kiln/KilnOps.cpp.inc"
