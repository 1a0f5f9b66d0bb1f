//===- KilnDialect.cpp - The kiln dialect ---------------------------------===//
//
// Registers kiln's ops and attributes and materializes folded constants.
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnDialect.h"
#include "kiln/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

#include "kiln/KilnDialect.cpp.inc"

void KilnDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "kiln/KilnOps.cpp.inc"
      >();
  registerAttributes();
}

Operation *KilnDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}
