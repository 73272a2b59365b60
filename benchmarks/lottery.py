"""How long the jury lottery takes, and how fair it is: pools of 500, 2 000
and 10 000 synthetic applicants with the six default features, a panel of 25,
census quotas.

    .venv/bin/python benchmarks/lottery.py [pool sizes...] [--algorithm nash]
        [--engines units library]

Each draw runs as consult runs it (a child process with the hash seed fixed,
`lottery.process.run_isolated`), so the time includes starting that process.
Both the wall time and the child's CPU time are printed (the machine is often
shared: the CPU time is what the draw itself cost), with the load average,
and the lowest selection probability, which maximin makes as high as it can.
Pools have some two-person households. A draw that runs past --limit seconds
is stopped and reported as such, with an estimate from the smaller pools.
The run ends with a Markdown table per pool size (wall time, CPU time, lowest
probability, the relaxation's bound on the optimum, how far below it), the
date, the commit and the load, as benchmarks/README.md shows them."""

import argparse
import datetime
import math
import os
import random
import resource
import subprocess
import threading
import time

from consult.juries.features import DEFAULT_FEATURES, FEATURES, census_quotas
from consult.juries.lottery import algorithm as lottery
from consult.juries.lottery import classes, units
from consult.juries.lottery import data as lottery_data
from consult.juries.lottery import process as lottery_process

PANEL = 25


def synthetic_pool(size, rng):
    """Applicants whose answers follow the population shares, skewed a little
    (older, urban and educated people apply more), 5 % sharing a household."""
    people = []
    for index in range(size):
        features = {}
        for key in DEFAULT_FEATURES:
            values = FEATURES[key].values
            weights = [
                v.share * (1.4 if v.key in ("higher", "urban", "45-59") else 1.0) for v in values
            ]
            features[key] = rng.choices([v.key for v in values], weights)[0]
        household = f"h{index - 1:05d}" if index and rng.random() < 0.05 else f"h{index:05d}"
        people.append(lottery_data.Person(f"p{index:05d}", household, features))
    return tuple(people)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 2000, 10000])
    parser.add_argument("--algorithm", default="maximin", choices=lottery_data.ALGORITHMS)
    parser.add_argument(
        "--engines",
        nargs="+",
        default=["units"],
        choices=lottery_data.ENGINES,
        help="how maximin is computed (lottery.data.ENGINES)",
    )
    parser.add_argument("--limit", type=float, default=600, help="seconds per draw")
    args = parser.parse_args()
    rows = []
    for engine in args.engines:
        rows += run_engine(args, engine)
    print_table(rows)


def print_table(rows):
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    print(f"\n{datetime.date.today().isoformat()}, commit {commit or '?'}\n")
    print("| engine | pool | wall | CPU | lowest probability | bound | below the bound | load |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_engine(args, engine):
    quotas = census_quotas(DEFAULT_FEATURES, PANEL)
    timings, rows = [], []
    print(
        f"algorithm={args.algorithm} engine={engine} panel={PANEL} "
        f"features={len(DEFAULT_FEATURES)} sortition-algorithms {lottery.library_version()}"
    )
    for size in args.sizes:
        pool = synthetic_pool(size, random.Random(size))
        inputs = lottery_data.DrawInputs(
            pool, quotas, PANEL, seed=20260302, algorithm=args.algorithm, engine=engine
        )
        started, cpu = time.monotonic(), _children_cpu()
        outcome = {}

        def run(inputs=inputs, outcome=outcome):
            try:
                outcome["result"] = lottery_process.run_isolated(inputs, timeout=args.limit)
            except lottery_data.LotteryError as error:
                outcome["error"] = error

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(args.limit + 30)
        seconds, spent = time.monotonic() - started, _children_cpu() - cpu
        load = "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
        if "result" in outcome:
            result = outcome["result"]
            low, high = min(result.probabilities.values()), max(result.probabilities.values())
            grouped = units.pool_units(pool, sorted(quotas))
            bound = classes.optimum_bound(grouped, sorted(quotas), quotas, PANEL)
            print(
                f"pool {size:>6}: {seconds:7.1f} s wall, {spent:7.1f} s CPU "
                f"(lottery {result.seconds:.1f} s wall), ran {result.algorithm_used}, "
                f"lowest probability {low:.6f} (highest {high:.4f}; the optimum is at most "
                f"{bound:.6f}: {100 * (1 - low / bound):.2f} % below it), {load}"
            )
            timings.append((size, seconds))
            rows.append(
                (
                    engine,
                    f"{size:,}".replace(",", " "),
                    f"{seconds:.1f} s",
                    f"{spent:.1f} s",
                    f"{low:.4%}",
                    f"{bound:.4%}",
                    f"{100 * (1 - low / bound):.2f} %",
                    load.removeprefix("load "),
                )
            )
        elif "error" in outcome:
            print(
                f"pool {size:>6}: failed after {seconds:.1f} s ({spent:.1f} s CPU): "
                f"{outcome['error'].message}, {load}"
            )
            rows.append(
                (
                    engine,
                    f"{size:,}".replace(",", " "),
                    f"failed after {seconds:.0f} s",
                    f"{spent:.1f} s",
                )
            )
            rows[-1] += ("", "", "", load.removeprefix("load "))
        else:
            estimate = ""
            if len(timings) >= 2:
                (s1, t1), (s2, t2) = timings[-2:]
                # A power law through the last two sizes: t = t2 * (size / s2) ** k.
                k = math.log(t2 / t1) / math.log(s2 / s1)
                estimate = (
                    f"; estimated {t2 * (size / s2) ** k:.0f} s from the smaller "
                    f"pools (time ~ pool^{k:.2f})"
                )
            print(
                f"pool {size:>6}: stopped after {seconds:.0f} s (limit {args.limit:.0f} s)"
                f"{estimate}, {load}"
            )
            rows.append(
                (
                    engine,
                    f"{size:,}".replace(",", " "),
                    f"> {args.limit:.0f} s (stopped)",
                    "",
                    "",
                    "",
                    "",
                    load,
                )
            )
            break
    return rows


if __name__ == "__main__":
    main()
