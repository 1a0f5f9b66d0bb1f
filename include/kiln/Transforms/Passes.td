//===- Passes.td - Kiln graph passes ---------------------*- tablegen -*-===//
//
// Every Kiln graph pass, its options and the dialects it may create.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_PASSES_TD
#define KILN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def CostReportPass : Pass<"kiln-cost-report", "::mlir::ModuleOp"> {
  let summary = "Report the estimated FLOPs and bytes moved by every function";
  let description = [{
    Runs the Kiln cost model (`kiln/Analysis/CostModel.h`) over every
    function and prints, to the standard error stream or `report-file`, one
    table per function: its total FLOPs and bytes, and the most expensive
    ops with their share. The IR is unchanged.

    FLOPs count one multiply-add as two operations; bytes count every
    operand read and result written once (what an unfused program moves).

    ```
    kiln-opt model.mlir --kiln-cost-report=top=5 -o /dev/null
    ```
  }];
  let options = [
    Option<"top", "top", "unsigned", /*default=*/"10",
           "how many of the most expensive ops to list per function">,
    Option<"reportFile", "report-file", "std::string", /*default=*/"\"-\"",
           "where to write the report; '-' is the standard error stream">,
  ];
}

def CheckFinitePass : Pass<"kiln-check-finite", "::mlir::ModuleOp"> {
  let summary = "Make every public function report the first op that "
                "produced a NaN or an infinity";
  let description = [{
    After every kiln op with a floating-point result, in program order,
    checks whether the result holds a NaN or an infinity, and adds two
    results to the function:

    - `kiln.first_nonfinite` (i64 scalar): the index of the first op whose
      result was not finite, or -1;
    - `kiln.nonfinite_sites` (ui8 vector): what op `i` was, as the
      NUL-separated strings "kiln.log at model.mlir:3:8" in order.

    Compiled programs (`kiln-compile --check-finite`) read them: the first
    non-finite value is reported as one line with the op's name and
    location, and the program exits with status 3. A debugging aid: every
    op's result is read once more.

    ```
    kiln-opt model.mlir --kiln-check-finite
    ```
  }];
  let dependentDialects = ["::mlir::kiln::KilnDialect"];
}

def MemoryReportPass : Pass<"kiln-memory-report", "::mlir::ModuleOp"> {
  let summary = "Report the live tensor bytes over each function's schedule "
                "and what makes up the peak";
  let description = [{
    Runs the live-memory analysis (`kiln/Analysis/LiveMemory.h`) over every
    function with a body, or the one named by `function`, on tensors with
    the ops in program order (the schedule). At each op, the live bytes are
    the resident buffers (arguments and constants) plus every tensor
    defined at or before the op and read at or after it; a `kiln.reshape`
    is a view that shares its operand's bytes. The report gives the peak,
    the op where it is reached, and the largest buffers live there, with
    where they are defined and for how many ops they live. The IR is
    unchanged.

    `format=json` writes one JSON object per function instead (the live
    bytes at every op included), for scripts; `svg=FILE` draws the live
    bytes over the schedule, one line per function, with the peak marked.

    ```
    kiln-opt step.mlir --kiln-memory-report="function=train_step top=5 svg=step.svg" -o /dev/null
    ```
  }];
  let options = [
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "the function to report; every function with a body if empty">,
    Option<"top", "top", "unsigned", /*default=*/"10",
           "how many of the largest buffers live at the peak to list">,
    Option<"format", "format", "::mlir::kiln::ReportFormat",
           /*default=*/"::mlir::kiln::ReportFormat::text",
           "how the report is written",
           [{::llvm::cl::values(
             clEnumValN(::mlir::kiln::ReportFormat::text, "text", "text"),
             clEnumValN(::mlir::kiln::ReportFormat::json, "json", "JSON"))}]>,
    Option<"reportFile", "report-file", "std::string", /*default=*/"\"-\"",
           "where to write the report; '-' is the standard error stream">,
    Option<"svgFile", "svg", "std::string", /*default=*/"\"\"",
           "also draw the live bytes over the schedule into this SVG file">,
  ];
}

def AutodiffPass : Pass<"kiln-autodiff", "::mlir::ModuleOp"> {
  let summary = "Build reverse-mode gradient functions of scalar losses";
  let description = [{
    For a function whose result 0 is a loss (a float tensor of one
    element), adds a function `<name><suffix>` with the same arguments that
    returns the original results followed by the gradient of the loss with
    respect to each argument in `wrt` (every float argument by default), as
    JAX's `value_and_grad`. The forward computation is kept as written and
    the backward ops follow it; gradients are computed only for values that
    depend on a requested argument. C++ users call
    `kiln::buildGradientFunction` or, for a sweep inside their own
    function, `kiln::emitGradients` (`kiln/Transforms/Autodiff.h`).

    Rules, as PyTorch's autograd defines them where a choice exists:
    - elementwise math: the usual derivatives, relu'(0) = 0, |x|'(0) = 0,
      max/min split ties evenly; broadcasting operands get their adjoint
      summed over the broadcast dimensions.
    - `dot`: two dots (and transposes back to the operand layouts).
    - `conv2d`: the input adjoint is a convolution of the dilated, padded
      output adjoint with the flipped filter; the filter adjoint is a
      convolution of the input with the output adjoint. Any stride,
      padding, dilation and group count.
    - `max_pool2d`: to the first maximum of each window (torch's index);
      `avg_pool2d`: spread over the non-padding elements.
    - reductions: broadcast back (mean divides; max/min share between ties;
      prod divides the product by each element, exact only without zeros).
    - `softmax`: `y * (g - sum(g * y))`; `log_softmax`: `g - exp(y) sum(g)`.
    - reshape, transpose, broadcast, slice (any stride), pad, concat,
      split: the inverse data movement.
    - `gather`: a scatter-add of the adjoint at the indices, computed as a
      product with the indices' one-hot matrix.
    - layer/rms/batch norm, attention, cross_entropy, mse,
      global_avg_pool2d: differentiated through their decomposition
      (`kiln-decompose`), emitted in the backward part. Attention's backward
      thus recomputes the probabilities and applies the softmax backward.

    No gradient flows through `compare`, `argmax`, `iota`, constants,
    integer values or casts through integers (they are piecewise constant);
    indices of `gather` and labels of `cross_entropy` get none. Ops of
    other dialects and ops with regions are rejected with an error naming
    the op.

    ```
    kiln-opt model.mlir --kiln-autodiff="function=loss wrt=0,1"
    ```
  }];
  let options = [
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "the loss function; by default every public function whose "
           "result 0 is a 0-d float tensor">,
    ListOption<"wrt", "wrt", "unsigned",
               "argument indices to differentiate with respect to; by "
               "default every float tensor argument">,
    Option<"suffix", "suffix", "std::string", /*default=*/"\"_grad\"",
           "appended to the loss function's name to name the gradient "
           "function">,
  ];
  let dependentDialects = ["::mlir::kiln::KilnDialect",
                           "::mlir::func::FuncDialect"];
}

def MakeTrainStepPass : Pass<"kiln-make-train-step", "::mlir::ModuleOp"> {
  let summary = "Build a training step (loss, gradients, optimizer update) "
                "from a model's forward function";
  let description = [{
    Adds two functions next to the model:

    ```
    train_step(params..., opt_state..., inputs..., target)
        -> (params'..., opt_state'..., loss)
    train_init() -> (params..., opt_state...)
    ```

    The loss (`cross_entropy` against i64 class labels, or `mse` against a
    target of the prediction's shape, both with mean reduction) is applied
    to the model's result 0; its gradients with respect to the parameters
    come from the autodiff sweep (`--kiln-autodiff`); one `kiln.sgd` or
    `kiln.adamw` per parameter updates it. Optimizer state: SGD keeps one
    momentum buffer per parameter when `momentum` is not 0; AdamW keeps
    `exp_avg` and `exp_avg_sq` per parameter and a shared i64 `step`
    (incremented before the update, as torch does). `train_init` returns
    the parameters' initial values and zero state.

    Parameters are the arguments listed in `params` or, by default, the
    model's named float constants of two or more elements (`kiln.name`,
    which the ONNX importer gives every initializer), lifted to arguments;
    constants used only as a batch norm's running mean or variance stay
    constants, and so do scalars (exporters' scales and epsilons).

    Parameter arguments are marked `kiln.parameter`. Every parameter and
    state argument has `kiln.donated_to = i`: result `i` may reuse its
    buffer (buffer donation). The updates are the last ops of the step,
    after every other read of the parameters. The CPU lowering does not use
    the donation yet (its fused loops may re-read old state). Arguments and
    results are named (`kiln.name`): the
    parameter's name, `<name>.exp_avg` and so on, `labels` or `target`,
    `loss`.

    ```
    kiln-opt model.mlir --kiln-make-train-step="loss=cross_entropy optimizer=adamw lr=1e-3"
    ```
  }];
  let options = [
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "the model; by default the module's only public function">,
    ListOption<"params", "params", "unsigned",
               "argument indices of the parameters; by default the named "
               "float constants">,
    Option<"loss", "loss", "::mlir::kiln::TrainLoss",
           /*default=*/"::mlir::kiln::TrainLoss::cross_entropy",
           "the loss on the model's first result",
           [{::llvm::cl::values(
             clEnumValN(::mlir::kiln::TrainLoss::cross_entropy,
                        "cross_entropy", "softmax cross-entropy, i64 labels"),
             clEnumValN(::mlir::kiln::TrainLoss::mse, "mse",
                        "mean squared error, a target like the prediction"))}]>,
    Option<"optimizer", "optimizer", "::mlir::kiln::TrainOptimizer",
           /*default=*/"::mlir::kiln::TrainOptimizer::sgd",
           "the parameter update",
           [{::llvm::cl::values(
             clEnumValN(::mlir::kiln::TrainOptimizer::sgd, "sgd",
                        "SGD (momentum, Nesterov, weight decay)"),
             clEnumValN(::mlir::kiln::TrainOptimizer::adamw, "adamw",
                        "AdamW"))}]>,
    Option<"lr", "lr", "double", /*default=*/"0.01", "learning rate">,
    Option<"momentum", "momentum", "double", /*default=*/"0.0",
           "SGD momentum">,
    Option<"nesterov", "nesterov", "bool", /*default=*/"false",
           "SGD with Nesterov momentum">,
    Option<"weightDecay", "weight-decay", "double", /*default=*/"-1.0",
           "weight decay; negative means torch's default for the optimizer "
           "(0 for sgd, 0.01 for adamw)">,
    Option<"beta1", "beta1", "double", /*default=*/"0.9", "AdamW beta1">,
    Option<"beta2", "beta2", "double", /*default=*/"0.999", "AdamW beta2">,
    Option<"epsilon", "epsilon", "double", /*default=*/"1e-8",
           "AdamW epsilon">,
    Option<"stepName", "step-name", "std::string",
           /*default=*/"\"train_step\"", "name of the step function">,
    Option<"initName", "init-name", "std::string",
           /*default=*/"\"train_init\"",
           "name of the function returning the initial state">,
  ];
  let dependentDialects = ["::mlir::kiln::KilnDialect",
                           "::mlir::func::FuncDialect"];
}

def DecomposePass : Pass<"kiln-decompose"> {
  let summary = "Rewrite composite kiln ops into primitive kiln ops";
  let description = [{
    Expands the ops that are compositions of other kiln ops into those
    ops, staying in the kiln dialect: softmax and log_softmax (max-shifted),
    reduce_mean, global_avg_pool2d, layer/rms/batch norm, attention
    (matmul, scale, mask, softmax, matmul; grouped heads through reshapes),
    cross_entropy, mse, sgd and adamw. Lowering to linalg runs this first so
    that only primitive ops need a lowering; later elementwise fusion puts
    the pieces back together in loops.

    The decompositions follow PyTorch's order of floating-point operations
    where it has one (for example AdamW's `lerp` and `addcdiv`), so compiled
    results stay close to torch's.

    ```
    kiln-opt model.mlir --kiln-decompose
    ```
  }];
  let dependentDialects = ["::mlir::kiln::KilnDialect"];
}

def RaiseAttentionPass : Pass<"kiln-raise-attention"> {
  let summary = "Rewrite attention spelled out in primitive ops (as ONNX "
                "exporters write it) into kiln.attention";
  let description = [{
    Matches `dot(softmax(scores), v)` over the keys, where `scores` is
    `q k^T` with optional parts around it:
    - a scale: `* c` or `/ c` on the scores, on `q` or on `K^T` before
      the product (torch's MultiheadAttention scales q;
      scaled_dot_product_attention's export scales both by sqrt(scale));
    - a mask: `select(masked_out, -inf, scores)` (`masked_fill`) or
      `select(seen, scores, -inf)` (`where`); a constant condition becomes
      `causal` when it is the causal pattern and an i1 constant `mask`
      otherwise, any other condition the i1 `mask` (negated for
      `masked_fill`); or `scores + mask`, where a constant of only 0 and
      -inf (or `where(constant, 0, -inf)`, is_causal's export) is read as
      the same boolean pattern and any other float mask is added;
    - grouped-query heads: K and V with each kv head repeated in place
      (repeat_interleave's split, expand and concat, or Hugging Face's
      repeat_kv expand and reshape) become the kv heads themselves, so that
      the attention reads them without the copies.

    `k^T` is either a transpose of the last two dimensions or the product's
    own contracting dimensions. Rank-4 `[B, H, S, D]` operands are used as
    they are; rank-3 `[B*H, S, D]` ones get a unit batch dimension around
    the op. The rewrite needs each intermediate to have no other user.
    The result is the same computation with an explicit `scale` (1.0 when
    none was found), so numerics follow the decomposition
    (`kiln-decompose`) of `kiln.attention`.

    ```
    kiln-opt imported.mlir --kiln-raise-attention
    ```
  }];
  let dependentDialects = ["::mlir::kiln::KilnDialect"];
}

def RematPass : Pass<"kiln-remat", "::mlir::ModuleOp"> {
  let summary = "Recompute tensors instead of keeping them, so that a "
                "function's scratch memory fits a budget";
  let description = [{
    Training memory is dominated by activations kept from the forward pass
    for the backward pass. This pass, on kiln ops before lowering, lowers
    the scratch peak of each function (or the one named by `function`) to
    `budget`, by recomputing tensors just before their later reads instead
    of keeping them alive in between. The scratch peak is the peak of the
    live-memory analysis (`kiln-memory-report`) less the resident bytes
    (arguments and constants, which the caller or the program image holds
    whatever the schedule): the memory a compiled step allocates for itself
    (`peak_bytes:` of `--bench`). A percentage budget is of the function's
    current scratch peak.

    Solvers:
    - `greedy` repeats, while the peak exceeds the budget: among the
      tensors live at the peak op but not read by it, take the one that
      frees the most bytes per recomputed FLOP, where rebuilding it needs
      only values still live at its next read (arguments, constants,
      tensors kept anyway) or values rebuilt with it (a chain of up to
      `max-chain` ops); clone that chain just before the next read, and
      give every later read the clone (XLA's heuristic).
    - `milp` solves, with COIN-OR CBC within `time-limit` seconds, an
      integer program over every interval between two reads of a tensor
      that it could be dropped over: minimize the recomputed FLOPs with the
      live bytes at every step within the budget (Checkmate's fixed-order
      formulation with Moccasin-size variables: one per interval, not per
      step pair). When its answer falls short of the budget the greedy
      pass finishes it; when time runs out, the best answer found and its
      optimality gap are reported.
    - `auto` runs every strategy on a copy of the function (the greedy
      pass; the integer program when CBC is there; on training steps, the
      two checkpointing baselines below, finished by the greedy pass when
      they stay above the budget) and keeps the answer within the budget
      with the fewest extra FLOPs.
    - `checkpoint-layers` and `checkpoint-sqrt` are the baselines they are
      measured against, and ignore the budget: keep only the forward
      tensors that cross a segment boundary and rebuild each segment once
      before the backward pass first reads it, a segment being a layer (a
      module with an index in its ONNX node name, like `/blocks.3/`) or
      one of sqrt(n) runs of as many forward ops. They need a training
      step: the loss result ends the forward pass.

    Ops are cloned as they are, so the results are bitwise those of the
    original program. Constants, ops with side effects and ops marked
    `kiln.no_remat` are never recomputed (kiln has no random ops).

    The pass reports, to the standard error stream, the scratch peak before
    and after, the solver and its time, and the extra FLOPs. A budget the
    pass cannot reach is an error that gives the smallest scratch peak
    reached.

    ```
    kiln-opt step.mlir --kiln-remat="budget=50%" -o step-remat.mlir
    kiln-opt step.mlir --kiln-remat="budget=64MiB solver=milp time-limit=30 function=train_step svg=step.svg"
    ```
  }];
  let options = [
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "the function to rematerialize; every function with a body if "
           "empty">,
    Option<"budget", "budget", "std::string", /*default=*/"\"\"",
           "the scratch peak to reach: bytes (with an optional KiB, MiB or "
           "GiB suffix) or a percentage of the function's current scratch "
           "peak ('70%')">,
    Option<"solver", "solver", "::mlir::kiln::RematSolver",
           /*default=*/"::mlir::kiln::RematSolver::automatic",
           "how to choose what to recompute",
           [{::llvm::cl::values(
             clEnumValN(::mlir::kiln::RematSolver::automatic, "auto",
                        "every strategy, the cheapest kept"),
             clEnumValN(::mlir::kiln::RematSolver::greedy, "greedy",
                        "greedy chains"),
             clEnumValN(::mlir::kiln::RematSolver::milp, "milp",
                        "COIN-OR CBC's integer program"),
             clEnumValN(::mlir::kiln::RematSolver::checkpoint_layers,
                        "checkpoint-layers", "baseline: layer outputs"),
             clEnumValN(::mlir::kiln::RematSolver::checkpoint_sqrt,
                        "checkpoint-sqrt", "baseline: sqrt(n) checkpoints"))}]>,
    Option<"timeLimit", "time-limit", "double", /*default=*/"60.0",
           "seconds the integer-program solver may take">,
    Option<"maxChain", "max-chain", "unsigned", /*default=*/"32",
           "the most ops recomputed to rebuild one tensor">,
    Option<"svg", "svg", "std::string", /*default=*/"\"\"",
           "write an SVG plot of the live bytes over the schedule, before "
           "and after, to this file (one function at a time)">,
  ];
  let dependentDialects = ["::mlir::kiln::KilnDialect"];
}

//===----------------------------------------------------------------------===//
// Sharding
//===----------------------------------------------------------------------===//

def ShardPropagatePass : Pass<"kiln-shard-propagate", "::mlir::ModuleOp"> {
  let summary = "Give every tensor a sharding, starting from a few annotations";
  let description = [{
    Starting from the user's shardings (`kiln.sharding` on function
    arguments, results and ops, and `kiln.sharding_constraint`), gives every
    tensor of every function a `#kiln.sharding` on the same mesh. It passes
    shardings through each op's factor rule (`ShardingRule.h`: a matmul's
    batch, free and contracting dims, a reshape's split and merged dims,
    attention heads, convolution channels and spatial windows, reduced
    dims), forward from operands to results and backward from results to
    operands:

    - user priorities first: the dims annotated `p0` spread before `p1`,
      and dims without a priority last;
    - within a priority, ops whose every factor passes through (elementwise
      ops, reshapes, transposes) before the others;
    - closed dims (`{"x"}`) never change; open ones (`{"x", ?}`, `{?}`) only
      gain minor axes, so the loop reaches a fixpoint;
    - a dim that must stay whole (a softmax or normalization axis, a
      concatenated dim) is not sharded through the op;
    - when tensors of one op want different axes for the same factor at
      the same priority, the alpha-beta cost model of the mesh
      (`kiln.mesh` `latency_us`, `bandwidth_gbps`) keeps the one whose
      reshards cost least; `kiln-shard-explain` lists these decisions.

    Functions without annotations are left alone.

    ```
    kiln-opt model.mlir --kiln-shard-propagate
    ```
  }];
  let dependentDialects = ["::mlir::kiln::KilnDialect"];
}

def ShardExplainPass : Pass<"kiln-shard-explain", "::mlir::ModuleOp"> {
  let summary = "Propagate shardings and explain every decision and its "
                "communication cost";
  let description = [{
    Runs the same propagation as `kiln-shard-propagate` (and writes its
    result into the IR), then reports, per function, to the standard error
    stream or `report-file`:

    - every value with its sharding and, per sharded dim, where the axes
      came from: the annotation they started at and the op they last
      passed through, forward or backward;
    - every conflict propagation settled, with the cost of each choice;
    - the communication the partitioned program will need: for each op,
      every operand whose layout differs from the one the op computes in
      (with the collectives and their bytes and time per device), and the
      all-reduce of results whose contracting dims are sharded; then the
      total;
    - the estimated time per device: that communication plus every op's
      compute, its FLOPs split over the axes its factors are sharded over,
      at `device-gflops` (the cost model `kiln-shard-auto` minimizes, so a
      hand-written plan and an automatic one compare on the same terms).

    ```
    kiln-opt model.mlir --kiln-shard-explain=report-file=explain.txt
    ```
  }];
  let options = [
    Option<"reportFile", "report-file", "std::string", /*default=*/"\"-\"",
           "where to write the report; '-' is the standard error stream">,
    Option<"deviceGflops", "device-gflops", "double", /*default=*/"100.0",
           "the FLOP rate of one device, in GFLOP/s, for the compute half "
           "of the estimate">,
  ];
  let dependentDialects = ["::mlir::kiln::KilnDialect"];
}

def ShardAutoPass : Pass<"kiln-shard-auto", "::mlir::ModuleOp"> {
  let summary = "Choose a sharding for every value by an integer program "
                "over per-op strategies";
  let description = [{
    For a function on a device mesh (the module's only `kiln.mesh`, or the
    one `mesh` names), chooses how to lay out every tensor so that the
    estimated per-device time, compute plus communication, is least, the
    way Alpa's intra-operator pass does:

    - each op with a sharding rule gets one *strategy* per way of giving
      every mesh axis to one of its factors or to none (factors that must
      stay whole or slide a window are left out, and an axis set must
      divide its factor evenly); a strategy whose contracting factor is
      split ends in an all-reduce or, per result dim, a reduce-scatter;
    - function arguments and constants (weights) get one strategy per
      layout; annotated arguments, annotated ops and
      `kiln.sharding_constraint`s keep the user's layout;
    - a strategy costs its compute (`device-gflops`) and its reduction;
      an edge from producer to consumer costs the reshard between the
      producer's result layout and the consumer's operand layout under the
      mesh's alpha-beta model (`kiln.mesh` `latency_us`,
      `bandwidth_gbps`);
    - the choice is a 0-1 program solved by COIN-OR CBC within
      `time-limit` seconds (edges linearized over pairs of distinct
      layouts), with an optional `memory-budget` on the sum of every
      value's per-device bytes; without CBC, or when it finds nothing in
      time, a greedy pass with local improvement decides (`solver` picks
      one explicitly).

    It writes the chosen layout of every value as closed `kiln.sharding`
    annotations, so `kiln-shard-partition` (or `kiln-shard-explain`) can
    follow, and reports the solver, the estimate and the layouts of the
    weights to the standard error stream or `report-file`. Functions that
    already carry annotations keep them; the rest of their values are
    chosen around them.

    ```
    kiln-opt model.mlir --kiln-shard-auto="mesh=mesh time-limit=30" --kiln-shard-partition
    ```
  }];
  let options = [
    Option<"meshName", "mesh", "std::string", /*default=*/"\"\"",
           "the kiln.mesh to shard over; the module's only one if empty">,
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "the function to shard; every function with a body if empty">,
    Option<"deviceGflops", "device-gflops", "double", /*default=*/"100.0",
           "the FLOP rate of one device, in GFLOP/s">,
    Option<"memoryBudget", "memory-budget", "std::string",
           /*default=*/"\"\"",
           "the most per-device bytes all values may take together (with "
           "an optional KiB, MiB or GiB suffix); no limit if empty">,
    Option<"solver", "solver", "::mlir::kiln::ShardSolver",
           /*default=*/"::mlir::kiln::ShardSolver::automatic",
           "how to solve the strategy problem",
           [{::llvm::cl::values(
             clEnumValN(::mlir::kiln::ShardSolver::automatic, "auto",
                        "CBC when built with it, else greedy"),
             clEnumValN(::mlir::kiln::ShardSolver::milp, "milp",
                        "CBC's integer program"),
             clEnumValN(::mlir::kiln::ShardSolver::greedy, "greedy",
                        "greedy"))}]>,
    Option<"timeLimit", "time-limit", "double", /*default=*/"20.0",
           "seconds the integer-program solver may take">,
    Option<"reportFile", "report-file", "std::string", /*default=*/"\"-\"",
           "where to write the report; '-' is the standard error stream">,
  ];
  let dependentDialects = ["::mlir::kiln::KilnDialect"];
}

def ShardFromUpstreamPass : Pass<"kiln-shard-from-upstream",
                                 "::mlir::ModuleOp"> {
  let summary = "Read upstream shard-dialect grids and annotations as Kiln "
                "meshes and sharding constraints";
  let description = [{
    Lets a model annotated for upstream MLIR's `shard` dialect enter Kiln's
    sharding passes:

    - `shard.grid @g(shape = 2x4)` becomes `kiln.mesh @g = <["axis0"=2,
      "axis1"=4]>` (upstream axes are numbered; axis `i` is named
      `"axis<i>"`);
    - `shard.shard %x to %s` (with or without `annotate_for_users`), where
      `%s = shard.sharding @g split_axes = [[0], [], [1]]`, becomes
      `kiln.sharding_constraint %x <@g, [{"axis0"}, {}, {"axis1"} ]>`;
      dims past the listed ones are replicated.

    Explicit halo sizes and shard offsets are refused (Kiln derives halos
    from the ops and pads uneven dims itself), as is any other use of a
    converted grid, each with its location.

    ```
    kiln-opt annotated.mlir --kiln-shard-from-upstream --kiln-shard-propagate
    ```
  }];
  let dependentDialects = ["::mlir::kiln::KilnDialect"];
}

def ShardPartitionPass : Pass<"kiln-shard-partition", "::mlir::ModuleOp"> {
  let summary = "Rewrite each sharded function into the program one device "
                "runs, with upstream shard collectives";
  let description = [{
    Propagates shardings (as `--kiln-shard-propagate`), then rewrites every
    function with a mesh into its SPMD form: arguments, results and every
    tensor become one device's block; each op computes in the layout the
    cost model picks for it (its results' layout, or its operands' when
    a reduce-scatter of partial sums is cheaper than gathering operands);
    the moves between layouts become upstream `shard` collectives on a
    `shard.grid @<mesh>_grid` mirroring the mesh, so upstream pipelines
    (`convert-shard-to-mpi`) consume the result:

    - a split contracting or reduced dim leaves partial results, summed by
      `shard.all_reduce`, or by `shard.reduce_scatter` where the result
      stays split (never an all-reduce followed by a slice);
      max/min/product/mean reductions combine with their own kind;
    - an axis moving between dims is one `shard.all_to_all`; gathers are
      `shard.all_gather` (minor axes first), and going to a finer split is
      a `shard.all_slice`, which does not communicate;
    - a split convolution or max-pooling window dim (stride 1, 'same'
      padding) pads its block and trades halos with its neighbours by
      `shard.update_halo`;
    - a dim that does not split evenly has blocks of `ceil(n / k)` rows,
      the global tensor padded at its end; reductions over it replace the
      padding by their identity first, and a gather back to whole cuts it
      off.

    Every dim an op needs whole that arrives split is gathered with a
    warning naming the op and the bytes it costs per device, unless a
    `kiln.sharding_constraint` or a result annotation asked for it.
    Functions come out with local types, `kiln.sharding` on arguments and
    results saying how the global tensors split, and `kiln.spmd = @mesh`.

    With `global-io`, functions keep their global signature instead: each
    device takes the whole arguments and keeps its block (a local slice,
    no communication), and the results are gathered whole on every device
    (what `kiln-compile` does, so that a program run by `mpirun` reads and
    writes the same files as the single-device one).

    ```
    kiln-opt model.mlir --kiln-shard-partition
    ```
  }];
  let options = [
    Option<"globalIO", "global-io", "bool", /*default=*/"false",
           "keep the functions' global argument and result types: slice the "
           "arguments and gather the results inside">,
  ];
  let dependentDialects = ["::mlir::kiln::KilnDialect",
                           "::mlir::shard::ShardDialect"];
}

#endif // KILN_TRANSFORMS_PASSES_TD
