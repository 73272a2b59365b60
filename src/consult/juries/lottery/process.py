"""A draw in its own process, and the command that runs it.

The library's results depend on the order Python iterates sets of strings,
which changes from process to process unless the hash seed is fixed. Draws
therefore run in a child process with PYTHONHASHSEED=0: the same inputs and
seed give the same panel in any process, which is what lets anyone re-run
a published draw:

    PYTHONHASHSEED=0 python -m consult.juries.lottery inputs.json result.json

(`consult.juries.lottery.__main__` hands that command to `main` here.) The child
prints the library's progress as `@@progress` lines for the parent, and
writes its result, or why there is none, to a JSON file."""

import json
import os
import subprocess
import sys
import tempfile
import threading

from .algorithm import draw
from .data import (
    DrawResult,
    Feasibility,
    LotteryError,
    QuotaProblem,
    inputs_from_dict,
    inputs_to_dict,
)

HASH_SEED = "0"
PROGRESS_PREFIX = "@@progress "


class _PrintedProgress:
    """A ProgressReporter that prints one line per event for the parent process."""

    def __init__(self):
        self.name, self.total = "", None

    def start_phase(self, name, total=None, *, message=None):
        self.name, self.total = name, total
        self._emit({"phase": name, "total": total, "current": 0, "message": message})

    def update(self, current, *, message=None):
        self._emit(
            {"phase": self.name, "total": self.total, "current": current, "message": message}
        )

    def end_phase(self):
        pass

    @staticmethod
    def _emit(event):
        # The real stdout: the draw redirects sys.stdout into its log.
        print(PROGRESS_PREFIX + json.dumps(event), file=sys.__stdout__, flush=True)


def result_to_dict(result):
    return {
        "selected": list(result.selected),
        "probabilities": result.probabilities,
        "algorithm_requested": result.algorithm_requested,
        "algorithm_used": result.algorithm_used,
        "log": result.log,
        "seconds": result.seconds,
    }


def run_isolated(inputs, on_line=None, timeout=6 * 3600):
    """`draw(inputs)` in a child process with the hash seed fixed. Returns
    the DrawResult; raises LotteryError. `on_line(text)` receives each line
    the child prints (the library's chatter and `@@progress` lines)."""
    with tempfile.TemporaryDirectory(prefix="consult-draw-") as directory:
        source = os.path.join(directory, "inputs.json")
        target = os.path.join(directory, "result.json")
        with open(source, "w", encoding="utf-8") as f:
            json.dump(inputs_to_dict(inputs), f)
        env = dict(os.environ, PYTHONHASHSEED=HASH_SEED, PYTHONUNBUFFERED="1")
        lines = []
        with subprocess.Popen(
            [sys.executable, "-m", "consult.juries.lottery", source, target],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            text=True,
            encoding="utf-8",
            errors="replace",
        ) as child:
            # The child may stay silent for minutes inside a solver: a timer stops it.
            watchdog = threading.Timer(timeout, child.kill)
            watchdog.daemon = True
            watchdog.start()
            assert child.stdout is not None  # stdout=PIPE
            try:
                for line in child.stdout:
                    lines.append(line)
                    if on_line is not None:
                        on_line(line.rstrip("\n"))
                code = child.wait()
            finally:
                watchdog.cancel()
        log = "".join(line for line in lines if not line.startswith(PROGRESS_PREFIX))
        if not os.path.exists(target):
            raise LotteryError(f"The lottery process stopped (exit status {code}).", log=log)
        with open(target, encoding="utf-8") as f:
            data = json.load(f)
    if "error" in data:
        feasibility = None
        if data.get("feasibility"):
            feasibility = Feasibility(
                False,
                [QuotaProblem(**p) for p in data["feasibility"]["problems"]],
                data["feasibility"]["relaxed"],
                data["feasibility"]["message"],
            )
        raise LotteryError(data["error"], feasibility, log=log + data.get("log", ""))
    return DrawResult(
        selected=tuple(data["selected"]),
        probabilities=data["probabilities"],
        algorithm_requested=data["algorithm_requested"],
        algorithm_used=data["algorithm_used"],
        log=log + data["log"],
        seconds=data["seconds"],
    )


def _problem_dict(problem):
    return {
        "feature": problem.feature,
        "value": problem.value,
        "kind": problem.kind,
        "quota": list(problem.quota),
        "available": problem.available,
        "suggested": list(problem.suggested) if problem.suggested else None,
    }


def main(argv=None):
    source, target = (argv or sys.argv[1:])[:2]
    with open(source, encoding="utf-8") as f:
        inputs = inputs_from_dict(json.load(f))
    try:
        output = result_to_dict(draw(inputs, progress=_PrintedProgress()))
    except LotteryError as error:
        output = {"error": error.message, "log": error.log}
        if error.feasibility is not None:
            output["feasibility"] = {
                "problems": [_problem_dict(p) for p in error.feasibility.problems],
                "relaxed": error.feasibility.relaxed,
                "message": error.feasibility.message,
            }
    with open(target, "w", encoding="utf-8") as f:
        json.dump(output, f)
    return 0
