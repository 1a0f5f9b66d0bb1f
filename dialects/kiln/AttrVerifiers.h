//===- AttrVerifiers.h - Checks of kiln's discardable attributes -*- C++
//-*-===//
//
// The dialect's attribute hooks (KilnDialect::verify*Attribute) dispatch to
// these: sharding attributes (ShardingOps.cpp) and the attributes of
// compiled programs (ProgramAttrs.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_ATTRVERIFIERS_H
#define KILN_ATTRVERIFIERS_H

#include "mlir/IR/Operation.h"

namespace mlir::kiln {

/// `kiln.sharding` on an op; success for any other attribute.
LogicalResult verifyShardingOpAttribute(Operation *op, NamedAttribute attr);
/// `kiln.sharding` on argument or result `index` of a function.
LogicalResult verifyShardingValueAttribute(Operation *op, bool isArgument,
                                           unsigned index, NamedAttribute attr);

/// kiln.arena_bytes, kiln.weights_bytes, kiln.runtime, kiln.weights,
/// kiln.unit and kiln.name on an op; success for any other attribute.
LogicalResult verifyProgramOpAttribute(Operation *op, NamedAttribute attr);
/// kiln.name, kiln.parameter and kiln.donated_to on argument or result
/// `index` of a function.
LogicalResult verifyProgramValueAttribute(Operation *op, bool isArgument,
                                          unsigned index, NamedAttribute attr);

} // namespace mlir::kiln

#endif // KILN_ATTRVERIFIERS_H
