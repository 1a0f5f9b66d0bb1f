//===- ShardOptions.cpp - kiln-compile's --mesh and --shard ---------------===//

#include "kiln/Pipelines/ShardOptions.h"

#include "kiln/Compiler/ModelSignature.h"
#include "kiln/KilnOps.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace mlir::kiln;

/// `data=2,model=2` as a mesh.
static FailureOr<MeshAttr> parseMesh(MLIRContext *context, StringRef text) {
  SmallVector<StringRef> parts;
  text.split(parts, ',');
  SmallVector<StringAttr> names;
  SmallVector<int64_t> sizes;
  for (StringRef part : parts) {
    auto [name, size] = part.trim().split('=');
    int64_t value;
    name = name.trim();
    if (name.empty() || size.trim().getAsInteger(10, value) || value < 1 ||
        !llvm::all_of(name, [](char c) { return isalnum(c) || c == '_'; }))
      return emitError(UnknownLoc::get(context))
             << "--mesh expects NAME=SIZE[,NAME=SIZE...] with positive "
                "sizes, not '"
             << text << "'";
    if (llvm::is_contained(names, StringAttr::get(context, name)))
      return emitError(UnknownLoc::get(context))
             << "--mesh names axis '" << name << "' twice";
    names.push_back(StringAttr::get(context, name));
    sizes.push_back(value);
  }
  return MeshAttr::get(context, names, sizes);
}

LogicalResult mlir::kiln::applyShardingOptions(ModuleOp module, StringRef entry,
                                               StringRef meshText,
                                               ShardMode shard,
                                               StringRef shardFile) {
  MLIRContext *context = module.getContext();
  auto meshes = llvm::to_vector(module.getOps<MeshOp>());
  if (!meshText.empty()) {
    if (!meshes.empty())
      return meshes.front().emitError("--mesh: the model already has mesh @")
             << meshes.front().getSymName();
    FailureOr<MeshAttr> mesh = parseMesh(context, meshText);
    if (failed(mesh))
      return failure();
    OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
    meshes.push_back(MeshOp::create(builder, module.getLoc(),
                                    builder.getStringAttr("mesh"), *mesh,
                                    nullptr, nullptr));
  }
  if (shard == ShardMode::none)
    return success();
  if (meshes.size() != 1)
    return emitError(module.getLoc())
           << (shard == ShardMode::file ? "--shard-file" : "--shard")
           << " needs exactly one mesh (give --mesh); the model has "
           << meshes.size();
  if (shard == ShardMode::automatic)
    return success();
  MeshOp mesh = meshes.front();
  FailureOr<func::FuncOp> function = findEntryFunction(module, entry);
  if (failed(function))
    return failure();
  auto meshRef = FlatSymbolRefAttr::get(mesh.getSymNameAttr());
  auto annotate =
      [&](unsigned index, ShardingAttr sharding,
          function_ref<InFlightDiagnostic()> emitError) -> LogicalResult {
    if (failed(sharding.verifyFor(emitError, mesh.getMesh(),
                                  function->getArgumentTypes()[index])))
      return failure();
    function->setArgAttr(index, KilnDialect::kShardingAttrName, sharding);
    return success();
  };

  if (shard == ShardMode::batch) {
    StringAttr axis = mesh.getMesh().getAxisNames().front();
    for (auto [index, type] : llvm::enumerate(function->getArgumentTypes())) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor || tensor.getRank() == 0)
        continue;
      SmallVector<DimShardingAttr> dims(
          tensor.getRank(), DimShardingAttr::get(context, {}, false, -1));
      dims[0] = DimShardingAttr::get(context, {axis}, false, -1);
      if (failed(annotate(index, ShardingAttr::get(meshRef, dims),
                          [&] { return function->emitError(); })))
        return failure();
    }
    return success();
  }

  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(shardFile, &error);
  if (!file)
    return emitError(module.getLoc()) << "--shard-file: " << error;
  SmallVector<StringRef> lines;
  file->getBuffer().split(lines, '\n');
  for (auto [number, raw] : llvm::enumerate(lines)) {
    StringRef line = raw.split('#').first.trim();
    if (line.empty())
      continue;
    auto at = [&, number = number] {
      return emitError(FileLineColLoc::get(context, shardFile, number + 1, 1));
    };
    size_t bracket = line.find('[');
    StringRef name = line.take_front(bracket).trim();
    if (bracket == StringRef::npos || name.empty())
      return at() << "expected NAME [{\"axis\"}, {}, ...]";
    std::optional<unsigned> index;
    // Weights (ONNX initializers) are named constants.
    ConstantOp constant;
    function->walk([&](ConstantOp op) {
      if (auto opName =
              op->getAttrOfType<StringAttr>(KilnDialect::kNameAttrName))
        if (opName.getValue() == name)
          constant = op;
    });
    for (unsigned i = 0, e = function->getNumArguments(); i < e; ++i) {
      auto argName =
          function->getArgAttrOfType<StringAttr>(i, KilnDialect::kNameAttrName);
      if ((argName && argName.getValue() == name) ||
          name == ("arg" + Twine(i)).str())
        index = i;
    }
    if (!index && !constant)
      return at() << "'" << function->getSymName()
                  << "' has no input or weight '" << name << "'";
    std::string text = ("#kiln.sharding<@" + mesh.getSymName() + ", " +
                        line.drop_front(bracket) + ">")
                           .str();
    Attribute parsed;
    {
      // The parser's own message would point into the synthesized text.
      ScopedDiagnosticHandler quiet(context,
                                    [](Diagnostic &) { return success(); });
      parsed = parseAttribute(text, context);
    }
    auto sharding = dyn_cast_or_null<ShardingAttr>(parsed);
    if (!sharding)
      return at() << "cannot read the sharding '" << line.drop_front(bracket)
                  << "' (expected [{\"axis\", ...}, {}, ...])";
    if (constant) {
      if (failed(sharding.verifyFor(at, mesh.getMesh(), constant.getType())))
        return failure();
      constant->setAttr(KilnDialect::kShardingAttrName,
                        ShardingPerValueAttr::get(context, {sharding}));
      continue;
    }
    if (failed(annotate(*index, sharding, at)))
      return failure();
  }
  return success();
}
