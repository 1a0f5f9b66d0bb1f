//===- ShardingOps.td - Kiln mesh and sharding ops -------*- tablegen -*-===//
//
// The symbol that declares a device mesh and the op that pins a value's
// sharding in the middle of a graph.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_SHARDINGOPS_TD
#define KILN_DIALECT_SHARDINGOPS_TD

include "mlir/IR/SymbolInterfaces.td"

def Kiln_MeshOp : Kiln_Op<"mesh", [Symbol, HasParent<"::mlir::ModuleOp">]> {
  let summary = "declare a device mesh with named axes";
  let description = [{
    Names a `#kiln.mesh` so shardings can refer to it by symbol. The
    optional `latency_us` and `bandwidth_gbps` give, per axis, the
    alpha-beta cost of communicating along it (one message's latency in
    microseconds, and GB/s per device); they steer the choice between
    shardings when propagation meets a conflict and auto-sharding. Without
    them every axis costs 10 us + bytes / (10 GB/s).

    ```mlir
    kiln.mesh @mesh = <["data"=2, "model"=4]>
    kiln.mesh @pod = <["x"=4, "y"=4]> {latency_us = array<f64: 5.0, 20.0>, bandwidth_gbps = array<f64: 100.0, 25.0>}
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, Kiln_MeshAttr:$mesh,
                   OptionalAttr<DenseF64ArrayAttr>:$latency_us,
                   OptionalAttr<DenseF64ArrayAttr>:$bandwidth_gbps);
  let assemblyFormat = "$sym_name `=` custom<MeshBody>($mesh) attr-dict";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Alpha (seconds) and beta (seconds per byte) of mesh axis `axis`.
    std::pair<double, double> getAxisCost(unsigned axis);
  }];
}

def Kiln_ShardingConstraintOp : Kiln_Op<"sharding_constraint",
    [Pure, AllTypesMatch<["input", "result"]>]> {
  let summary = "pin the sharding of a value";
  let description = [{
    Returns `input` unchanged, laid out as `sharding`. Propagation treats
    it as an annotation (closed dimensions are final); partitioning turns a
    difference between the input's layout and `sharding` into collectives.
    It is how a user steers the middle of a graph (XLA's
    `with_sharding_constraint`).

    ```mlir
    %y = kiln.sharding_constraint %x <@mesh, [{"data"}, {"model"} ]> : tensor<8x16xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, Kiln_ShardingAttr:$sharding);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $input custom<ShardingBody>($sharding) attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def Kiln_ManualComputationOp : Kiln_Op<"manual_computation",
    [SingleBlockImplicitTerminator<"YieldOp">]> {
  let summary = "a region every device runs on its own blocks";
  let description = [{
    Shardy's `manual_computation`: the body is written for one device. Each
    operand is laid out as its entry of `in_shardings` (the partitioner
    reshards it there) and the body's arguments are the local blocks, with
    local shapes; what the body yields are the local blocks of the results,
    laid out as `out_shardings`, which may leave partial sums
    (`unreduced`) for the rest of the program to reduce. Nothing
    propagates into the body, and the body holds no shardings: it is where
    a user writes per-device code the partitioner would not choose.

    ```mlir
    %y = kiln.manual_computation(%x, %w)
        in_shardings = [<@mesh, [{"data"}, {"model"} ]>, <@mesh, [{"model"}, {} ]>]
        out_shardings = [<@mesh, [{"data"}, {} ], unreduced={"model"}>] {
    ^bb0(%lx: tensor<4x4xf32>, %lw: tensor<4x8xf32>):
      %p = kiln.dot %lx, %lw, <batch = [] x [], contract = [1] x [0]> : (tensor<4x4xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
      kiln.yield %p : tensor<4x8xf32>
    } : (tensor<8x16xf32>, tensor<16x8xf32>) -> tensor<8x8xf32>
    ```

    Every sharding must be closed and split its dims evenly, and all must
    name one mesh.
  }];
  let arguments = (ins Variadic<Kiln_Tensor>:$inputs,
                   TypedArrayAttrBase<Kiln_ShardingAttr,
                                      "per-operand shardings">:$in_shardings,
                   TypedArrayAttrBase<Kiln_ShardingAttr,
                                      "per-result shardings">:$out_shardings);
  let results = (outs Variadic<Kiln_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `(` $inputs `)` `in_shardings` `=` custom<ShardingList>($in_shardings)
    `out_shardings` `=` custom<ShardingList>($out_shardings) $body attr-dict
    `:` functional-type($inputs, $results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ShardingAttr getInSharding(unsigned index) {
      return ::llvm::cast<ShardingAttr>(getInShardings()[index]);
    }
    ShardingAttr getOutSharding(unsigned index) {
      return ::llvm::cast<ShardingAttr>(getOutShardings()[index]);
    }
  }];
}

def Kiln_YieldOp : Kiln_Op<"yield",
    [Pure, Terminator, HasParent<"ManualComputationOp">]> {
  let summary = "the local results of a kiln.manual_computation";
  let arguments = (ins Variadic<Kiln_Tensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
  let builders = [OpBuilder<(ins), [{
    build($_builder, $_state, ::mlir::ValueRange());
  }]>];
}

def Kiln_CollectivePermuteOp : Kiln_Op<"collective_permute",
    [AllTypesMatch<["input", "result"]>]> {
  let summary = "every device sends its block to one device and receives one";
  let description = [{
    A collective of partitioned programs (upstream's `shard` dialect has
    none for this): device `d` of the grid (row-major rank) receives the
    block that device `sources[d]` holds, and sends its own to the device
    whose source it is. `sources` is a permutation of the grid's devices.
    `kiln-shard-partition` emits it where a reshard only moves whole
    blocks between devices (axes swapped or reordered within a dim);
    `kiln-lower-shard-collectives` turns it into one MPI send-receive.

    ```mlir
    %y = kiln.collective_permute %x on @mesh_grid sources = [0, 2, 1, 3] : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, FlatSymbolRefAttr:$grid,
                   DenseI64ArrayAttr:$sources);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $input `on` $grid `sources` `=` $sources attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

#endif // KILN_DIALECT_SHARDINGOPS_TD
