//===- LowerCopies.cpp - The --kiln-lower-copies pass ---------------------===//

#include "kiln/Codegen/Common/Passes.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_LOWERCOPIESPASS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

struct LowerCopiesPass : kiln::impl::LowerCopiesPassBase<LowerCopiesPass> {
  void runOnOperation() override {
    getOperation()->walk([](memref::CopyOp copy) {
      OpBuilder b(copy);
      linalg::CopyOp::create(b, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    });
  }
};

} // namespace
