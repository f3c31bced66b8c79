#!/usr/bin/env python3
"""`make run`'s two processes side by side: the web server and the task worker, as in
production (docs/operations.md). Ctrl-C stops both; if one of them ends, the other is stopped
too and the exit code is the one that ended first. Only the standard library.

It also does what production's timers do (deploy/systemd): `send_notifications` every five
minutes, `send_digests` once a day and `survey_daily` every hour, each first a minute after
the start.

    python scripts/run.py [--address 127.0.0.1:8000]
"""

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOP_SECONDS = 10
# (command, every so many seconds), as deploy/systemd's timers run them in production.
TIMERS = [
    ("send_notifications", 300),
    ("send_digests", 24 * 3600),
    ("survey_daily", 3600),
    ("oversight_nightly", 24 * 3600),
]
FIRST_TIMER_AFTER = 60


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", default="127.0.0.1:8000")
    options = parser.parse_args()
    commands = {
        "web": [sys.executable, "manage.py", "runserver", options.address],
        "worker": [sys.executable, "manage.py", "worker"],
    }
    # Ctrl-C and SIGTERM (a service manager, a container stop) both stop everything. Set
    # before the start, so the children do not inherit an ignored SIGINT (a background job's).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    # Each in a process group of its own: Ctrl-C reaches only this script, which then stops
    # each group once (the worker would take a second Ctrl-C as "abandon the running task").
    processes = {
        name: subprocess.Popen(command, cwd=ROOT, start_new_session=True)  # noqa: S603 - fixed argv
        for name, command in commands.items()
    }
    code = 0
    due = {command: time.monotonic() + FIRST_TIMER_AFTER for command, _every in TIMERS}
    timer_runs: list[subprocess.Popen] = []
    try:
        while True:
            for command, every in TIMERS:
                if time.monotonic() >= due[command]:
                    due[command] = time.monotonic() + every
                    # Not waited for: a slow run never holds up the two processes' watch.
                    timer_runs.append(
                        subprocess.Popen([sys.executable, "manage.py", command], cwd=ROOT)  # noqa: S603
                    )
            timer_runs = [run for run in timer_runs if run.poll() is None]  # reap finished ones
            ended = {name: p.poll() for name, p in processes.items() if p.poll() is not None}
            if ended:
                name, code = next(iter(ended.items()))
                print(f"run.py: {name} ended with exit code {code}; stopping the rest", flush=True)
                break
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nrun.py: stopping the web server and the worker …", flush=True)
    finally:
        stop(processes.values())
    return code


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def stop(processes) -> None:
    """SIGINT to each process group (as Ctrl-C: the worker finishes its task first), then
    SIGTERM, then SIGKILL, each after STOP_SECONDS."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not cut this short
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        running = [p for p in processes if p.poll() is None]
        if not running:
            return
        for process in running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
        deadline = time.monotonic() + STOP_SECONDS
        for process in running:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))


if __name__ == "__main__":
    sys.exit(main())
