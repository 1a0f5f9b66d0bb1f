//===- OnnxOperators.cpp - The converter table and the core operators ----===//
//
// Each converter reads its node's inputs and attributes through
// NodeContext, checks what it does not support (reporting the node), and
// builds kiln ops; shapes are static, so shape-like inputs (Reshape's shape,
// Unsqueeze's axes) must be constants and are folded here. This file holds
// the table and the core tensor operators (MatMul, Gemm, Reshape, Slice,
// ...); the other categories have a file each (*Converters.cpp).
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

#include "mlir/IR/AsmState.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {
LogicalResult convertIdentity(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  n.setOutput(0, *x);
  return success();
}

/// MatMul with NumPy semantics: [..., M, K] x [K, N], or batched operands
/// of equal rank and equal batch dimensions.
LogicalResult convertMatMul(NodeContext &n) {
  FailureOr<Value> a = n.requiredInput(0), b = n.requiredInput(1);
  if (failed(a) || failed(b))
    return failure();
  int64_t ra = typeOf(*a).getRank(), rb = typeOf(*b).getRank();
  KilnBuilder k(n.b);
  if (ra >= 2 && rb == 2) {
    n.setOutput(0, k.dot(*a, *b, {}, {}, {ra - 1}, {0}));
    return success();
  }
  if (ra >= 3 && ra == rb &&
      typeOf(*a).getShape().drop_back(2) ==
          typeOf(*b).getShape().drop_back(2)) {
    SmallVector<int64_t> batch = llvm::to_vector(llvm::seq<int64_t>(0, ra - 2));
    n.setOutput(0, k.dot(*a, *b, batch, batch, {ra - 1}, {rb - 2}));
    return success();
  }
  return n.error() << "operands of rank " << ra << " and " << rb
                   << " (vectors or broadcast batch dimensions) are not "
                      "supported yet";
}

/// The transpose of constant f32 matrix input `index`, as a new constant
/// (a blob when large), or null when the input is not such a constant.
Value transposeConstantMatrix(NodeContext &n, int index) {
  DenseElementsAttr dense = n.denseConstantInput(index);
  if (!dense || !dense.getElementType().isF32() ||
      dense.getType().getRank() != 2)
    return Value();
  int64_t rows = dense.getType().getDimSize(0),
          cols = dense.getType().getDimSize(1);
  SmallVector<float> values(dense.getValues<float>());
  SmallVector<float> transposed(values.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      transposed[c * rows + r] = values[r * cols + c];
  auto type = RankedTensorType::get({cols, rows}, n.b.getF32Type());
  ElementsAttr attr;
  if (transposed.size() >= 64)
    attr = DenseResourceElementsAttr::get(
        type, "onnx_transposed",
        HeapAsmResourceBlob::allocateAndCopyInferAlign(
            ArrayRef<float>(transposed)));
  else
    attr = DenseElementsAttr::get(type, ArrayRef<float>(transposed));
  auto constant = ConstantOp::create(n.b, attr);
  // The transposed weight stands for the initializer (training updates it).
  if (Operation *original = n.input(index).getDefiningOp())
    if (Attribute name = original->getAttr(KilnDialect::kNameAttrName))
      constant->setAttr(KilnDialect::kNameAttrName, name);
  return constant;
}

/// Y = alpha * A' B' + beta * C, with A' and B' optionally transposed.
LogicalResult convertGemm(NodeContext &n) {
  FailureOr<Value> a = n.requiredInput(0), b = n.requiredInput(1);
  if (failed(a) || failed(b))
    return failure();
  if (typeOf(*a).getRank() != 2 || typeOf(*b).getRank() != 2)
    return n.error() << "A and B must be matrices";
  KilnBuilder k(n.b);
  // Before opset 7 `broadcast` allows C to broadcast, as NumPy rules do.
  n.ignoreAttributes({"broadcast"});
  int64_t contractA = n.intAttr("transA", 0) ? 0 : 1;
  int64_t contractB = n.intAttr("transB", 0) ? 1 : 0;
  // torch's Linear exports its [out, in] weight with transB = 1. A product
  // contracting B's last dimension is not a plain matmul for the CPU
  // schedule, so a constant B is transposed here, once.
  if (contractB == 1)
    if (Value transposed = transposeConstantMatrix(n, 1)) {
      b = transposed;
      contractB = 0;
    }
  Value y = k.dot(*a, *b, {}, {}, {contractA}, {contractB});
  double alpha = n.floatAttr("alpha", 1.0), beta = n.floatAttr("beta", 1.0);
  if (alpha != 1.0)
    y = k.mul(y, k.scalarLike(y, alpha));
  if (Value c = n.input(2)) {
    if (beta != 1.0)
      c = k.mul(c, k.scalarLike(c, beta));
    if (beta != 0.0)
      y = k.add(y, c);
  }
  n.setOutput(0, y);
  return success();
}

LogicalResult convertSoftmax(NodeContext &n, bool logarithm) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  // Before opset 13 the input is flattened to 2-D at `axis` (default 1);
  // that equals a softmax over one axis only when it is the last.
  int64_t defaultAxis = n.opset < 13 ? 1 : -1;
  FailureOr<int64_t> axis =
      normalizeAxis(n, n.intAttr("axis", defaultAxis), rank);
  if (failed(axis))
    return failure();
  if (n.opset < 13 && *axis != rank - 1)
    return n.error() << "before opset 13, softmax over the flattened "
                        "dimensions from axis "
                     << *axis << " is not supported (only the last axis)";
  KilnBuilder k(n.b);
  n.setOutput(0, logarithm ? k.logSoftmax(*x, *axis) : k.softmax(*x, *axis));
  return success();
}

LogicalResult convertTranspose(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  SmallVector<int64_t> perm = n.intsAttr("perm").value_or(
      llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, rank))));
  n.setOutput(0, TransposeOp::create(n.b, *x, perm));
  return success();
}

/// Reshape to `shape` after checking the element count.
LogicalResult emitReshape(NodeContext &n, Value x, ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    if (dim < 0 || llvm::MulOverflow(count, dim, count))
      return n.error() << "cannot reshape " << typeOf(x)
                       << " to a shape with a negative or too large dimension";
  if (count != typeOf(x).getNumElements())
    return n.error() << "cannot reshape " << typeOf(x) << " to " << shape.size()
                     << "-d shape with " << count << " elements";
  KilnBuilder k(n.b);
  n.setOutput(0, k.reshape(x, shape));
  return success();
}

LogicalResult convertReshape(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  FailureOr<SmallVector<int64_t>> requested = n.constantInts(1);
  if (failed(x) || failed(requested))
    return failure();
  ArrayRef<int64_t> in = typeOf(*x).getShape();
  bool allowZero = n.intAttr("allowzero", 0) != 0;
  SmallVector<int64_t> shape;
  int64_t inferred = -1, known = 1;
  for (auto [i, dim] : llvm::enumerate(*requested)) {
    if (dim == 0 && !allowZero) {
      if (i >= in.size())
        return n.error() << "shape entry " << i
                         << " copies a dimension the input does not have";
      dim = in[i];
    }
    if (dim == -1) {
      if (inferred >= 0)
        return n.error() << "shape has more than one -1";
      inferred = i;
      shape.push_back(1);
      continue;
    }
    if (dim < 0)
      return n.error() << "shape entry " << dim << " is invalid";
    if (llvm::MulOverflow(known, dim, known))
      return n.error() << "the shape's element count is too large";
    shape.push_back(dim);
  }
  if (inferred >= 0) {
    if (known == 0 || typeOf(*x).getNumElements() % known)
      return n.error() << "cannot infer the -1 entry of the shape";
    shape[inferred] = typeOf(*x).getNumElements() / known;
  }
  return emitReshape(n, *x, shape);
}

LogicalResult convertFlatten(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> in = typeOf(*x).getShape();
  int64_t rank = in.size();
  int64_t axis = n.intAttr("axis", 1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis > rank)
    return n.error() << "axis " << n.intAttr("axis", 1)
                     << " is out of range for rank " << rank;
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < rank; ++i)
    (i < axis ? outer : inner) *= in[i];
  return emitReshape(n, *x, {outer, inner});
}

/// The axes of Squeeze/Unsqueeze: an attribute before opset 13, an input
/// from 13 on.
FailureOr<SmallVector<int64_t>> getAxes(NodeContext &n) {
  if (n.opset < 13) {
    if (auto axes = n.intsAttr("axes"))
      return *axes;
    return SmallVector<int64_t>();
  }
  if (!n.input(1))
    return SmallVector<int64_t>();
  return n.constantInts(1);
}

LogicalResult convertUnsqueeze(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  FailureOr<SmallVector<int64_t>> axes = getAxes(n);
  if (failed(x) || failed(axes))
    return failure();
  ArrayRef<int64_t> in = typeOf(*x).getShape();
  int64_t rank = in.size() + axes->size();
  SmallVector<bool> isNew(rank, false);
  for (int64_t axis : *axes) {
    FailureOr<int64_t> a = normalizeAxis(n, axis, rank);
    if (failed(a))
      return failure();
    isNew[*a] = true;
  }
  SmallVector<int64_t> shape;
  size_t next = 0;
  for (int64_t i = 0; i < rank; ++i)
    shape.push_back(isNew[i] ? 1 : in[next++]);
  return emitReshape(n, *x, shape);
}

LogicalResult convertSqueeze(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  FailureOr<SmallVector<int64_t>> axes = getAxes(n);
  if (failed(x) || failed(axes))
    return failure();
  ArrayRef<int64_t> in = typeOf(*x).getShape();
  SmallVector<bool> drop(in.size(), axes->empty());
  if (axes->empty())
    for (auto [i, dim] : llvm::enumerate(in))
      drop[i] = dim == 1;
  for (int64_t axis : *axes) {
    FailureOr<int64_t> a = normalizeAxis(n, axis, in.size());
    if (failed(a))
      return failure();
    if (in[*a] != 1)
      return n.error() << "cannot squeeze axis " << axis << " of size "
                       << in[*a];
    drop[*a] = true;
  }
  SmallVector<int64_t> shape;
  for (auto [i, dim] : llvm::enumerate(in))
    if (!drop[i])
      shape.push_back(dim);
  return emitReshape(n, *x, shape);
}

LogicalResult convertConcat(NodeContext &n) {
  SmallVector<Value> inputs;
  for (int i = 0; i < n.node.input_size(); ++i) {
    FailureOr<Value> x = n.requiredInput(i);
    if (failed(x))
      return failure();
    inputs.push_back(*x);
  }
  if (inputs.empty())
    return n.error() << "needs at least one input";
  FailureOr<int64_t> axis =
      normalizeAxis(n, n.intAttr("axis", 0), typeOf(inputs[0]).getRank());
  if (failed(axis))
    return failure();
  n.setOutput(0, ConcatOp::create(n.b, inputs, *axis));
  return success();
}

/// Shape is static: a constant.
LogicalResult convertShape(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = typeOf(*x).getShape();
  int64_t rank = shape.size();
  int64_t start = n.intAttr("start", 0), end = n.intAttr("end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  SmallVector<int64_t> dims(shape.begin() + start,
                            shape.begin() + std::max(start, end));
  auto type = RankedTensorType::get({static_cast<int64_t>(dims.size())},
                                    n.b.getI64Type());
  n.setOutput(0, ConstantOp::create(n.b, DenseElementsAttr::get(
                                             type, ArrayRef<int64_t>(dims))));
  return success();
}

LogicalResult convertGather(NodeContext &n) {
  FailureOr<Value> data = n.requiredInput(0), indices = n.requiredInput(1);
  if (failed(data) || failed(indices))
    return failure();
  FailureOr<int64_t> axis =
      normalizeAxis(n, n.intAttr("axis", 0), typeOf(*data).getRank());
  if (failed(axis))
    return failure();
  // Indices into a shape (x.size(1)) fold; their data is a small constant.
  auto constData = dyn_cast_or_null<DenseElementsAttr>(n.constantInput(0));
  auto constIndices = dyn_cast_or_null<DenseElementsAttr>(n.constantInput(1));
  if (constData && constIndices && constData.getType().getRank() == 1) {
    SmallVector<Attribute> values(constData.getValues<Attribute>());
    SmallVector<Attribute> taken;
    int64_t size = values.size();
    for (const APInt &index : constIndices.getValues<APInt>()) {
      int64_t i = index.getSExtValue();
      if (i < -size || i >= size)
        return n.error() << "index " << i << " is out of range for size "
                         << size;
      taken.push_back(values[i < 0 ? i + size : i]);
    }
    auto type = RankedTensorType::get(constIndices.getType().getShape(),
                                      constData.getElementType());
    n.setOutput(0,
                ConstantOp::create(n.b, DenseElementsAttr::get(type, taken)));
    return success();
  }
  n.setOutput(0, GatherOp::create(n.b, *data, *indices, *axis));
  return success();
}

/// Slice with constant starts/ends/axes/steps; positive steps only.
LogicalResult convertSlice(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  // Before opset 10, starts, ends and axes are attributes.
  FailureOr<SmallVector<int64_t>> starts =
      n.opset < 10 ? FailureOr<SmallVector<int64_t>>(
                         n.intsAttr("starts").value_or(SmallVector<int64_t>()))
                   : n.constantInts(1);
  FailureOr<SmallVector<int64_t>> ends =
      n.opset < 10 ? FailureOr<SmallVector<int64_t>>(
                         n.intsAttr("ends").value_or(SmallVector<int64_t>()))
                   : n.constantInts(2);
  if (failed(starts) || failed(ends))
    return failure();
  ArrayRef<int64_t> shape = typeOf(*x).getShape();
  int64_t rank = shape.size();
  SmallVector<int64_t> axes =
      llvm::to_vector(llvm::seq<int64_t>(0, starts->size()));
  SmallVector<int64_t> steps(starts->size(), 1);
  if (n.opset < 10) {
    if (auto given = n.intsAttr("axes"))
      axes = *given;
  } else if (n.input(3)) {
    FailureOr<SmallVector<int64_t>> given = n.constantInts(3);
    if (failed(given))
      return failure();
    axes = *given;
  }
  if (n.input(4)) {
    FailureOr<SmallVector<int64_t>> given = n.constantInts(4);
    if (failed(given))
      return failure();
    steps = *given;
  }
  if (axes.size() != starts->size() || ends->size() != starts->size() ||
      steps.size() != starts->size())
    return n.error() << "starts, ends, axes and steps differ in length";
  SmallVector<int64_t> start(rank, 0), limit(shape), stride(rank, 1);
  // Axes with a negative step: the positions taken, gathered after the
  // positive-step slice.
  SmallVector<std::pair<int64_t, SmallVector<int64_t>>> reversed;
  for (size_t i = 0; i < axes.size(); ++i) {
    FailureOr<int64_t> axis = normalizeAxis(n, axes[i], rank);
    if (failed(axis))
      return failure();
    if (steps[i] == 0)
      return n.error() << "step 0 is invalid";
    int64_t size = shape[*axis];
    if (steps[i] < 0) {
      // start clamps to [0, size - 1] and end to [-1, size - 1].
      int64_t from = (*starts)[i], to = (*ends)[i];
      from = std::clamp<int64_t>(from < 0 ? from + size : from, 0, size - 1);
      to = to < -size
               ? -1
               : std::clamp<int64_t>(to < 0 ? to + size : to, -1, size - 1);
      SmallVector<int64_t> positions;
      for (int64_t at = from; at > to; at += steps[i])
        positions.push_back(at);
      if (positions.empty())
        return n.error() << "a slice with no elements is not supported";
      reversed.emplace_back(*axis, positions);
      continue;
    }
    auto clampIndex = [&](int64_t v) {
      return std::clamp<int64_t>(v < 0 ? v + size : v, 0, size);
    };
    start[*axis] = clampIndex((*starts)[i]);
    limit[*axis] = std::max(start[*axis], clampIndex((*ends)[i]));
    // An empty slice of a constant (a shape's empty prefix) folds; one of a
    // run-time tensor would be a zero-size tensor.
    if (limit[*axis] == start[*axis] && !n.constantInput(0))
      return n.error() << "the slice of axis " << *axis
                       << " has no elements (from " << start[*axis]
                       << "), and zero-size tensors are not supported";
    stride[*axis] = steps[i];
  }
  Value y = SliceOp::create(n.b, *x, start, limit, stride);
  for (auto &[axis, positions] : reversed) {
    auto type = RankedTensorType::get({static_cast<int64_t>(positions.size())},
                                      n.b.getI64Type());
    Value indices = ConstantOp::create(
        n.b, DenseElementsAttr::get(type, ArrayRef<int64_t>(positions)));
    y = GatherOp::create(n.b, y, indices, axis);
  }
  n.setOutput(0, y);
  return success();
}

/// Split into the given sizes (an input from opset 13, an attribute
/// before), or equal parts (num_outputs from 18, else the output count).
LogicalResult convertSplit(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = typeOf(*x).getShape();
  FailureOr<int64_t> axis =
      normalizeAxis(n, n.intAttr("axis", 0), shape.size());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> sizes;
  if (n.opset >= 13 && n.input(1)) {
    FailureOr<SmallVector<int64_t>> given = n.constantInts(1);
    if (failed(given))
      return failure();
    sizes = *given;
  } else if (auto given = n.intsAttr("split")) {
    sizes = *given;
  } else {
    int64_t parts = n.intAttr("num_outputs", n.node.output_size());
    if (parts <= 0)
      return n.error() << "cannot split into " << parts << " parts";
    int64_t size = shape[*axis];
    int64_t each = (size + parts - 1) / parts;
    for (int64_t p = 0; p < parts; ++p)
      sizes.push_back(std::min(each, size - p * each));
  }
  if (static_cast<int>(sizes.size()) != n.node.output_size())
    return n.error() << sizes.size() << " split sizes for "
                     << n.node.output_size() << " outputs";
  auto split = SplitOp::create(n.b, *x, *axis, sizes);
  for (auto [i, result] : llvm::enumerate(split.getResults()))
    n.setOutput(i, result);
  return success();
}

/// Expand: NumPy broadcasting of the input and a constant shape.
LogicalResult convertExpand(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  FailureOr<SmallVector<int64_t>> requested = n.constantInts(1);
  if (failed(x) || failed(requested))
    return failure();
  ArrayRef<int64_t> in = typeOf(*x).getShape();
  size_t rank = std::max(in.size(), requested->size());
  SmallVector<int64_t> shape(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < rank - in.size() ? 1 : in[i - (rank - in.size())];
    int64_t b = i < rank - requested->size()
                    ? 1
                    : (*requested)[i - (rank - requested->size())];
    if (a != b && a != 1 && b != 1)
      return n.error() << "cannot broadcast " << typeOf(*x) << " to the "
                       << "requested shape (dimension " << i << ": " << a
                       << " vs " << b << ")";
    shape[i] = a == 1 ? b : a;
  }
  auto type = RankedTensorType::get(shape, typeOf(*x).getElementType());
  n.setOutput(0, type == x->getType()
                     ? *x
                     : BroadcastOp::create(n.b, type, *x).getResult());
  return success();
}

/// ConstantOfShape: a splat of the `value` attribute (default float 0).
LogicalResult convertConstantOfShape(NodeContext &n) {
  FailureOr<SmallVector<int64_t>> shape = n.constantInts(0);
  if (failed(shape))
    return failure();
  Type elementType = n.b.getF32Type();
  Attribute element = n.b.getF32FloatAttr(0.0f);
  if (const onnx::AttributeProto *value = n.attribute("value")) {
    std::string message;
    FailureOr<ElementsAttr> attr =
        convertTensor(value->t(), n.b.getContext(), "value", message);
    auto dense = succeeded(attr) ? dyn_cast<DenseElementsAttr>(*attr)
                                 : DenseElementsAttr();
    if (!dense || dense.getNumElements() != 1)
      return n.error() << "value must be a one-element tensor"
                       << (message.empty() ? "" : ": " + message);
    elementType = dense.getElementType();
    element = *dense.getValues<Attribute>().begin();
  }
  auto type = RankedTensorType::get(*shape, elementType);
  n.setOutput(0,
              ConstantOp::create(n.b, DenseElementsAttr::get(type, element)));
  return success();
}

/// Range of constant scalars: start, start + delta, ... below limit.
LogicalResult convertRange(NodeContext &n) {
  SmallVector<double> bounds;
  Type elementType;
  for (int i = 0; i < 3; ++i) {
    DenseElementsAttr attr = n.denseConstantInput(i);
    if (!attr)
      return n.notConstant(i);
    if (attr.getNumElements() != 1)
      return n.error() << "start, limit and delta must be scalars";
    elementType = attr.getElementType();
    Attribute value = *attr.getValues<Attribute>().begin();
    if (auto f = dyn_cast<FloatAttr>(value))
      bounds.push_back(f.getValueAsDouble());
    else
      bounds.push_back(static_cast<double>(cast<IntegerAttr>(value).getInt()));
  }
  double start = bounds[0], limit = bounds[1], delta = bounds[2];
  if (delta == 0)
    return n.error() << "delta is zero";
  int64_t count = std::max<int64_t>(
      0, static_cast<int64_t>(std::ceil((limit - start) / delta)));
  SmallVector<Attribute> values;
  for (int64_t i = 0; i < count; ++i) {
    double v = start + i * delta;
    values.push_back(isa<FloatType>(elementType)
                         ? Attribute(FloatAttr::get(elementType, v))
                         : Attribute(IntegerAttr::get(
                               elementType, static_cast<int64_t>(v))));
  }
  auto type = RankedTensorType::get({count}, elementType);
  n.setOutput(0, ConstantOp::create(n.b, DenseElementsAttr::get(type, values)));
  return success();
}

} // namespace

const ConverterMap &mlir::kiln::onnx_import::getConverters() {
  static const ConverterMap converters = [] {
    ConverterMap map = {
        {"Concat", convertConcat},
        {"ConstantOfShape", convertConstantOfShape},
        {"Expand", convertExpand},
        {"Flatten", convertFlatten},
        {"Gather", convertGather},
        {"Gemm", convertGemm},
        {"Identity", convertIdentity},
        {"LogSoftmax", [](NodeContext &n) { return convertSoftmax(n, true); }},
        {"MatMul", convertMatMul},
        {"Range", convertRange},
        {"Reshape", convertReshape},
        {"Shape", convertShape},
        {"Slice", convertSlice},
        {"Softmax", [](NodeContext &n) { return convertSoftmax(n, false); }},
        {"Split", convertSplit},
        {"Squeeze", convertSqueeze},
        {"Transpose", convertTranspose},
        {"Unsqueeze", convertUnsqueeze},
    };
    addElementwiseConverters(map);
    addReductionConverters(map);
    addShapeConverters(map);
    addNeuralNetConverters(map);
    addLossConverters(map);
    addResizeConverters(map);
    addRecurrentConverters(map);
    addSearchConverters(map);
    addScatterConverters(map);
    addDataDependentConverters(map);
    addEinsumConverter(map);
    addGridSampleConverter(map);
    addSpectralConverters(map);
    return map;
  }();
  return converters;
}

std::optional<llvm::StringRef>
mlir::kiln::onnx_import::whyUnsupported(llvm::StringRef opType) {
  static const llvm::StringMap<llvm::StringRef> reasons = [] {
    constexpr llvm::StringLiteral random =
        "it draws random numbers, which Kiln's deterministic inference "
        "programs do not";
    constexpr llvm::StringLiteral control =
        "control flow (a subgraph attribute) is not supported; export the "
        "model with the loop unrolled or the branch taken";
    constexpr llvm::StringLiteral sequence =
        "sequence and optional values are not supported, only tensors";
    constexpr llvm::StringLiteral strings = "string tensors are not supported";
    llvm::StringMap<llvm::StringRef> map;
    for (const char *op : {"Bernoulli", "RandomNormal", "RandomNormalLike",
                           "RandomUniform", "RandomUniformLike", "Multinomial"})
      map[op] = random;
    for (const char *op : {"If", "Loop", "Scan"})
      map[op] = control;
    for (const char *op :
         {"SequenceAt", "SequenceConstruct", "SequenceEmpty", "SequenceErase",
          "SequenceInsert", "SequenceLength", "SequenceMap", "SplitToSequence",
          "ConcatFromSequence", "Optional", "OptionalGetElement",
          "OptionalHasElement"})
      map[op] = sequence;
    for (const char *op : {"StringNormalizer", "TfIdfVectorizer",
                           "RegexFullMatch", "StringConcat", "StringSplit"})
      map[op] = strings;
    map["NonMaxSuppression"] =
        "the number of selected boxes depends on the boxes' scores and "
        "overlaps, and Kiln compiles static shapes only; run the "
        "suppression outside the model";
    return map;
  }();
  auto found = reasons.find(opType);
  if (found == reasons.end())
    return std::nullopt;
  return found->second;
}
