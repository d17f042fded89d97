"""Benchmark: one province-size Z值 round (5,000 schools × 6 subjects).

Prints how long the pure computation takes, and how long `recompute` takes with the
database reads and writes around it. Run from the project folder:

    .venv/bin/python benchmarks/zscore_round.py            # SQLite in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1/jgt_bench .venv/bin/python benchmarks/zscore_round.py
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SCHOOLS, SUBJECTS = 5_000, ["语文", "数学", "英语", "科学", "社会", "体育"]

if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaogongti.settings")

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402

from evaluation.models import SchoolResult, SubjectScore  # noqa: E402
from evaluation.zscore import Scale, Score, recompute, z_values  # noqa: E402
from schools.models import District, School  # noqa: E402


def build():
    call_command("migrate", verbosity=0)
    SubjectScore.objects.all().delete()
    SchoolResult.objects.all().delete()
    School.objects.filter(name__startswith="基准学校").delete()
    district = District.objects.get_or_create(name="基准学区")[0]
    School.objects.bulk_create(School(name=f"基准学校{i:05d}", district=district) for i in range(SCHOOLS))
    schools = list(School.objects.filter(name__startswith="基准学校").values_list("id", flat=True))
    SchoolResult.objects.bulk_create(
        SchoolResult(school_year=2030, stage="middle", school_id=s, graduating_classes=random.randint(1, 8)) for s in schools
    )
    rng = random.Random(7)
    SubjectScore.objects.bulk_create(
        (
            SubjectScore(
                result_id=r,
                subject=subject,
                candidates=rng.randint(20, 600),
                average=rng.uniform(40, 95),
                std_dev=rng.uniform(5, 20),
            )
            for r in SchoolResult.objects.filter(school_year=2030).values_list("id", flat=True)
            for subject in SUBJECTS
        ),
        batch_size=5000,
    )


def main():
    build()
    scores = [
        Score(*row)
        for row in SubjectScore.objects.filter(result__school_year=2030).values_list(
            "result__school_id", "subject", "candidates", "average", "std_dev"
        )
    ]
    started = time.perf_counter()
    values, _ = z_values(scores, Scale())
    pure = time.perf_counter() - started

    started = time.perf_counter()
    count = recompute(2030, "middle")
    full = time.perf_counter() - started
    engine = django.db.connection.vendor
    print(f"Z值 round, {len(values):,} schools × {len(SUBJECTS)} subjects = {len(scores):,} rows ({engine})")
    print(f"  formula only:                 {pure:.3f} s")
    print(f"  recompute (read, compute, write {count:,} results): {full:.3f} s")


if __name__ == "__main__":
    main()
