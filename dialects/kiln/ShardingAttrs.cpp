//===- ShardingAttrs.cpp - Kiln meshes and shardings ----------------------===//
//
// Parsing, printing and verification of #kiln.mesh, #kiln.dim,
// #kiln.sharding and #kiln.sharding_per_value, and the shape arithmetic
// every sharding pass shares (local block shapes).
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnDialect.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace mlir::kiln;

// The attribute storage classes are generated into KilnAttrs.cpp; calling
// the generated out-of-line getChecked with exact parameter types keeps
// this file from instantiating the templates that need them.
using ErrorFn = function_ref<InFlightDiagnostic()>;

//===----------------------------------------------------------------------===//
// #kiln.mesh
//===----------------------------------------------------------------------===//

Attribute MeshAttr::parse(AsmParser &parser, Type) {
  SmallVector<StringAttr> names;
  SmallVector<int64_t> sizes;
  auto parseAxis = [&]() -> ParseResult {
    std::string name;
    if (parser.parseString(&name) || parser.parseEqual() ||
        parser.parseInteger(sizes.emplace_back()))
      return failure();
    names.push_back(StringAttr::get(parser.getContext(), name));
    return success();
  };
  if (parser.parseLess() ||
      parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, parseAxis) ||
      parser.parseGreater())
    return {};
  auto emitError = [&] { return parser.emitError(parser.getNameLoc()); };
  return MeshAttr::getChecked(ErrorFn(emitError), parser.getContext(),
                              ArrayRef<StringAttr>(names),
                              ArrayRef<int64_t>(sizes));
}

void MeshAttr::print(AsmPrinter &printer) const {
  printer << "<[";
  llvm::interleaveComma(
      llvm::zip(getAxisNames(), getAxisSizes()), printer, [&](auto axis) {
        printer << std::get<0>(axis) << "=" << std::get<1>(axis);
      });
  printer << "]>";
}

LogicalResult MeshAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               ArrayRef<StringAttr> names,
                               ArrayRef<int64_t> sizes) {
  if (names.empty())
    return emitError() << "a mesh needs at least one axis";
  if (names.size() != sizes.size())
    return emitError() << "mesh has " << names.size() << " axis names but "
                       << sizes.size() << " sizes";
  llvm::SmallSet<StringRef, 4> seen;
  for (auto [name, size] : llvm::zip(names, sizes)) {
    if (name.getValue().empty())
      return emitError() << "mesh axis names must not be empty";
    if (!seen.insert(name.getValue()).second)
      return emitError() << "mesh axis " << name << " appears twice";
    if (size < 1)
      return emitError() << "mesh axis " << name << " has size " << size
                         << "; sizes must be positive";
  }
  return success();
}

std::optional<int64_t> MeshAttr::getAxisSize(StringRef axis) const {
  for (auto [name, size] : llvm::zip(getAxisNames(), getAxisSizes()))
    if (name.getValue() == axis)
      return size;
  return std::nullopt;
}

int64_t MeshAttr::getNumDevices() const {
  int64_t devices = 1;
  for (int64_t size : getAxisSizes())
    devices *= size;
  return devices;
}

//===----------------------------------------------------------------------===//
// #kiln.dim
//===----------------------------------------------------------------------===//

/// Parses `{"a", "b"}`, `{"a", ?}` or `{?}`, then an optional `pN`.
static FailureOr<DimShardingAttr> parseDimBody(AsmParser &parser) {
  SmallVector<StringAttr> axes;
  bool closed = true;
  if (parser.parseLBrace())
    return failure();
  if (failed(parser.parseOptionalRBrace())) {
    do {
      if (succeeded(parser.parseOptionalQuestion())) {
        closed = false;
        break;
      }
      std::string axis;
      if (parser.parseString(&axis))
        return failure();
      axes.push_back(StringAttr::get(parser.getContext(), axis));
    } while (succeeded(parser.parseOptionalComma()));
    if (parser.parseRBrace())
      return failure();
  }
  int64_t priority = -1;
  StringRef keyword;
  llvm::SMLoc loc = parser.getCurrentLocation();
  if (succeeded(parser.parseOptionalKeyword(&keyword))) {
    if (!keyword.consume_front("p") || keyword.getAsInteger(10, priority) ||
        priority < 0)
      return parser.emitError(loc)
             << "expected a priority 'p<N>' after a dimension sharding";
  }
  auto emitError = [&] { return parser.emitError(loc); };
  return DimShardingAttr::getChecked(ErrorFn(emitError), parser.getContext(),
                                     ArrayRef<StringAttr>(axes), closed,
                                     priority);
}

static void printDimBody(AsmPrinter &printer, DimShardingAttr dim) {
  printer << "{";
  llvm::interleaveComma(dim.getAxes(), printer,
                        [&](StringAttr axis) { printer << axis; });
  if (!dim.getClosed())
    printer << (dim.getAxes().empty() ? "?" : ", ?");
  printer << "}";
  if (dim.hasPriority())
    printer << "p" << dim.getPriority();
}

Attribute DimShardingAttr::parse(AsmParser &parser, Type) {
  FailureOr<DimShardingAttr> dim;
  if (parser.parseLess() || failed(dim = parseDimBody(parser)) ||
      parser.parseGreater())
    return {};
  return *dim;
}

void DimShardingAttr::print(AsmPrinter &printer) const {
  printer << "<";
  printDimBody(printer, *this);
  printer << ">";
}

LogicalResult
DimShardingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        ArrayRef<StringAttr>, bool, int64_t priority) {
  if (priority < -1)
    return emitError() << "dimension priority must be non-negative";
  return success();
}

//===----------------------------------------------------------------------===//
// #kiln.sharding
//===----------------------------------------------------------------------===//

/// Parses `{"a", "b"}` (a set of axes after `replicated=`/`unreduced=`).
static ParseResult parseAxisSet(AsmParser &parser,
                                SmallVectorImpl<StringAttr> &axes) {
  return parser.parseCommaSeparatedList(
      AsmParser::Delimiter::Braces, [&]() -> ParseResult {
        std::string axis;
        if (parser.parseString(&axis))
          return failure();
        axes.push_back(StringAttr::get(parser.getContext(), axis));
        return success();
      });
}

Attribute ShardingAttr::parse(AsmParser &parser, Type) {
  FlatSymbolRefAttr mesh;
  SmallVector<DimShardingAttr> dims;
  SmallVector<StringAttr> replicated, unreduced;
  if (parser.parseLess() || parser.parseAttribute(mesh) ||
      parser.parseComma() ||
      parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Square, [&]() -> ParseResult {
            FailureOr<DimShardingAttr> dim = parseDimBody(parser);
            if (failed(dim))
              return failure();
            dims.push_back(*dim);
            return success();
          }))
    return {};
  while (succeeded(parser.parseOptionalComma())) {
    StringRef keyword;
    llvm::SMLoc loc = parser.getCurrentLocation();
    if (parser.parseKeyword(&keyword) || parser.parseEqual())
      return {};
    if (keyword == "replicated") {
      if (parseAxisSet(parser, replicated))
        return {};
    } else if (keyword == "unreduced") {
      if (parseAxisSet(parser, unreduced))
        return {};
    } else {
      parser.emitError(loc)
          << "expected 'replicated' or 'unreduced', got '" << keyword << "'";
      return {};
    }
  }
  if (parser.parseGreater())
    return {};
  auto emitError = [&] { return parser.emitError(parser.getNameLoc()); };
  return ShardingAttr::getChecked(ErrorFn(emitError), parser.getContext(), mesh,
                                  ArrayRef<DimShardingAttr>(dims),
                                  ArrayRef<StringAttr>(replicated),
                                  ArrayRef<StringAttr>(unreduced));
}

void ShardingAttr::print(AsmPrinter &printer) const {
  printer << "<" << getMesh() << ", [";
  llvm::interleaveComma(getDims(), printer, [&](DimShardingAttr dim) {
    printDimBody(printer, dim);
  });
  printer << "]";
  auto printSet = [&](StringRef keyword, ArrayRef<StringAttr> axes) {
    if (axes.empty())
      return;
    printer << ", " << keyword << "={";
    llvm::interleaveComma(axes, printer,
                          [&](StringAttr axis) { printer << axis; });
    printer << "}";
  };
  printSet("replicated", getReplicated());
  printSet("unreduced", getUnreduced());
  printer << ">";
}

LogicalResult ShardingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   FlatSymbolRefAttr mesh,
                                   ArrayRef<DimShardingAttr> dims,
                                   ArrayRef<StringAttr> replicated,
                                   ArrayRef<StringAttr> unreduced) {
  if (!mesh)
    return emitError() << "a sharding needs a mesh symbol";
  llvm::SmallSet<StringRef, 4> seen;
  auto check = [&](StringAttr axis, StringRef where) -> LogicalResult {
    if (!seen.insert(axis.getValue()).second)
      return emitError() << "mesh axis " << axis << " is used twice (again "
                         << where << ")";
    return success();
  };
  for (auto [index, dim] : llvm::enumerate(dims))
    for (StringAttr axis : dim.getAxes())
      if (failed(check(axis, "in dimension " + std::to_string(index))))
        return failure();
  for (StringAttr axis : replicated)
    if (failed(check(axis, "in 'replicated'")))
      return failure();
  for (StringAttr axis : unreduced)
    if (failed(check(axis, "in 'unreduced'")))
      return failure();
  return success();
}

LogicalResult
ShardingAttr::verifyFor(function_ref<InFlightDiagnostic()> emitError,
                        MeshAttr mesh, Type type) const {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return emitError() << "a sharding applies to a ranked tensor, not " << type;
  if (static_cast<int64_t>(getDims().size()) != tensor.getRank())
    return emitError() << "sharding has " << getDims().size()
                       << " dimensions but the tensor " << type << " has rank "
                       << tensor.getRank();
  auto known = [&](StringAttr axis) -> LogicalResult {
    if (!mesh.getAxisSize(axis.getValue()))
      return emitError() << "mesh " << getMesh() << " has no axis " << axis;
    return success();
  };
  for (DimShardingAttr dim : getDims())
    for (StringAttr axis : dim.getAxes())
      if (failed(known(axis)))
        return failure();
  for (StringAttr axis :
       llvm::concat<const StringAttr>(getReplicated(), getUnreduced()))
    if (failed(known(axis)))
      return failure();
  return success();
}

SmallVector<int64_t>
ShardingAttr::getLocalShape(MeshAttr mesh, ArrayRef<int64_t> shape) const {
  SmallVector<int64_t> local(shape);
  for (auto [size, dim] : llvm::zip(local, getDims())) {
    int64_t parts = 1;
    for (StringAttr axis : dim.getAxes())
      parts *= mesh.getAxisSize(axis.getValue()).value_or(1);
    size = llvm::divideCeil(size, parts);
  }
  return local;
}

bool ShardingAttr::isFullyReplicated() const {
  return getUnreduced().empty() &&
         llvm::all_of(getDims(), [](DimShardingAttr dim) {
           return dim.getAxes().empty();
         });
}

//===----------------------------------------------------------------------===//
// #kiln.sharding_per_value
//===----------------------------------------------------------------------===//

Attribute ShardingPerValueAttr::parse(AsmParser &parser, Type) {
  SmallVector<ShardingAttr> shardings;
  if (parser.parseLess() ||
      parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Square,
          [&]() -> ParseResult {
            auto sharding = dyn_cast_or_null<ShardingAttr>(
                ShardingAttr::parse(parser, Type()));
            if (!sharding)
              return failure();
            shardings.push_back(sharding);
            return success();
          }) ||
      parser.parseGreater())
    return {};
  return ShardingPerValueAttr::get(parser.getContext(),
                                   ArrayRef<ShardingAttr>(shardings));
}

void ShardingPerValueAttr::print(AsmPrinter &printer) const {
  printer << "<[";
  llvm::interleaveComma(getShardings(), printer, [&](ShardingAttr sharding) {
    sharding.print(printer);
  });
  printer << "]>";
}
