"""Benchmark: an admin list's 导出 Excel, ours (`teachers.lists.TeacherList` through
`jiaogongti.exporting`) against django-import-export's export (the package the issue
names), on the same teachers of the annual-report benchmark's province data set, in the
same columns. Turns alternate in one process; each step's peak memory in a fresh one.

    .venv/bin/python benchmarks/annual_report.py build    # once: the data set
    .venv/bin/python benchmarks/list_export.py            # JGT_BENCH_ROWS=50000 by default
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(os.environ.get("JGT_BENCH_DIR", Path(tempfile.gettempdir()) / "jgt_bench"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'province.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaogongti.settings")
ROWS = int(os.environ.get("JGT_BENCH_ROWS", "50000"))
ROUNDS = int(os.environ.get("JGT_BENCH_ROUNDS", "3"))


def teachers():
    from teachers.models import Teacher

    return Teacher.objects.filter(pk__in=Teacher.objects.order_by("pk").values("pk")[:ROWS])


def ours() -> float:
    from jiaogongti.exporting import write_workbook
    from teachers.lists import TeacherList

    started = time.perf_counter()
    write_workbook([TeacherList(teachers())], str(WORK / "ours.xlsx"))
    return time.perf_counter() - started


def theirs() -> float:
    from import_export import fields, resources, widgets

    from schools.models import School
    from teachers.models import Teacher

    class TeacherExport(resources.ModelResource):
        staff_id = fields.Field(attribute="staff_id", column_name="工号")
        name = fields.Field(attribute="name", column_name="姓名")
        school = fields.Field(attribute="school", column_name="学校", widget=widgets.ForeignKeyWidget(School, "name"))
        subject = fields.Field(attribute="subject", column_name="学科")
        title = fields.Field(attribute="get_title_display", column_name="职称")
        hire_date = fields.Field(attribute="hire_date", column_name="入职日期", widget=widgets.DateWidget("%Y-%m-%d"))
        establishment = fields.Field(
            attribute="establishment_school", column_name="编制学校", widget=widgets.ForeignKeyWidget(School, "name")
        )

        class Meta:
            model = Teacher
            fields = ["staff_id", "name", "school", "subject", "title", "hire_date", "establishment"]

    started = time.perf_counter()
    dataset = TeacherExport().export(teachers().select_related("school", "establishment_school").order_by("staff_id"))
    (WORK / "theirs.xlsx").write_bytes(dataset.export("xlsx"))
    return time.perf_counter() - started


def step(name: str) -> dict:
    import django

    django.setup()
    if name == "turns":
        turns = [(ours(), theirs()) for _ in range(ROUNDS)]
        return {"ours": [t[0] for t in turns], "theirs": [t[1] for t in turns]}
    seconds = {"ours": ours, "theirs": theirs}[name]()
    return {"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def child(name: str) -> dict:
    done = subprocess.run([sys.executable, __file__, name], capture_output=True, text=True, env=os.environ, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    if len(sys.argv) > 1:
        print(json.dumps(step(sys.argv[1])))
        return
    turns = child("turns")
    peaks = {name: child(name)["peak_mb"] for name in ("ours", "theirs")}
    each = sorted(t / o for o, t in zip(turns["ours"], turns["theirs"]))
    print(f"{ROWS:,} teachers, median of {ROUNDS} turns")
    for name, label in (("ours", "ours (XlsxWriter, streamed)"), ("theirs", "django-import-export 4.4")):
        print(f"{label:34}{statistics.median(turns[name]):>8.2f} s{peaks[name]:>8.0f} MB peak")
    print(f"django-import-export / ours: {statistics.median(each):.1f}x (each turn: {', '.join(f'{r:.1f}' for r in each)})")


if __name__ == "__main__":
    main()
