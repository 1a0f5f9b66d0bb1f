//===- onnx_mutator.cpp - Structure-aware mutations of ONNX models --------===//

#include "onnx_mutator.h"

#include "kiln/Import/OnnxImporter.h"

#include "onnx/onnx_pb.h"

#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace mlir::kiln;

namespace {

using Random = std::mt19937;

size_t pick(Random &random, size_t n) {
  return std::uniform_int_distribution<size_t>(0, n - 1)(random);
}

/// Integers exporters and attackers get wrong: signs, zero, off-by-one
/// sizes, 32-bit overflow, and values whose products overflow 64 bits.
int64_t edgeInteger(Random &random, int64_t old) {
  // Neighbours of the old value wrap (in unsigned arithmetic) rather than
  // overflow.
  auto wrap = [](uint64_t v) { return static_cast<int64_t>(v); };
  uint64_t bits = static_cast<uint64_t>(old);
  const int64_t values[] = {0,
                            1,
                            -1,
                            2,
                            -2,
                            3,
                            7,
                            wrap(bits + 1),
                            wrap(bits - 1),
                            wrap(0 - bits),
                            wrap(bits * 2),
                            int64_t{1} << 31,
                            int64_t{1} << 40,
                            std::numeric_limits<int64_t>::max(),
                            std::numeric_limits<int64_t>::min()};
  return values[pick(random, std::size(values))];
}

float edgeFloat(Random &random) {
  const float values[] = {0.0f,
                          -0.0f,
                          1.0f,
                          -1.0f,
                          1e-30f,
                          1e30f,
                          std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity(),
                          std::numeric_limits<float>::quiet_NaN()};
  return values[pick(random, std::size(values))];
}

/// Every value name the graph defines or uses, and a name it does not.
std::vector<std::string> valueNames(const onnx::GraphProto &graph) {
  std::vector<std::string> names = {"", "kiln_fuzz_missing"};
  for (const auto &input : graph.input())
    names.push_back(input.name());
  for (const auto &initializer : graph.initializer())
    names.push_back(initializer.name());
  for (const auto &node : graph.node())
    for (const auto &output : node.output())
      names.push_back(output);
  return names;
}

void mutateDims(Random &random, onnx::TensorShapeProto &shape) {
  switch (pick(random, 4)) {
  case 0: // drop one (rank too small)
    if (shape.dim_size() > 0) {
      shape.mutable_dim()->SwapElements(pick(random, shape.dim_size()),
                                        shape.dim_size() - 1);
      shape.mutable_dim()->RemoveLast();
      return;
    }
    [[fallthrough]];
  case 1: // add one (rank too large)
    shape.add_dim()->set_dim_value(edgeInteger(random, 1));
    return;
  case 2: // a symbolic dimension nobody fixes
    if (shape.dim_size() > 0) {
      shape.mutable_dim(pick(random, shape.dim_size()))->set_dim_param("N");
      return;
    }
    [[fallthrough]];
  default: // a wrong, zero, negative or huge extent
    if (shape.dim_size() > 0) {
      auto *dim = shape.mutable_dim(pick(random, shape.dim_size()));
      dim->set_dim_value(edgeInteger(random, dim->dim_value()));
    }
    return;
  }
}

void mutateValueInfo(Random &random, onnx::ValueInfoProto &info) {
  auto *tensor = info.mutable_type()->mutable_tensor_type();
  if (pick(random, 4) == 0) {
    tensor->set_elem_type(static_cast<int32_t>(pick(random, 26)));
    return;
  }
  if (pick(random, 8) == 0) {
    tensor->clear_shape();
    return;
  }
  mutateDims(random, *tensor->mutable_shape());
}

void mutateAttribute(Random &random, onnx::NodeProto &node,
                     const onnx::GraphProto &graph) {
  if (node.attribute_size() == 0 || pick(random, 6) == 0) {
    // Borrow another node's attribute (a name this operator may not know).
    const onnx::NodeProto &other = graph.node(pick(random, graph.node_size()));
    if (other.attribute_size() > 0)
      *node.add_attribute() =
          other.attribute(pick(random, other.attribute_size()));
    return;
  }
  int index = static_cast<int>(pick(random, node.attribute_size()));
  onnx::AttributeProto &attribute = *node.mutable_attribute(index);
  switch (pick(random, 6)) {
  case 0: // drop it (a required attribute goes missing)
    node.mutable_attribute()->SwapElements(index, node.attribute_size() - 1);
    node.mutable_attribute()->RemoveLast();
    return;
  case 1: // declare another type than the value it holds
    attribute.set_type(
        static_cast<onnx::AttributeProto::AttributeType>(pick(random, 15)));
    return;
  case 2:
    attribute.set_i(edgeInteger(random, attribute.i()));
    return;
  case 3:
    attribute.set_f(edgeFloat(random));
    return;
  case 4:
    if (attribute.ints_size() > 0 && pick(random, 3) != 0) {
      int at = static_cast<int>(pick(random, attribute.ints_size()));
      attribute.set_ints(at, edgeInteger(random, attribute.ints(at)));
    } else if (attribute.ints_size() > 0 && pick(random, 2) == 0) {
      attribute.mutable_ints()->RemoveLast();
    } else {
      attribute.add_ints(edgeInteger(random, 1));
    }
    return;
  default:
    attribute.set_s(pick(random, 2) ? "" : "kiln_fuzz_mode");
    return;
  }
}

void mutateNode(Random &random, onnx::GraphProto &graph) {
  const std::vector<std::string> names = valueNames(graph);
  int index = static_cast<int>(pick(random, graph.node_size()));
  onnx::NodeProto &node = *graph.mutable_node(index);
  switch (pick(random, 9)) {
  case 0: // an input becomes another value: forward references, cycles
    if (node.input_size() > 0) {
      node.set_input(static_cast<int>(pick(random, node.input_size())),
                     names[pick(random, names.size())]);
      return;
    }
    [[fallthrough]];
  case 1: // one input too many
    node.add_input(names[pick(random, names.size())]);
    return;
  case 2: // one input too few
    if (node.input_size() > 0) {
      node.mutable_input()->RemoveLast();
      return;
    }
    [[fallthrough]];
  case 3: // an output redefines a value, or goes missing
    if (node.output_size() > 0) {
      if (pick(random, 2))
        node.set_output(static_cast<int>(pick(random, node.output_size())),
                        names[pick(random, names.size())]);
      else
        node.mutable_output()->RemoveLast();
      return;
    }
    [[fallthrough]];
  case 4: { // another operator on the same operands
    static const std::vector<std::string> operators =
        getSupportedOnnxOperators();
    if (pick(random, 2) && !operators.empty())
      node.set_op_type(operators[pick(random, operators.size())]);
    else
      node.set_op_type(graph.node(pick(random, graph.node_size())).op_type());
    return;
  }
  case 5: // a domain nobody implements
    node.set_domain(pick(random, 2) ? "com.microsoft" : "kiln.fuzz");
    return;
  case 6: // nodes out of topological order
    graph.mutable_node()->SwapElements(
        index, static_cast<int>(pick(random, graph.node_size())));
    return;
  case 7: // a node removed (its outputs dangle) or duplicated
    if (pick(random, 2)) {
      graph.mutable_node()->SwapElements(index, graph.node_size() - 1);
      graph.mutable_node()->RemoveLast();
    } else {
      *graph.add_node() = node;
    }
    return;
  default:
    mutateAttribute(random, node, graph);
    return;
  }
}

void mutateInitializer(Random &random, onnx::GraphProto &graph) {
  int index = static_cast<int>(pick(random, graph.initializer_size()));
  onnx::TensorProto &tensor = *graph.mutable_initializer(index);
  switch (pick(random, 5)) {
  case 0: // missing
    graph.mutable_initializer()->SwapElements(index,
                                              graph.initializer_size() - 1);
    graph.mutable_initializer()->RemoveLast();
    return;
  case 1: // fewer bytes than its dimensions say
    if (!tensor.raw_data().empty()) {
      tensor.mutable_raw_data()->resize(pick(random, tensor.raw_data().size()));
      return;
    }
    tensor.clear_float_data();
    tensor.clear_int64_data();
    tensor.clear_int32_data();
    return;
  case 2: // another element type over the same bytes
    tensor.set_data_type(static_cast<int32_t>(pick(random, 26)));
    return;
  case 3: // dimensions that disagree with the data
    if (tensor.dims_size() > 0 && pick(random, 2)) {
      int at = static_cast<int>(pick(random, tensor.dims_size()));
      tensor.set_dims(at, edgeInteger(random, tensor.dims(at)));
    } else {
      tensor.add_dims(edgeInteger(random, 1));
    }
    return;
  default: // data kept elsewhere
    tensor.set_data_location(onnx::TensorProto::EXTERNAL);
    return;
  }
}

void mutateModel(Random &random, onnx::ModelProto &model) {
  onnx::GraphProto &graph = *model.mutable_graph();
  switch (pick(random, 6)) {
  case 0:
  case 1:
    if (graph.node_size() > 0)
      return mutateNode(random, graph);
    [[fallthrough]];
  case 2:
    if (graph.input_size() > 0)
      return mutateValueInfo(random, *graph.mutable_input(static_cast<int>(
                                         pick(random, graph.input_size()))));
    [[fallthrough]];
  case 3:
    if (graph.initializer_size() > 0)
      return mutateInitializer(random, graph);
    [[fallthrough]];
  case 4:
    if (graph.output_size() > 0) {
      onnx::ValueInfoProto &output = *graph.mutable_output(
          static_cast<int>(pick(random, graph.output_size())));
      if (pick(random, 2))
        output.set_name(
            valueNames(graph)[pick(random, valueNames(graph).size())]);
      else
        mutateValueInfo(random, output);
      return;
    }
    [[fallthrough]];
  default:
    if (model.opset_import_size() > 0)
      model.mutable_opset_import(0)->set_version(
          static_cast<int64_t>(pick(random, 26)));
    else
      model.add_opset_import()->set_version(13);
    return;
  }
}

} // namespace

size_t mlir::kiln::fuzz::mutateOnnxModel(uint8_t *data, size_t size,
                                         size_t maxSize, unsigned seed) {
  onnx::ModelProto model;
  if (!model.ParseFromArray(data, static_cast<int>(size)) || !model.has_graph())
    return 0;
  Random random(seed);
  mutateModel(random, model);
  std::string bytes;
  if (!model.SerializeToString(&bytes) || bytes.size() > maxSize)
    return 0;
  std::memcpy(data, bytes.data(), bytes.size());
  return bytes.size();
}
