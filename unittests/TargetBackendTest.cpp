//===- TargetBackendTest.cpp - Adding a target is one interface -----------===//
//
// A tiny backend, registered only here, whose artifact is the codegen-phase
// IR as text: the compile pipeline runs it like the CPU backend, through
// the same phases, with nothing else to change.
//
//===----------------------------------------------------------------------===//

#include "kiln/Analysis/ElementStorage.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/InitAll.h"
#include "kiln/KilnOps.h"
#include "kiln/Pipelines/CompilePipeline.h"
#include "kiln/Pipelines/CompileUnits.h"
#include "kiln/Runtime/kiln_runtime.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Lowers units to linalg on tensors and writes the module as its artifact.
class IrBackend final : public TargetBackend {
public:
  StringRef getName() const override { return "ir"; }
  StringRef getDescription() const override { return "codegen IR as text"; }
  LogicalResult initialize(Location) override {
    ++initialized;
    return success();
  }
  void buildCodegenPipeline(OpPassManager &pm,
                            const CodegenOptions &) const override {
    pm.addPass(createConvertKilnToLinalgPass());
  }
  FailureOr<int64_t> getScratchBytes(ModuleOp) const override { return 0; }
  bool supportsArtifact(ArtifactKind kind) const override {
    return kind == ArtifactKind::object;
  }
  SmallVector<std::string> getRuntimeLibraries(ModuleOp,
                                               ArtifactKind) const override {
    return {};
  }
  LogicalResult emitArtifact(ModuleOp module,
                             const ArtifactOptions &options) override {
    std::error_code ec;
    llvm::raw_fd_ostream os(options.outputPath, ec);
    if (ec)
      return failure();
    module.print(os);
    return success();
  }
  int initialized = 0;
};

constexpr const char *kModel = R"mlir(
func.func @scale(%x: tensor<4xf32> {kiln.name = "x"}) -> (tensor<4xf32> {kiln.name = "y"}) {
  %one = kiln.constant dense<1.0> : tensor<f32>
  %two = kiln.add %one, %one : tensor<f32>
  %y = kiln.mul %x, %two : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
)mlir";

class TargetBackendTest : public ::testing::Test {
protected:
  TargetBackendTest() {
    DialectRegistry registry;
    registerKilnDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }
  MLIRContext context;
};

TEST_F(TargetBackendTest, RegistryFindsBackendsByName) {
  TargetBackendRegistry registry;
  registry.add(std::make_unique<IrBackend>());
  ASSERT_NE(registry.lookup("ir"), nullptr);
  EXPECT_EQ(registry.lookup("ir")->getName(), "ir");
  EXPECT_EQ(registry.lookup("cuda"), nullptr);
  ASSERT_EQ(registry.getNames().size(), 1u);
  EXPECT_EQ(registry.getNames().front(), "ir");
}

TEST_F(TargetBackendTest, PipelineRunsATestBackendToItsArtifact) {
  TargetBackendRegistry registry;
  registry.add(std::make_unique<IrBackend>());
  auto *backend = static_cast<IrBackend *>(registry.lookup("ir"));
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kModel, &context);
  ASSERT_TRUE(module);

  SmallString<64> path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("kiln-ir", "mlir", path));
  ArtifactOptions artifact;
  artifact.kind = ArtifactKind::object;
  artifact.outputPath = std::string(path);
  ASSERT_TRUE(succeeded(
      runCompilePipeline(*module, CompileOptions(), CompilePhase::input,
                         CompilePhase::artifact, *backend, artifact)));
  EXPECT_EQ(backend->initialized, 1);
  auto text = llvm::MemoryBuffer::getFile(path);
  llvm::sys::fs::remove(path);
  ASSERT_TRUE(bool(text));
  StringRef ir = (*text)->getBuffer();
  // One unit with the signature, lowered by the test backend's pipeline;
  // the graph phase folded 1 + 1.
  EXPECT_NE(ir.find("module @scale_model attributes {kiln.unit = "
                    "#kiln.compile_unit<function = \"scale\", symbol = "
                    "\"scale_model\", inputs = [#kiln.tensor_signature<name "
                    "= \"x\", type = tensor<4xf32>>], outputs = "
                    "[#kiln.tensor_signature<name = \"y\", type = "
                    "tensor<4xf32>>]>}"),
            StringRef::npos)
      << ir.str();
  EXPECT_NE(ir.find("linalg.generic"), StringRef::npos) << ir.str();
  EXPECT_EQ(ir.find("kiln.mul"), StringRef::npos) << ir.str();
  EXPECT_EQ(ir.find("kiln.add"), StringRef::npos) << ir.str();
}

TEST_F(TargetBackendTest, UnsupportedArtifactIsAnError) {
  IrBackend backend;
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kModel, &context);
  ASSERT_TRUE(module);
  std::string message;
  ScopedDiagnosticHandler capture(&context, [&](Diagnostic &diagnostic) {
    message = diagnostic.str();
    return success();
  });
  ArtifactOptions artifact;
  artifact.kind = ArtifactKind::executable;
  EXPECT_TRUE(
      failed(runCompilePipeline(*module, CompileOptions(), CompilePhase::input,
                                CompilePhase::artifact, backend, artifact)));
  EXPECT_EQ(message, "target 'ir' cannot produce this kind of artifact");
}

TEST(ElementStorageTest, BitsAndBytesOfElementTypes) {
  MLIRContext context;
  Builder b(&context);
  EXPECT_EQ(getStorageBits(b.getF32Type()), 32);
  EXPECT_EQ(getStorageBits(b.getBF16Type()), 16);
  EXPECT_EQ(getStorageBits(b.getI1Type()), 8);
  EXPECT_EQ(getStorageBits(b.getIntegerType(4)), 8);
  EXPECT_EQ(getStorageBits(b.getIntegerType(4), SubBytePacking::packed), 4);
  EXPECT_EQ(getStorageBits(b.getIndexType()), 64);
  auto i4 = RankedTensorType::get({3, 5}, b.getIntegerType(4));
  EXPECT_EQ(getStorageBytes(i4), 15);
  EXPECT_EQ(getStorageBytes(i4, SubBytePacking::packed), 8);
  EXPECT_EQ(getStorageBytes(RankedTensorType::get({2, 3}, b.getF16Type())), 12);
  EXPECT_EQ(getRuntimeDtype(b.getF32Type()), KILN_F32);
  EXPECT_EQ(getRuntimeDtype(b.getI1Type()), KILN_BOOL);
  EXPECT_EQ(getRuntimeDtype(b.getIntegerType(4)), std::nullopt);
}

} // namespace
