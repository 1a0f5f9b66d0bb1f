"""Runs test functions of the Python package's tests.

    /usr/bin/python3 runner.py test_compile.py [NAME ...]

runs the named test_* functions of the file (all of them when none is
named), each in this process, and ends with `python tests: P passed, F
failed`; the exit status is 1 when any failed. lit runs one function per
call (lit.local.cfg), so that a crash takes down one test only.
"""

import importlib.util
import os
import sys
import traceback


def main(argv):
    path = argv[1]
    sys.path.insert(1, os.path.dirname(os.path.abspath(path)))
    spec = importlib.util.spec_from_file_location("tests", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    names = argv[2:] or [n for n in dir(module) if n.startswith("test_")]
    passed = failed = 0
    for name in names:
        try:
            getattr(module, name)()
        except Exception:
            failed += 1
            print("FAIL %s" % name)
            traceback.print_exc(file=sys.stdout)
        else:
            passed += 1
            print("PASS %s" % name)
    print("python tests: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
