#!/usr/bin/env bash
# README command 1: set up and build, show Kiln's graph pipeline on the
# bundled MLP (examples/mlp.mlir), then compile the MLP to a native
# executable, run it on random inputs and benchmark it, and do the same
# from Python (docs/python.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KILN_BUILD_DIR:-$root/build}
"$root/scripts/setup.sh" kiln-opt kiln-compile kiln-python
demo="$build/demo"
mkdir -p "$demo"

echo "== kiln-opt examples/mlp.mlir --kiln-graph-optimize=cost-report=true"
"$build/bin/kiln-opt" "$root/examples/mlp.mlir" --kiln-graph-optimize=cost-report=true

echo "== kiln-compile examples/mlp.mlir -o $demo/mlp"
"$build/bin/kiln-compile" "$root/examples/mlp.mlir" -o "$demo/mlp"
echo "   $(ldd "$demo/mlp" | awk '{print $1}' | tr '\n' ' ')"

# Random inputs with the MLP's shapes (batch 8, 784 -> 256 -> 10).
/usr/bin/python3 - "$demo" <<'PY'
import sys, numpy as np
rng = np.random.default_rng(0)
shapes = {"x": (8, 784), "w1": (784, 256), "b1": (256,), "w2": (256, 10),
          "b2": (10,)}
for name, shape in shapes.items():
    scale = 1.0 if name == "x" else 1.0 / np.sqrt(shape[0])
    np.save(f"{sys.argv[1]}/{name}.npy",
            (rng.standard_normal(shape) * scale).astype(np.float32))
PY
echo "== $demo/mlp x.npy w1.npy b1.npy w2.npy b2.npy --outdir out --bench 100"
(cd "$demo" && ./mlp x.npy w1.npy b1.npy w2.npy b2.npy --outdir out --bench 100)
/usr/bin/python3 -c "
import numpy as np
p = np.load('$demo/out/result0.npy')
print('class probabilities of sample 0:', np.round(p[0], 3))
print('rows sum to', np.round(p.sum(1), 5))"

echo "== from Python: kiln.compile(examples/mlp.mlir) against torch"
PYTHONPATH="$build/python" /usr/bin/python3 - "$root" "$demo" <<'PY'
import sys, numpy as np, torch, torch.nn.functional as F
import kiln
model = kiln.compile(open(f"{sys.argv[1]}/examples/mlp.mlir").read())
args = [np.load(f"{sys.argv[2]}/{name}.npy")
        for name in ("x", "w1", "b1", "w2", "b2")]
x, w1, b1, w2, b2 = (torch.from_numpy(a) for a in args)
expected = torch.softmax(F.gelu(x @ w1 + b1) @ w2 + b2, 1).numpy()
print(model)
print("max difference from torch:", float(np.abs(model(*args) - expected).max()))
print(model.benchmark(100))
PY
