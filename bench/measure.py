#!/usr/bin/env python3
"""Runs a command several times and prints `min_s median_s peak_rss_mib exit`.

    bench/measure.py RUNS COMMAND [ARG…]

Wall time per run (time.perf_counter around spawn and wait), peak memory
(ru_maxrss of that child alone, from os.wait4), the exit status of the last
run. Standard output goes to /dev/null; standard error is kept and shown when
a run exits with a status above 1 (0 and 1 are results, 2 is a failure).
Used by bench/scale.sh.
"""
import os
import statistics
import subprocess
import sys
import time


def main() -> None:
    runs = int(sys.argv[1])
    command = sys.argv[2:]
    times, peaks, status = [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # wait4 rather than communicate(): the rusage of this child alone.
        err = child.stderr.read()
        _, raw, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(raw)
        status = child.returncode
        if status > 1:
            sys.stderr.write(f"{' '.join(command)} exited with {status}:\n{err.decode(errors='replace')}")
            sys.exit(status)
        times.append(elapsed)
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux: MiB
    print(f"{min(times):.3f} {statistics.median(times):.3f} {max(peaks):.1f} {status}")


if __name__ == "__main__":
    main()
