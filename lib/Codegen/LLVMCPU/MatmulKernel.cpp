//===- MatmulKernel.cpp - Blocked, packed loop nest of one f32 product ----===//
//
// Per task (an mt x nc block of C, all of K):
//
//   for kk in K step kc:                       K block
//     pack B[kk:+kc, n0:+nc] -> Bp[nc/nr][kc][nr]      (L2, reused by all rows)
//     for ic in mt step mc:                    row block
//       pack A[ic:+mc, kk:+kc] -> Ap[mc][kc]           (L1/L2)
//       for p in nc/nr:                        B micro-panel stays in L1
//         for rb in mc/mr:                     A micro-panels stream
//           mr vectors of nr lanes of C += Ap[rb] (x) Bp[p] over kc
//
// Shapes are static, so the partial blocks at the right and bottom edges of
// C have static sizes (N % nr columns, M % mr rows): they get their own
// copies of the packing and kernel code with those sizes, guarded by
// `scf.if`, and the full blocks carry no masks.
//
//===----------------------------------------------------------------------===//

#include "MatmulKernel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Row pitch of C from which tasks accumulate in a local copy of their
/// block: 8 KiB, where the rows of a block start to fall into few L1/L2 sets.
constexpr int64_t kLocalCRowBytes = 8192;

/// Tasks a product is split into when it is large enough, so that a
/// second (or eighth) thread has work: a few per thread on small machines.
constexpr int64_t kMinTasks = 8;

/// Most stack one task's buffers (packed B and A, local C block) may take:
/// tasks run on the caller's thread when there is one thread (8 MiB main
/// stacks on Linux) and on pool workers (16 MiB) otherwise.
constexpr int64_t kMaxTaskStackBytes = 3 << 20;

int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// Builds the loop nest of one product; holds the static sizes and the
/// buffers so that each piece reads as the loop it is.
class MatmulEmitter {
public:
  MatmulEmitter(OpBuilder &b, Location loc, Value a, Value bMat, Value c,
                const MatmulTiles &requested, bool accumulate)
      : b(b), loc(loc), a(a), bMat(bMat), c(c), accumulate(accumulate),
        batched(cast<MemRefType>(c.getType()).getRank() == 3),
        sharedA(batched && cast<MemRefType>(a.getType()).getRank() == 2) {
    ArrayRef<int64_t> aShape = cast<MemRefType>(a.getType()).getShape();
    ArrayRef<int64_t> cShape = cast<MemRefType>(c.getType()).getShape();
    batch = batched ? cShape[0] : 1;
    m = cShape[cShape.size() - 2];
    n = cShape.back();
    k = aShape.back();
    // Clamp the blocks to the problem and keep each level a multiple of
    // the one inside it.
    t = requested;
    t.nc = std::min(roundUp(t.nc, t.nr), roundUp(n, t.nr));
    t.mc = std::min(roundUp(t.mc, t.mr), roundUp(m, t.mr));
    t.mt = std::min(roundUp(t.mt, t.mc), roundUp(m, t.mc));
    t.kc = std::min(t.kc, k);
    // Small enough tasks for the stack, and enough of them to keep a few
    // threads busy: halve the task block (rows staying a multiple of mc,
    // columns of nr) until there are kMinTasks or it cannot shrink.
    auto tasks = [&] {
      return batch * ((m + t.mt - 1) / t.mt) * ((n + t.nc - 1) / t.nc);
    };
    auto canHalveRows = [&] {
      return t.mt >= 2 * t.mc && (t.mt / 2) % t.mc == 0;
    };
    while (stackBytes() > kMaxTaskStackBytes && canHalveRows())
      t.mt /= 2;
    auto canHalveCols = [&] {
      return t.nc >= 2 * t.nr && (t.nc / 2) % t.nr == 0;
    };
    // The longer side halves first, so that tasks stay square-ish: each
    // task packs its B block once per K block and its A rows once per K
    // block, so thin tasks repack one operand many times.
    while (!t.serial && tasks() < kMinTasks &&
           (canHalveRows() || canHalveCols())) {
      bool rowsFirst = std::min(t.mt, m) >= std::min(t.nc, n);
      if ((rowsFirst && canHalveRows()) || !canHalveCols())
        t.mt /= 2;
      else
        t.nc /= 2;
    }
    rowTail = m % t.mr;
    colTail = n % t.nr;
  }

  void emit() {
    if (m == 0 || n == 0 || k == 0)
      return;
    int64_t rowTasks = (m + t.mt - 1) / t.mt;
    int64_t colTasks = (n + t.nc - 1) / t.nc;
    auto forall = scf::ForallOp::create(
        b, loc,
        ArrayRef<OpFoldResult>{b.getIndexAttr(batch * rowTasks * colTasks)},
        ValueRange{}, std::nullopt);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(forall.getBody()->getTerminator());
    Value task = forall.getInductionVar(0);
    Value tj = rem(task, idx(colTasks));
    Value rest = div(task, idx(colTasks));
    Value ti = rem(rest, idx(rowTasks));
    batchIndex = batched ? div(rest, idx(rowTasks)) : Value();
    Value m0 = mul(ti, idx(t.mt)), n0 = mul(tj, idx(t.nc));

    // The packing buffers live on the stack of the thread running the
    // task (kiln-outline-parallel makes the body a function).
    Type f32 = b.getF32Type();
    packedB = memref::AllocaOp::create(
        b, loc, MemRefType::get({t.nc / t.nr, t.kc, t.nr}, f32),
        b.getI64IntegerAttr(64));
    packedA = memref::AllocaOp::create(
        b, loc, MemRefType::get({t.mc, t.kc}, f32), b.getI64IntegerAttr(64));
    Value rowCount = min(idx(t.mt), sub(idx(m), m0));
    Value colCount = min(idx(t.nc), sub(idx(n), n0));
    bool localC = usesLocalC();
    if (localC) {
      cBuffer = memref::AllocaOp::create(
          b, loc, MemRefType::get({t.mt, t.nc}, f32), b.getI64IntegerAttr(64));
      if (accumulate)
        copyTile(m0, n0, rowCount, colCount, /*toLocal=*/true);
    } else {
      cBuffer = c;
    }
    loop(idx(0), idx(k), t.kc, [&](Value kk) {
      Value depth = min(idx(t.kc), sub(idx(k), kk));
      firstBlock =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, kk, idx(0));
      packB(kk, depth, n0, colCount);
      loop(idx(0), rowCount, t.mc, [&](Value ic) {
        Value rows = min(idx(t.mc), sub(rowCount, ic));
        packA(kk, depth, add(m0, ic), rows);
        if (localC)
          multiply(depth, ic, rows, idx(0), colCount);
        else
          multiply(depth, add(m0, ic), rows, n0, colCount);
      });
    });
    if (localC)
      copyTile(m0, n0, rowCount, colCount, /*toLocal=*/false);
  }

private:
  /// Whether the task accumulates in a local copy of its C block: with
  /// several K blocks the block is revisited per K block, and when C's rows
  /// are far apart they contend for the same cache sets.
  bool usesLocalC() const { return k > t.kc && n * 4 >= kLocalCRowBytes; }

  /// Stack bytes of one task's buffers.
  int64_t stackBytes() const {
    int64_t floats =
        t.nc * t.kc + t.mc * t.kc + (usesLocalC() ? t.mt * t.nc : 0);
    return floats * 4;
  }

  // --- index arithmetic -------------------------------------------------
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivUIOp::create(b, loc, x, y); }
  Value rem(Value x, Value y) { return arith::RemUIOp::create(b, loc, x, y); }
  Value min(Value x, Value y) { return arith::MinSIOp::create(b, loc, x, y); }

  /// for (iv = lb; iv < ub; iv += step) body(iv)
  void loop(Value lb, Value ub, int64_t step, function_ref<void(Value)> body) {
    auto forOp = scf::ForOp::create(b, loc, lb, ub, idx(step));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(forOp.getBody()->getTerminator());
    body(forOp.getInductionVar());
  }

  /// if (cond) body()
  void when(Value cond, function_ref<void()> body) {
    auto ifOp = scf::IfOp::create(b, loc, cond, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
    body();
  }

  /// Whether `count` leaves a partial block of `block` (only the last task
  /// or row block can: every block start is a multiple of `block`).
  Value hasTail(Value count, int64_t block) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                 rem(count, idx(block)), idx(0));
  }

  /// Indices into A, B or C: the task's batch index first when batched.
  SmallVector<Value> at(Value row, Value col) {
    if (batched)
      return {batchIndex, row, col};
    return {row, col};
  }

  /// Indices into the buffer the kernels accumulate in: C itself, or the
  /// task's local copy of its block.
  SmallVector<Value> atC(Value row, Value col) {
    if (cBuffer != c)
      return {row, col};
    return at(row, col);
  }

  /// dst[at dst(r, j)] = src[at src(r, j)] for a rows x cols block, row by
  /// row (LLVM makes each row a memcpy).
  using BlockIndices = function_ref<SmallVector<Value>(Value, Value)>;
  void copyBlock(Value src, BlockIndices srcAt, Value dst, BlockIndices dstAt,
                 Value rows, Value cols) {
    loop(idx(0), rows, 1, [&](Value r) {
      loop(idx(0), cols, 1, [&](Value j) {
        Value v = memref::LoadOp::create(b, loc, src, srcAt(r, j));
        memref::StoreOp::create(b, loc, v, dst, dstAt(r, j));
      });
    });
  }

  /// Copies the task's block of C to or from its local copy.
  void copyTile(Value m0, Value n0, Value rows, Value cols, bool toLocal) {
    auto global = [&](Value r, Value j) { return at(add(m0, r), add(n0, j)); };
    auto local = [&](Value r, Value j) { return SmallVector<Value>{r, j}; };
    if (toLocal)
      copyBlock(c, global, cBuffer, local, rows, cols);
    else
      copyBlock(cBuffer, local, c, global, rows, cols);
  }

  VectorType lanes(int64_t width) {
    return VectorType::get({width}, b.getF32Type());
  }

  // --- packing -------------------------------------------------------------

  /// Bp[p][kq][0:width] = B[kk + kq][n0 + p nr : +width] for every column
  /// panel; the reads run along B's rows.
  void packB(Value kk, Value depth, Value n0, Value cols) {
    Value fullPanels = div(cols, idx(t.nr));
    loop(idx(0), depth, 1, [&](Value kq) {
      Value row = add(kk, kq);
      auto copyPanel = [&](Value p, int64_t width) {
        Value col = add(n0, mul(p, idx(t.nr)));
        Value v =
            vector::LoadOp::create(b, loc, lanes(width), bMat, at(row, col));
        vector::StoreOp::create(b, loc, v, packedB, ValueRange{p, kq, idx(0)});
      };
      loop(idx(0), fullPanels, 1, [&](Value p) { copyPanel(p, t.nr); });
      if (colTail)
        when(hasTail(cols, t.nr), [&] { copyPanel(fullPanels, colTail); });
    });
  }

  /// Ap[r][kq] = A[rowBase + r][kk + kq]: rows of A copied whole. The
  /// kernel reads one scalar from each of mr rows per step; within the
  /// packed block the rows are kc apart rather than K, so they do not
  /// contend for the same L1 sets.
  void packA(Value kk, Value depth, Value rowBase, Value rows) {
    // A batched product may share one A across the batch (a convolution's
    // filter after im2col).
    auto source = [&](Value r, Value kq) {
      Value row = add(rowBase, r), col = add(kk, kq);
      return sharedA ? SmallVector<Value>{row, col} : at(row, col);
    };
    auto packed = [&](Value r, Value kq) { return SmallVector<Value>{r, kq}; };
    copyBlock(a, source, packedA, packed, rows, depth);
  }

  // --- compute -------------------------------------------------------------

  /// All register blocks of one packed A block against the packed B block,
  /// B micro-panels outermost.
  void multiply(Value depth, Value rowBase, Value rows, Value n0, Value cols) {
    Value fullBlocks = div(rows, idx(t.mr));
    Value fullPanels = div(cols, idx(t.nr));
    auto panel = [&](Value p, int64_t width) {
      loop(idx(0), fullBlocks, 1,
           [&](Value rb) { kernel(depth, rowBase, n0, rb, p, t.mr, width); });
      if (rowTail)
        when(hasTail(rows, t.mr), [&] {
          kernel(depth, rowBase, n0, fullBlocks, p, rowTail, width);
        });
    };
    loop(idx(0), fullPanels, 1, [&](Value p) { panel(p, t.nr); });
    if (colTail)
      when(hasTail(cols, t.nr), [&] { panel(fullPanels, colTail); });
  }

  /// The initial accumulators of a register block: C's values, or zeros in
  /// the first K block of a product that overwrites C.
  SmallVector<Value> loadAccumulators(ArrayRef<Value> rowIndex, Value col,
                                      int64_t width) {
    auto load = [&](OpBuilder &nb, Location nloc) {
      SmallVector<Value> values;
      for (Value row : rowIndex)
        values.push_back(vector::LoadOp::create(nb, nloc, lanes(width), cBuffer,
                                                atC(row, col)));
      return values;
    };
    if (accumulate)
      return load(b, loc);
    auto ifOp = scf::IfOp::create(
        b, loc, firstBlock,
        [&](OpBuilder &nb, Location nloc) {
          Value zero = arith::ConstantOp::create(
              nb, nloc, DenseElementsAttr::get(lanes(width), 0.0f));
          scf::YieldOp::create(nb, nloc,
                               SmallVector<Value>(rowIndex.size(), zero));
        },
        [&](OpBuilder &nb, Location nloc) {
          scf::YieldOp::create(nb, nloc, load(nb, nloc));
        });
    return SmallVector<Value>(ifOp.getResults());
  }

  /// The micro-kernel: `height` accumulators of `width` lanes, loaded from
  /// C, updated with one broadcast-FMA per row and K step, stored back.
  void kernel(Value depth, Value rowBase, Value n0, Value rb, Value p,
              int64_t height, int64_t width) {
    Value row0 = add(rowBase, mul(rb, idx(t.mr)));
    Value col = add(n0, mul(p, idx(t.nr)));
    SmallVector<Value> rowIndex;
    for (int64_t r = 0; r < height; ++r)
      rowIndex.push_back(add(row0, idx(r)));
    SmallVector<Value> accumulators = loadAccumulators(rowIndex, col, width);
    // Rows of the packed A block this register block reads.
    SmallVector<Value> packedRow(height);
    for (int64_t r = 0; r < height; ++r)
      packedRow[r] = add(mul(rb, idx(t.mr)), idx(r));
    Value zero = idx(0);
    auto forOp = scf::ForOp::create(
        b, loc, zero, depth, idx(1), accumulators,
        [&](OpBuilder &nb, Location nloc, Value kq, ValueRange accs) {
          Value bv = vector::LoadOp::create(nb, nloc, lanes(width), packedB,
                                            ValueRange{p, kq, zero});
          SmallVector<Value> next;
          for (int64_t r = 0; r < height; ++r) {
            Value av = memref::LoadOp::create(nb, nloc, packedA,
                                              ValueRange{packedRow[r], kq});
            Value splat =
                vector::BroadcastOp::create(nb, nloc, lanes(width), av);
            next.push_back(vector::FMAOp::create(nb, nloc, splat, bv, accs[r]));
          }
          scf::YieldOp::create(nb, nloc, next);
        });
    for (int64_t r = 0; r < height; ++r)
      vector::StoreOp::create(b, loc, forOp.getResult(r), cBuffer,
                              atC(rowIndex[r], col));
  }

  OpBuilder &b;
  Location loc;
  Value a, bMat, c;
  /// C += A B; otherwise C = A B, and C's old values are never read.
  bool accumulate;
  bool batched, sharedA;
  int64_t batch, m, n, k;
  MatmulTiles t;
  int64_t rowTail, colTail;
  Value batchIndex, packedA, packedB, cBuffer;
  /// Whether the current K block is the first (an i1).
  Value firstBlock;
};

bool hasUnitInnerStride(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides.back() == 1;
}

} // namespace

bool mlir::kiln::canEmitMatmul(Value a, Value b, Value c) {
  auto aType = dyn_cast<MemRefType>(a.getType());
  auto bType = dyn_cast<MemRefType>(b.getType());
  auto cType = dyn_cast<MemRefType>(c.getType());
  if (!aType || !bType || !cType)
    return false;
  int64_t rank = cType.getRank();
  bool aRankFits =
      aType.getRank() == rank || (rank == 3 && aType.getRank() == 2);
  if ((rank != 2 && rank != 3) || !aRankFits || bType.getRank() != rank)
    return false;
  for (MemRefType type : {aType, bType, cType})
    if (!type.hasStaticShape() || !type.getElementType().isF32())
      return false;
  return hasUnitInnerStride(bType) && hasUnitInnerStride(cType);
}

void mlir::kiln::emitMatmul(OpBuilder &builder, Location loc, Value a, Value b,
                            Value c, const MatmulTiles &tiles,
                            bool accumulate) {
  MatmulEmitter(builder, loc, a, b, c, tiles, accumulate).emit();
}
