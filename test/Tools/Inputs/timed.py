"""Runs a command with a deadline and reports how it ended.

    timed.py SECONDS COMMAND...

Prints the command's output, then `exit status N after T s`; exits 0 when
the command ended (whatever its status) within SECONDS, 1 when it had to
be killed (a hang).
"""

import subprocess
import sys
import time

start = time.monotonic()
process = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, start_new_session=True)
try:
    output, _ = process.communicate(timeout=float(sys.argv[1]))
except subprocess.TimeoutExpired:
    import os
    import signal
    os.killpg(process.pid, signal.SIGKILL)
    output, _ = process.communicate()
    sys.stdout.write(output.decode("utf-8", "replace"))
    print("HANG: still running after %s s" % sys.argv[1])
    sys.exit(1)
sys.stdout.write(output.decode("utf-8", "replace"))
print("exit status %d after %.1f s" % (process.returncode,
                                        time.monotonic() - start))
