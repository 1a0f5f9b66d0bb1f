//===- BodyCost.h - Rough cost of one iteration of a linalg body -*- C++
//-*-===//

#ifndef KILN_CODEGEN_COMMON_BODYCOST_H
#define KILN_CODEGEN_COMMON_BODYCOST_H

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Block.h"

namespace mlir::kiln {

/// Rough cost of one evaluation of a linalg body: one per arithmetic op, 12
/// per math function (an exponential is a polynomial of about a dozen
/// operations after kiln-approximate-math, or a libm call). Used to decide
/// what is cheap to recompute (fusion) and what is worth a task (threads).
inline int64_t getBodyCost(Block &body) {
  int64_t cost = 0;
  for (Operation &op : body.without_terminator())
    cost += isa<math::MathDialect>(op.getDialect()) ? 12 : 1;
  return cost;
}

} // namespace mlir::kiln

#endif // KILN_CODEGEN_COMMON_BODYCOST_H
