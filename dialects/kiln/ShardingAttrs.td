//===- ShardingAttrs.td - Kiln meshes and shardings ------*- tablegen -*-===//
//
// Typed attributes for GSPMD-style sharding: a device mesh with named axes,
// a per-dimension sharding, a whole-tensor sharding, and one sharding per
// result of an op.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_SHARDINGATTRS_TD
#define KILN_DIALECT_SHARDINGATTRS_TD

def Kiln_MeshAttr : AttrDef<Kiln_Dialect, "Mesh"> {
  let mnemonic = "mesh";
  let summary = "a device mesh: named axes with sizes, major to minor";
  let description = [{
    Devices are numbered row-major over the axes, so the last axis varies
    fastest. A mesh of one axis of size 1 is valid (a single device).

    ```mlir
    #kiln.mesh<["data"=2, "model"=4]>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"::mlir::StringAttr">:$axisNames,
                        ArrayRefParameter<"int64_t">:$axisSizes);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The size of `axis`, or std::nullopt when the mesh has no such axis.
    std::optional<int64_t> getAxisSize(::llvm::StringRef axis) const;
    /// The number of devices (product of the axis sizes).
    int64_t getNumDevices() const;
  }];
}

def Kiln_DimShardingAttr : AttrDef<Kiln_Dialect, "DimSharding"> {
  let mnemonic = "dim";
  let summary = "how one tensor dimension is split over mesh axes";
  let description = [{
    The dimension is split over `axes`, major to minor: with axes
    `{"data", "model"}` on a 2x4 mesh it is cut into 8 blocks and block
    `data_index * 4 + model_index` lives on device `(data, model)`.

    A *closed* dimension (the default, `{"data"}`) keeps exactly these axes;
    propagation may add minor axes to an *open* one (`{"data", ?}`,
    or `{?}` when it starts empty). A priority `pN` (smaller is stronger)
    orders user annotations: propagation first spreads the `p0`
    annotations, then adds `p1`, and so on; a dimension without one is
    weaker than every numbered priority.

    Written inside `#kiln.sharding`, never alone:
    `#kiln.sharding<@mesh, [{"data"}p0, {"model", ?}, {?} ]>`.
  }];
  let parameters = (ins ArrayRefParameter<"::mlir::StringAttr">:$axes,
                        "bool":$closed,
                        DefaultValuedParameter<"int64_t", "-1">:$priority);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    bool hasPriority() const { return getPriority() >= 0; }
  }];
}

def Kiln_ShardingAttr : AttrDef<Kiln_Dialect, "Sharding"> {
  let mnemonic = "sharding";
  let summary = "how a tensor is laid out over a device mesh";
  let description = [{
    One `#kiln.dim` per tensor dimension (see there), then the mesh axes
    the tensor is explicitly `replicated` over (propagation must not shard
    it along them) and the axes it is `unreduced` over: each device holds a
    partial sum, and the full value is the sum over those axes (GSPMD's
    partial replication). An axis appears at most once in all of these.
    Axes of the mesh not named anywhere are implicitly replicated.

    ```mlir
    // rows over "data"; the columns may still be split by propagation
    #kiln.sharding<@mesh, [{"data"}, {?} ]>
    // fully replicated, and must stay so
    #kiln.sharding<@mesh, [{}, {} ], replicated={"data", "model"}>
    // a partial sum over "model" (e.g. a row-parallel matmul's output)
    #kiln.sharding<@mesh, [{"data"}, {} ], unreduced={"model"}>
    ```

    The mesh symbol is resolved, and axes and rank checked, where the
    attribute is attached (`kiln.sharding` on an op, a function argument
    or result).
  }];
  let parameters = (ins "::mlir::FlatSymbolRefAttr":$mesh,
                        ArrayRefParameter<"DimShardingAttr">:$dims,
                        ArrayRefParameter<"::mlir::StringAttr">:$replicated,
                        ArrayRefParameter<"::mlir::StringAttr">:$unreduced);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let builders = [
    AttrBuilderWithInferredContext<(ins "::mlir::FlatSymbolRefAttr":$mesh,
        "::llvm::ArrayRef<DimShardingAttr>":$dims), [{
      return $_get(mesh.getContext(), mesh, dims,
                   ::llvm::ArrayRef<::mlir::StringAttr>{},
                   ::llvm::ArrayRef<::mlir::StringAttr>{});
    }]>
  ];
  let extraClassDeclaration = [{
    /// Checks axes against `mesh` and the dimension count against `type`.
    ::llvm::LogicalResult verifyFor(
        ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError,
        MeshAttr mesh, ::mlir::Type type) const;
    /// The shape of one device's block; a dimension that does not divide
    /// evenly is rounded up (the last blocks are padded).
    ::llvm::SmallVector<int64_t> getLocalShape(MeshAttr mesh,
        ::llvm::ArrayRef<int64_t> shape) const;
    /// True when no dimension is split and nothing is unreduced.
    bool isFullyReplicated() const;
  }];
}

def Kiln_ShardingPerValueAttr : AttrDef<Kiln_Dialect, "ShardingPerValue"> {
  let mnemonic = "sharding_per_value";
  let summary = "one sharding per result of an op";
  let description = [{
    Attached to ops as `kiln.sharding`; the i-th entry describes the i-th
    result.

    ```mlir
    %0 = kiln.add %a, %b {kiln.sharding = #kiln.sharding_per_value<[<@mesh, [{"data"}, {} ]>]>} : ...
    ```
  }];
  let parameters = (ins ArrayRefParameter<"ShardingAttr">:$shardings);
  let hasCustomAssemblyFormat = 1;
}

#endif // KILN_DIALECT_SHARDINGATTRS_TD
