//===- PassEnums.h - Typed choices of Kiln's pass options -------*- C++ -*-===//
//
// The enums behind pass options that pick one of a few behaviours (the
// pattern of upstream Affine's fusion `mode`): the command line parses them,
// C++ callers set them, and no pass compares strings.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_PASSENUMS_H
#define KILN_TRANSFORMS_PASSENUMS_H

#include "llvm/ADT/StringRef.h"

namespace mlir::kiln {

/// The loss kiln-make-train-step appends.
enum class TrainLoss {
  cross_entropy, ///< softmax cross-entropy against i64 labels
  mse,           ///< mean squared error against a target like the output
};

/// The optimizer kiln-make-train-step appends.
enum class TrainOptimizer { sgd, adamw };

/// How kiln-remat chooses what to recompute.
enum class RematSolver {
  automatic,         ///< every strategy below, the cheapest kept
  greedy,            ///< chains by predicted peak and bytes per FLOP
  milp,              ///< COIN-OR CBC's integer program
  checkpoint_layers, ///< baseline: keep each layer's output
  checkpoint_sqrt,   ///< baseline: sqrt(n) checkpoints
};
/// "auto", "greedy", "milp", "checkpoint-layers", "checkpoint-sqrt".
llvm::StringRef stringifyRematSolver(RematSolver solver);

/// How kiln-shard-auto solves its strategy problem.
enum class ShardSolver {
  automatic, ///< CBC when built with it, else greedy
  milp,      ///< CBC's integer program, an error without it
  greedy,
};

/// The math functions kiln-approximate-math replaces by polynomials.
enum class MathFunction { exp, erf, tanh };
/// "exp", "erf", "tanh": the op's name after "math.".
llvm::StringRef stringifyMathFunction(MathFunction function);

/// How reports are written.
enum class ReportFormat { text, json };

} // namespace mlir::kiln

#endif // KILN_TRANSFORMS_PASSENUMS_H
