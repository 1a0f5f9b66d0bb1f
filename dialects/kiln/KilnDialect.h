//===- KilnDialect.h - The kiln dialect -------------------------*- C++ -*-===//
//
// Declares the kiln dialect class, its enums and attributes.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_KILNDIALECT_H
#define KILN_KILNDIALECT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

#include "kiln/KilnDialect.h.inc"
#include "kiln/KilnEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "kiln/KilnAttrs.h.inc"

#endif // KILN_KILNDIALECT_H
