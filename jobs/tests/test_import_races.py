"""Two imports at once leave the result of one run (issue: every write happens once).

Real parallel commands, each in its own thread and database connection. Imports run one
at a time, checks and writes together (jobs/running.py): the second of two runs of the
same file finds the first's rows and changes nothing; of two different files, one is the
result, never a mixture or a sum.
"""

from decimal import Decimal

import pytest
from django.core.management import call_command

from assessment.importer import COLUMNS as FUND_COLUMNS
from assessment.models import Allocation
from evaluation.importer import COLUMNS as SCORE_COLUMNS
from evaluation.models import SubjectScore
from jobs.models import Job
from teachers.tests.test_importers import csv_file
from teachers.tests.test_races import in_parallel
from timetable.tests.builders import term_community

pytestmark = pytest.mark.django_db(transaction=True)


def run(path, command):
    return lambda: call_command(command, path)


def test_one_funds_file_imported_twice_at_once_is_the_money_once(tmp_path):
    community, core, members = term_community(year=2022)
    path = csv_file(tmp_path, FUND_COLUMNS, ["2022", community.code, "活动开展", members[0].name, "3000", ""])
    for _ in range(3):
        outcomes = in_parallel(run(path, "import_funds"), run(path, "import_funds"))
        assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
        assert sum(a.amount for a in Allocation.objects.all()) == Decimal("3000")
    summaries = list(Job.objects.filter(status=Job.Status.SUCCEEDED).values_list("summary", flat=True))
    assert len(summaries) == 6 and sum("替换 1 个" in s for s in summaries) == 1  # the rest: 未变
    assert Allocation.history.count() == 1


def test_two_different_funds_files_at_once_leave_exactly_one_of_them(tmp_path):
    community, core, members = term_community(year=2022)
    first = csv_file(tmp_path, FUND_COLUMNS, ["2022", community.code, "活动开展", members[0].name, "3000", ""], name="a.csv")
    second = csv_file(
        tmp_path,
        FUND_COLUMNS,
        ["2022", community.code, "教师培训", members[1].name, "500", ""],
        ["2022", community.code, "其他", core.name, "250", ""],
        name="b.csv",
    )
    outcomes = in_parallel(run(first, "import_funds"), run(second, "import_funds"))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    total = sum(a.amount for a in Allocation.objects.all())
    assert total in (Decimal("3000"), Decimal("750"))
    assert Allocation.objects.count() == (1 if total == Decimal("3000") else 2)


def test_one_scores_file_imported_twice_at_once_ends_in_nothing_changed(tmp_path):
    community, core, members = term_community(year=2022)
    rows = [["2022", "小学", school.name, "语文", "40", "80.5", "9.5", "2"] for school in [core, *members]]
    path = csv_file(tmp_path, SCORE_COLUMNS, *rows)
    outcomes = in_parallel(run(path, "import_scores"), run(path, "import_scores"))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert SubjectScore.objects.count() == 4
    assert Job.objects.filter(status=Job.Status.SUCCEEDED).count() == 2


def test_two_clicks_on_confirm_at_once_start_one_import(tmp_path, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from conftest import BrowserClient, make_school
    from teachers.models import Teacher

    school = make_school("瑞安市塘下镇第二小学")
    django_user_model.objects.create_superuser("bureau", password="x")
    path = csv_file(tmp_path, ["工号", "姓名", "学校", "学科", "职称", "入职日期"], ["T2", "李华", school.name, "英语", "", ""])
    bureau = BrowserClient()
    bureau.force_login(django_user_model.objects.get(username="bureau"))
    upload = SimpleUploadedFile("教师.csv", open(path, "rb").read())
    bureau.post(reverse("admin:teachers_teacher_import"), {"file": upload, "dry_run": "on"})
    preview = Job.objects.get()

    def confirm():
        client = BrowserClient()
        client.force_login(django_user_model.objects.get(username="bureau"))
        return client.post(reverse("admin:jobs_job_confirm", args=[preview.pk])).status_code

    outcomes = in_parallel(confirm, confirm)
    assert outcomes == [302, 302]
    assert Job.objects.filter(dry_run=False).count() == 1
    assert Teacher.objects.filter(staff_id="T2").count() == 1
    assert Job.objects.filter(dry_run=False).get().status == Job.Status.SUCCEEDED
