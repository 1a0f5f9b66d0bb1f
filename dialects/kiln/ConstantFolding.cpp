//===- ConstantFolding.cpp - Folding small constant tensors ---------------===//

#include "ConstantFolding.h"

#include "llvm/ADT/APSInt.h"

using namespace mlir;
using namespace mlir::kiln;

DenseElementsAttr mlir::kiln::getSmallConstant(Attribute attr) {
  auto dense = dyn_cast_if_present<DenseElementsAttr>(attr);
  if (!dense || dense.getNumElements() > kMaxFoldedElements)
    return {};
  return dense;
}

namespace {

/// Row-major strides of `shape`.
SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

/// The result built by reading, for every result position (its index per
/// dimension), the source element `source(index)` returns.
template <typename SourceFn>
DenseElementsAttr gatherElements(DenseElementsAttr value, RankedTensorType type,
                                 SourceFn source) {
  SmallVector<Attribute> in(value.getValues<Attribute>());
  ArrayRef<int64_t> shape = type.getShape();
  SmallVector<int64_t> index(shape.size(), 0);
  SmallVector<Attribute> out;
  out.reserve(type.getNumElements());
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    out.push_back(in[source(index)]);
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return DenseElementsAttr::get(type.clone(value.getElementType()), out);
}

} // namespace

DenseElementsAttr mlir::kiln::broadcastElements(DenseElementsAttr value,
                                                RankedTensorType type) {
  auto from = cast<RankedTensorType>(value.getType());
  if (from.getShape() == type.getShape())
    return value;
  if (value.isSplat())
    return value.resizeSplat(type.clone(value.getElementType()));
  ArrayRef<int64_t> in = from.getShape();
  SmallVector<int64_t> strides = stridesOf(in);
  int64_t offset = type.getRank() - from.getRank();
  return gatherElements(value, type, [&](ArrayRef<int64_t> index) {
    int64_t flat = 0;
    for (int64_t d = 0; d < from.getRank(); ++d)
      flat += (in[d] == 1 ? 0 : index[d + offset]) * strides[d];
    return flat;
  });
}

DenseElementsAttr mlir::kiln::sliceElements(DenseElementsAttr value,
                                            ArrayRef<int64_t> start,
                                            ArrayRef<int64_t> stride,
                                            RankedTensorType type) {
  if (value.isSplat())
    return value.resizeSplat(type);
  SmallVector<int64_t> strides =
      stridesOf(cast<RankedTensorType>(value.getType()).getShape());
  return gatherElements(value, type, [&](ArrayRef<int64_t> index) {
    int64_t flat = 0;
    for (size_t d = 0; d < index.size(); ++d)
      flat += (start[d] + index[d] * stride[d]) * strides[d];
    return flat;
  });
}

DenseElementsAttr mlir::kiln::concatElements(ArrayRef<DenseElementsAttr> inputs,
                                             int64_t dim,
                                             RankedTensorType type) {
  SmallVector<SmallVector<Attribute>> values;
  SmallVector<SmallVector<int64_t>> strides;
  SmallVector<int64_t> starts;
  int64_t at = 0;
  for (DenseElementsAttr input : inputs) {
    values.emplace_back(input.getValues<Attribute>());
    auto shape = cast<RankedTensorType>(input.getType()).getShape();
    strides.push_back(stridesOf(shape));
    starts.push_back(at);
    at += shape[dim];
  }
  ArrayRef<int64_t> shape = type.getShape();
  SmallVector<int64_t> index(shape.size(), 0);
  SmallVector<Attribute> out;
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    size_t which = llvm::upper_bound(starts, index[dim]) - starts.begin() - 1;
    int64_t flat = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      flat += (d == static_cast<size_t>(dim) ? index[d] - starts[which]
                                             : index[d]) *
              strides[which][d];
    out.push_back(values[which][flat]);
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return DenseElementsAttr::get(type, out);
}

DenseElementsAttr mlir::kiln::transposeElements(DenseElementsAttr value,
                                                ArrayRef<int64_t> permutation,
                                                RankedTensorType type) {
  if (value.isSplat())
    return value.resizeSplat(type);
  SmallVector<int64_t> strides =
      stridesOf(cast<RankedTensorType>(value.getType()).getShape());
  return gatherElements(value, type, [&](ArrayRef<int64_t> index) {
    int64_t flat = 0;
    for (size_t d = 0; d < index.size(); ++d)
      flat += index[d] * strides[permutation[d]];
    return flat;
  });
}

DenseElementsAttr mlir::kiln::castElements(DenseElementsAttr value,
                                           RankedTensorType type) {
  Type from = value.getElementType(), to = type.getElementType();
  SmallVector<Attribute> out;
  for (Attribute element : value.getValues<Attribute>()) {
    if (auto i = dyn_cast<IntegerAttr>(element)) {
      // i1 and unsigned sources zero-extend; signed ones sign-extend.
      bool isUnsigned = from.isInteger(1) || from.isUnsignedInteger();
      APInt v = i.getValue();
      if (auto toInt = dyn_cast<IntegerType>(to)) {
        if (toInt.getWidth() == 1)
          out.push_back(IntegerAttr::get(to, APInt(1, !v.isZero())));
        else
          out.push_back(IntegerAttr::get(
              to, isUnsigned ? v.zextOrTrunc(toInt.getWidth())
                             : v.sextOrTrunc(toInt.getWidth())));
      } else if (auto toFloat = dyn_cast<FloatType>(to)) {
        APFloat f(toFloat.getFloatSemantics());
        f.convertFromAPInt(v, /*IsSigned=*/!isUnsigned,
                           APFloat::rmNearestTiesToEven);
        out.push_back(FloatAttr::get(to, f));
      } else {
        return {};
      }
      continue;
    }
    auto f = dyn_cast<FloatAttr>(element);
    if (!f)
      return {};
    APFloat v = f.getValue();
    if (auto toFloat = dyn_cast<FloatType>(to)) {
      bool losesInfo;
      v.convert(toFloat.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &losesInfo);
      out.push_back(FloatAttr::get(to, v));
    } else if (auto toInt = dyn_cast<IntegerType>(to)) {
      if (toInt.getWidth() == 1) {
        out.push_back(IntegerAttr::get(to, APInt(1, !v.isZero())));
        continue;
      }
      if (v.isNaN())
        return {};
      APSInt result(toInt.getWidth(), toInt.isUnsigned());
      bool exact;
      v.convertToInteger(result, APFloat::rmTowardZero, &exact);
      out.push_back(IntegerAttr::get(to, result));
    } else {
      return {};
    }
  }
  return DenseElementsAttr::get(type, out);
}
