"""What the Python benchmark drivers share: timing a callable the way the
Kiln executables time themselves, and running an executable's --bench."""
import statistics
import subprocess
import time


def median_ms(fn, iterations, warmup=3):
    """Median wall time of `fn()` in ms over `iterations` calls, after
    `warmup` untimed ones. Callers wrap torch in torch.no_grad()."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def run_kiln(exe, inputs, outdir, threads, iterations):
    """Runs a kiln-compile executable with --bench; returns the fields it
    prints (median_ms, peak_bytes) as strings."""
    run = subprocess.run(
        [exe, *inputs, "--outdir", outdir, "--threads", str(threads),
         "--bench", str(iterations)],
        check=True, capture_output=True, text=True)
    return dict(line.split(": ") for line in run.stdout.strip().splitlines())
