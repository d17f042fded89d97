"""Benchmark: every import at province size, side by side with the anchor.

Builds a province (5,000 schools, 3,000 communities), writes the files (CSV and .xlsx):
300,000 teachers, 200,000 exchanges, 150,000 score rows, then runs each import as the
bureau's IT would, `manage.py import_…` in a fresh process (start-up included), and
prints rows/s and peak memory. The anchor is a stock django-import-export 4.4 Resource
(`benchmarks/anchor_resources.py`) importing the same CSV, on the first ANCHOR_ROWS rows
(at ~800 rows/s a whole file would take many minutes), in turns with ours on those rows.

    .venv/bin/python benchmarks/imports.py                     # SQLite file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1/jgt_imports .venv/bin/python benchmarks/imports.py
    JGT_BENCH_SCALE=0.1 .venv/bin/python benchmarks/imports.py  # a tenth of the rows, quickly
"""

import csv
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(os.environ.get("JGT_BENCH_DIR", Path(tempfile.gettempdir()) / "jgt_imports"))
WORK.mkdir(exist_ok=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'imports.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaogongti.settings")
# As the bureau's IT runs them: with DEBUG on, Django keeps the text of every statement
# (a province's import sends thousands of multi-row INSERTs), which is not the import's cost.
os.environ.setdefault("DEBUG", "0")
SCALE = float(os.environ.get("JGT_BENCH_SCALE", "1"))
TEACHERS, EXCHANGES, SCORES = int(300_000 * SCALE), int(200_000 * SCALE), int(150_000 * SCALE)
ANCHOR_ROWS = int(os.environ.get("JGT_BENCH_ANCHOR_ROWS", "20000"))
SCHOOLS, CORES, COMMUNITIES = 5_000, 1_000, 3_000
TEACHER_HEADER = ["工号", "姓名", "学校", "学科", "职称", "入职日期"]
EXCHANGE_HEADER = ["工号", "派出学校", "接收学校", "类型", "开始日期", "结束日期", "迁编", "状态"]
SCORE_HEADER = ["学年", "学段", "学校", "科目", "参考人数", "平均分", "标准差", "毕业班数"]


def school_name(i: int) -> str:
    return f"瑞安市测试第{i:05d}学校"


def core_of_member(m: int) -> int:
    """Member school m (CORES..SCHOOLS-1) belongs to community (m - CORES) % COMMUNITIES,
    whose core is that community's number modulo CORES."""
    return ((m - CORES) % COMMUNITIES) % CORES


def build_database():
    import django

    django.setup()
    from django.core.management import call_command

    from communities.models import Community, CommunityYear, Membership
    from schools.models import District, School

    call_command("migrate", verbosity=0)
    districts = list(District.objects.order_by("id"))
    School.objects.bulk_create(
        School(name=school_name(i), district=districts[i % len(districts)], stage="primary") for i in range(SCHOOLS)
    )
    ids = dict(School.objects.values_list("name", "id"))
    Community.objects.bulk_create(
        Community(core_school_id=ids[school_name(c % CORES)], segment="primary") for c in range(COMMUNITIES)
    )
    communities = list(Community.objects.order_by("id"))
    CommunityYear.objects.bulk_create(
        CommunityYear(community=c, school_year=2021, type="co_built", position=i) for i, c in enumerate(communities)
    )
    years = {cy.community_id: cy for cy in CommunityYear.objects.all()}
    Membership.objects.bulk_create(
        Membership(
            community_year=years[communities[(m - CORES) % COMMUNITIES].id],
            school_id=ids[school_name(m)],
            school_year=2021,
            core_school_id=communities[(m - CORES) % COMMUNITIES].core_school_id,
            position=m,
        )
        for m in range(CORES, SCHOOLS)
    )


def member(i: int) -> int:
    """The i-th row's member school (every school after the cores, in turn)."""
    return CORES + i % (SCHOOLS - CORES)


def write_files():
    write_file(
        "teachers",
        TEACHER_HEADER,
        ([f"T{i:07d}", f"教师{i}", school_name(member(i)), "语文", "中级", f"20{5 + i % 15:02d}-09-01"] for i in range(TEACHERS)),
    )
    write_file(
        "exchanges",
        EXCHANGE_HEADER,
        (
            [
                f"T{i:07d}",
                school_name(member(i)),
                school_name(core_of_member(member(i))),
                "交流轮岗",
                "2021-09-01",
                "",
                "是",
                "已结束",
            ]
            for i in range(EXCHANGES)
        ),
    )
    # The same teachers' records as a county's history has them, over five 学年: two before
    # the first roster (2021), three in roster years, where the community rules run.
    write_file(
        "exchanges-rosters",
        EXCHANGE_HEADER,
        (
            [
                f"T{i:07d}",
                school_name(member(i)),
                school_name(core_of_member(member(i))),
                "交流轮岗",
                f"{2019 + i % 5}-09-01",
                "",
                "是",
                "进行中" if i % 5 == 4 else "已结束",
            ]
            for i in range(EXCHANGES)
        ),
    )
    write_file(
        "scores",
        SCORE_HEADER,
        (
            ["2021", "小学", school_name(i % SCHOOLS), f"科目{i // SCHOOLS:02d}", "40", f"{60 + i % 37}.5", "12.5", "2"]
            for i in range(SCORES)
        ),
    )


def write_file(name: str, header: list[str], rows) -> None:
    """The same rows as CSV, as .xlsx, and the anchor's first ANCHOR_ROWS as CSV."""
    import xlsxwriter

    rows = list(rows)
    with (WORK / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    with (WORK / f"{name}-anchor.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows[:ANCHOR_ROWS])
    workbook = xlsxwriter.Workbook(str(WORK / f"{name}.xlsx"), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    workbook.close()


def run(command: list[str]) -> tuple[float, float, str]:
    """Seconds and peak MB of one fresh process, and what it printed last. The peak is the
    command's own plus that of every process it started (a big workbook is read by a child
    of the import's, `jiaogongti/xlsx_process.py`): each child's high-water mark as last
    seen, every 20 ms, so the sum is never less than the two at their worst moment."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output, children = [], {}
    reader = threading.Thread(target=lambda: output.extend(process.stdout.read().decode(errors="replace").splitlines()))
    reader.start()
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        for child in _children(process.pid):
            children[child] = max(children.get(child, 0), _high_water_kb(child))
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    reader.join()
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n" + "\n".join(output[-20:]))
    return elapsed, (usage.ru_maxrss + sum(children.values())) / 1024, output[-1] if output else ""


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:  # the thread has ended
            pass
    return found


def _high_water_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # the child has ended
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)


def manage(*args) -> list[str]:
    return [sys.executable, "manage.py", *args]


def reset(*tables: str) -> None:
    subprocess.run(
        manage("shell", "-c", f"from benchmarks.anchor_resources import empty; empty({list(tables)!r})"), cwd=ROOT, check=True
    )


def main():
    print(f"Data: {SCHOOLS:,} schools, {COMMUNITIES:,} communities; {os.environ['DATABASE_URL'].split(':')[0]}")
    if not (WORK / "built").exists() or os.environ.get("JGT_BENCH_REBUILD"):
        for stale in WORK.glob("imports.sqlite3*"):
            stale.unlink()
        # In a child: a forked process starts with its parent's memory counted as its own
        # peak, and building takes this one to 200 MB; every figure below would read so.
        subprocess.run([sys.executable, __file__, "build"], check=True)
        (WORK / "built").write_text(str(SCALE))
    loop = time.perf_counter()
    for _ in range(10_000_000):
        pass
    print(f"Machine: a 10-million-step Python loop takes {time.perf_counter() - loop:.2f} s")
    print()
    measure_imports()
    print()
    measure_against_anchor()


def measure_imports() -> None:
    print(f"{'import':<34}{'rows':>9}{'seconds':>9}{'rows/s':>9}{'peak MB':>9}")

    def measure(label, command, rows, tables_before):
        reset(*tables_before)
        seconds, peak, said = run(command)
        print(f"{label:<34}{rows:>9,}{seconds:>9.1f}{rows / seconds:>9,.0f}{peak:>9.0f}   {said[:70]}")

    for kind in ("csv", "xlsx"):
        measure(
            f"import_teachers ({kind}, new)",
            manage("import_teachers", str(WORK / f"teachers.{kind}")),
            TEACHERS,
            ["exchange", "teacher", "job"],
        )
    measure("import_teachers (csv, unchanged)", manage("import_teachers", str(WORK / "teachers.csv")), TEACHERS, ["job"])
    for kind in ("csv", "xlsx"):
        measure(
            f"import_exchanges ({kind}, new)",
            manage("import_exchanges", str(WORK / f"exchanges.{kind}")),
            EXCHANGES,
            ["exchange", "job"],
        )
    measure("import_exchanges (csv, unchanged)", manage("import_exchanges", str(WORK / "exchanges.csv")), EXCHANGES, ["job"])
    measure(
        "import_exchanges (roster years, new)",
        manage("import_exchanges", str(WORK / "exchanges-rosters.csv")),
        EXCHANGES,
        ["exchange", "job"],
    )
    for kind in ("csv", "xlsx"):
        measure(f"import_scores ({kind}, new)", manage("import_scores", str(WORK / f"scores.{kind}")), SCORES, ["score", "job"])


def measure_against_anchor() -> None:
    print(f"The anchor, on the first {ANCHOR_ROWS:,} rows of each CSV (fresh process each):")
    print(f"{'import':<34}{'ours rows/s':>12}{'MB':>6}{'anchor rows/s':>15}{'MB':>6}{'ours/anchor':>13}")
    anchor = [
        ("teachers (new)", "import_teachers", "teachers", ["exchange", "teacher", "job"]),
        ("teachers (unchanged)", "import_teachers", "teachers", ["exchange", "teacher", "job"]),
        ("exchanges (new)", "import_exchanges", "exchanges", ["exchange", "job"]),
        ("scores (new)", "import_scores", "scores", ["score", "job"]),
    ]
    for label, command, name, tables in anchor:
        path = str(WORK / f"{name}-anchor.csv")
        ours = manage(command, path)
        theirs = manage("shell", "-c", f"from benchmarks.anchor_resources import run; run({name!r}, {path!r})")
        figures = []
        for side in (ours, theirs):
            reset(*tables)
            if "unchanged" in label:
                run(side)  # each side's own records, written as it writes them (ours with placements)
            figures.append(run(side))
        (ours_seconds, ours_mb, _), (theirs_seconds, theirs_mb, _) = figures
        rows = ANCHOR_ROWS
        print(
            f"{label:<34}{rows / ours_seconds:>12,.0f}{ours_mb:>6.0f}{rows / theirs_seconds:>15,.0f}{theirs_mb:>6.0f}"
            f"{theirs_seconds / ours_seconds:>12.1f}×"
        )


if __name__ == "__main__":
    if sys.argv[1:] == ["build"]:
        build_database()
        write_files()
    else:
        main()
