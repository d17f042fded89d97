"""Benchmark: `import_exchanges` on a large file.

Builds 1,000 communities (one core and two members each), a teacher per member school
slot, then imports one exchange per teacher from an .xlsx and prints how long it took.

    .venv/bin/python benchmarks/import_exchanges.py [ROWS]      # default 20,000 rows
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="jgt_import_"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'import.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaogongti.settings")


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from openpyxl import Workbook

    from communities.models import Community, CommunityYear, Membership
    from schools.models import District, School
    from teachers.importer import import_exchanges
    from teachers.models import Exchange, Teacher

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    call_command("migrate", verbosity=0)
    district = District.objects.first()
    School.objects.bulk_create(School(name=f"导入校{i:05d}", district=district) for i in range(3_000))
    schools = list(School.objects.filter(name__startswith="导入校").order_by("name"))
    cores, members = schools[:1_000], schools[1_000:]
    Community.objects.bulk_create(Community(core_school=core, segment="primary") for core in cores)
    communities = list(Community.objects.order_by("id"))
    CommunityYear.objects.bulk_create(CommunityYear(community=c, school_year=2021, type="共建型", position=i) for i, c in enumerate(communities))
    years = {cy.community_id: cy for cy in CommunityYear.objects.all()}
    Membership.objects.bulk_create(
        Membership(community_year=years[c.id], school=members[2 * i + k], school_year=2021, core_school_id=c.core_school_id, position=k)
        for i, c in enumerate(communities) for k in (0, 1)
    )
    Teacher.objects.bulk_create(
        Teacher(staff_id=f"I{i:06d}", name=f"教师{i}", school=members[i % len(members)], establishment_school=members[i % len(members)])
        for i in range(rows)
    )
    core_of = {m.school_id: m.core_school_id for m in Membership.objects.all()}
    names = {s.id: s.name for s in schools}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["工号", "派出学校", "接收学校", "类型", "开始日期", "结束日期", "迁编", "状态"])
    for i in range(rows):
        member = members[i % len(members)]
        sheet.append([f"I{i:06d}", member.name, names[core_of[member.id]], "交流轮岗", "2021-09-01", "", "是", "已结束"])
    path = WORK / "exchanges.xlsx"
    workbook.save(path)
    started = time.perf_counter()
    result = import_exchanges(str(path))
    first = time.perf_counter() - started
    started = time.perf_counter()
    import_exchanges(str(path))
    again = time.perf_counter() - started
    print(f"{rows:,} rows, 1,000 communities: first import {first:.1f} s, same file again {again:.1f} s ({Exchange.objects.count():,} exchanges)")
    print(result)


if __name__ == "__main__":
    main()
