"""Compares the estimate kiln-shard-auto reports for its plan with the one
kiln-shard-explain reports for a baseline plan (same cost model, same
function); fails when the automatic plan costs more.

usage: compare_plans.py AUTO_REPORT BASELINE_REPORT
"""
import re
import sys


def estimate(path):
    found = re.findall(r"^estimated: ([\d.]+) us per device", open(path).read(),
                       re.M)
    if len(found) != 1:
        sys.exit(f"{path}: expected one 'estimated:' line, found {len(found)}")
    return float(found[0])


def main(auto_path, baseline_path):
    auto, baseline = estimate(auto_path), estimate(baseline_path)
    verdict = "ok" if auto <= baseline else "FAIL"
    print(f"{verdict}: auto {auto:.1f} us, baseline {baseline:.1f} us "
          f"(baseline / auto = {baseline / auto:.3f})")
    if verdict != "ok":
        sys.exit(1)


if __name__ == "__main__":
    main(*sys.argv[1:3])
