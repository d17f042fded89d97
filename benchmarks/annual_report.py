"""Benchmark: the annual report and the dashboard on a province-size county.

Builds a synthetic data set (5,000 schools, 3,000 communities, 300,000 teachers, 200,000
exchanges, 150,000 result rows) once, then measures:
  - the annual report (`write_annual_report`), time and peak memory;
  - the floor: a plain openpyxl write-only dump of the very same cells;
  - the writer's floor: a plain dump of them with XlsxWriter, which writes the report;
  - the dashboard page, time and number of SQL queries.
Peak memory is taken in a fresh process per step; the times of report and floors in turns
(JGT_BENCH_ROUNDS, 5 by default) in one process, so that each turn sees the same machine.

    .venv/bin/python benchmarks/annual_report.py                 # SQLite file in /tmp
    JGT_BENCH_DENSE=1 .venv/bin/python benchmarks/annual_report.py   # the worst case
    JGT_BENCH_INSTRUCTIONS=1 .venv/bin/python benchmarks/annual_report.py   # + instruction counts
    DATABASE_URL=postgres://postgres@127.0.0.1/jgt_bench .venv/bin/python benchmarks/annual_report.py
"""

import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.province import DENSE, SIZES, YEAR, build, settle  # noqa: E402 (after the path is set)

WORK = Path(os.environ.get("JGT_BENCH_DIR", Path(tempfile.gettempdir()) / ("jgt_bench_dense" if DENSE else "jgt_bench")))
WORK.mkdir(exist_ok=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'province.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaogongti.settings")
# Static files from the app folders (no collectstatic), as in development.
os.environ.setdefault("DEBUG", "1")
ROUNDS = int(os.environ.get("JGT_BENCH_ROUNDS", "5"))
# JGT_BENCH_INSTRUCTIONS=1: also count instructions under valgrind (several minutes).
INSTRUCTIONS = os.environ.get("JGT_BENCH_INSTRUCTIONS") == "1"


def setup_django():
    import django

    django.setup()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_report() -> float:
    from reports.annual_report import write_annual_report

    started = time.perf_counter()
    write_annual_report(YEAR, str(WORK / "report.xlsx"))
    return time.perf_counter() - started


def measure_report():
    return {"seconds": write_report(), "peak_mb": peak_mb()}


def dump_cells():
    """The report's cells as JSON lines, for the floor to write (not timed)."""
    from jiaogongti.exporting import Styled
    from reports.sheets import annual_report_sheets

    with (WORK / "cells.jsonl").open("w", encoding="utf-8") as handle:
        for sheet in annual_report_sheets(YEAR):
            handle.write(json.dumps({"sheet": sheet.name}) + "\n")
            for row in sheet.rows():
                handle.write(
                    json.dumps([c.value if isinstance(c, Styled) else c for c in row], ensure_ascii=False, default=str) + "\n"
                )


def floor_rows():
    """The dumped cells again: (sheet name, None) then each row, read back from JSON."""
    with (WORK / "cells.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            yield (row["sheet"], None) if isinstance(row, dict) else (None, row)


def write_floor() -> float:
    """The issue's floor: the same cells, plain, with openpyxl's write-only mode."""
    from openpyxl import Workbook

    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = None
    for name, row in floor_rows():
        if name:
            sheet = workbook.create_sheet(name)
        else:
            sheet.append(row)
    workbook.save(WORK / "floor.xlsx")
    return time.perf_counter() - started


def write_writer_floor() -> float:
    """The floor of the writer the report uses: the same cells, plain, with XlsxWriter in
    constant-memory mode, each by its typed writer as the report does (`write_row` would
    check every text for a URL or a formula first). What the report costs over this is its
    queries and number formats."""
    import xlsxwriter

    started = time.perf_counter()
    workbook = xlsxwriter.Workbook(str(WORK / "writer_floor.xlsx"), {"constant_memory": True})
    sheet, row_index = None, 0
    for name, row in floor_rows():
        if name:
            sheet, row_index = workbook.add_worksheet(name), 0
            continue
        for column, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(row_index, column, value)
            elif value is not None:
                sheet.write_number(row_index, column, value)
        row_index += 1
    workbook.close()
    return time.perf_counter() - started


def measure_floor():
    return {"seconds": write_floor(), "peak_mb": peak_mb()}


def measure_writer_floor():
    return {"seconds": write_writer_floor(), "peak_mb": peak_mb()}


def measure_pairs():
    """Report and floors in turns in one process, ROUNDS times: a shared machine's speed
    drifts by tens of percent within seconds, and each turn runs close enough in time to
    see the same machine."""
    write_report(), write_floor(), write_writer_floor()  # first runs pay for imports and a cold cache
    turns = [(write_report(), write_floor(), write_writer_floor()) for _ in range(ROUNDS)]
    return {"report": [t[0] for t in turns], "floor": [t[1] for t in turns], "writer_floor": [t[2] for t in turns]}


def render_dashboard():
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from reports.views import dashboard_view

    # Saved: the page's context (the inbox's unread count) asks the database about the user.
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True, "is_active": True}
    )
    request = RequestFactory().get("/dashboard/", {"year": YEAR})
    request.user = user
    response = dashboard_view(request)
    assert response.status_code == 200


def measure_dashboard():
    """The page right after a record changed (its figures worked out), and the page again
    with nothing changed (the figures kept for this state of the records)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jiaogongti.figures_cache import records_changed

    after_change, kept = [], []
    # The machine's speed right before: it drifts too much to rely on the figure taken at the start.
    loop = machine_speed()
    for _ in range(3):
        records_changed()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            render_dashboard()
            after_change.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as captured_kept:
            started = time.perf_counter()
            render_dashboard()
            kept.append(time.perf_counter() - started)
    return {
        "seconds": statistics.median(after_change),
        "queries": len(captured),
        "kept_seconds": statistics.median(kept),
        "kept_queries": len(captured_kept),
        "peak_mb": peak_mb(),
        "loop": loop,
    }


def run_child(step: str) -> dict:
    done = subprocess.run([sys.executable, __file__, step], capture_output=True, text=True, env=os.environ)
    if done.returncode:
        sys.exit(f"step {step} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def runs(write, count: str) -> dict:
    for _ in range(int(count)):
        write()
    return {}


def count_instructions(step: str) -> int:
    """Instructions one warm run of `step` takes, counted by valgrind's callgrind: the
    same count however busy the machine is. Two runs in one process minus one run, so
    starting Python and Django and the first run's imports are left out."""
    counts = []
    for runs_in_process in ("1", "2"):
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__, step, runs_in_process],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        counts.append(int(re.search(r"Collected : (\d+)", done.stderr).group(1)))
    return counts[1] - counts[0]


def machine_speed() -> float:
    """Seconds for a fixed pure-Python loop: says how fast this machine is today, so
    figures taken on different machines (or a busy one) can be compared."""
    started = time.perf_counter()
    total = 0
    for step in range(10_000_000):
        total += step
    return time.perf_counter() - started


def main():
    if len(sys.argv) > 1:
        run_step(sys.argv[1], sys.argv[2:])
        return
    started = time.perf_counter()
    state = run_child("build")["state"]
    run_child("settle")
    spread = "all within a year of the report's 学年" if DENSE else "exchanges spread over seven 学年"
    print(
        f"data set: {', '.join(f'{v:,} {k}' for k, v in SIZES.items())}; {spread} ({state} in {time.perf_counter() - started:.0f} s)"
    )
    print(f"machine: a 10-million-step Python loop takes {machine_speed():.2f} s")
    run_child("cells")
    # Peak memory: one fresh process each.
    report, floor, writer_floor = run_child("report"), run_child("floor"), run_child("writer-floor")
    print_report(report, floor, writer_floor, run_child("pairs"))
    board = run_child("dashboard")
    print(
        f"dashboard after a change: {board['seconds'] * 1000:.0f} ms (median of 3), {board['queries']} queries;"
        f" unchanged since: {board['kept_seconds'] * 1000:.0f} ms, {board['kept_queries']} queries"
        f" (the loop took {board['loop']:.2f} s just before)"
    )
    if INSTRUCTIONS:
        print_instructions()


def run_step(step: str, arguments: list[str]) -> None:
    """One step, in a child process of its own: prints its figures as JSON."""
    setup_django()
    result = {
        "build": lambda: {"state": build()},
        "settle": lambda: settle() or {},
        "report": measure_report,
        "floor": measure_floor,
        "writer-floor": measure_writer_floor,
        "dashboard": measure_dashboard,
        "pairs": measure_pairs,
        "cells": lambda: dump_cells() or {},
        "report-runs": lambda: runs(write_report, arguments[0]),
        "floor-runs": lambda: runs(write_floor, arguments[0]),
        "writer-floor-runs": lambda: runs(write_writer_floor, arguments[0]),
        "dashboard-runs": lambda: runs(render_dashboard, arguments[0]),
    }[step]()
    print(json.dumps(result))


def print_report(report: dict, floor: dict, writer_floor: dict, pairs: dict) -> None:
    size = (WORK / "report.xlsx").stat().st_size / 1024 / 1024
    median = {step: statistics.median(times) for step, times in pairs.items()}

    def ratios(floor: str) -> str:
        each = sorted(r / f for r, f in zip(pairs["report"], pairs[floor]))
        return f"{statistics.median(each):>10.2f}x   (each turn: {', '.join(f'{r:.2f}' for r in each)})"

    print(f"{'median of ' + str(ROUNDS) + ' turns':26}{'seconds':>10}{'peak MB':>10}")
    print(f"{'annual report':26}{median['report']:>10.2f}{report['peak_mb']:>10.0f}   ({size:.1f} MB workbook)")
    print(f"{'openpyxl floor':26}{median['floor']:>10.2f}{floor['peak_mb']:>10.0f}")
    print(f"{'XlsxWriter floor':26}{median['writer_floor']:>10.2f}{writer_floor['peak_mb']:>10.0f}")
    print(f"{'report / openpyxl floor':26}{ratios('floor')}")
    print(f"{'report / XlsxWriter floor':26}{ratios('writer_floor')}")


def print_instructions() -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = dict(
            zip(
                ["report", "floor", "writer floor", "dashboard"],
                pool.map(count_instructions, ["report-runs", "floor-runs", "writer-floor-runs", "dashboard-runs"]),
            )
        )
    print(
        "instructions (callgrind, one warm run): "
        + ", ".join(f"{k} {v / 1e9:.2f} G" for k, v in counts.items())
        + f"; report / openpyxl floor {counts['report'] / counts['floor']:.2f}x"
        + f", report / XlsxWriter floor {counts['report'] / counts['writer floor']:.2f}x"
    )


if __name__ == "__main__":
    main()
