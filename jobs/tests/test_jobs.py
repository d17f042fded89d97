"""Long work in the background, with progress, cancel and a history entry for every import
(issue: data the bureau can trust)."""

import csv
import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from conftest import make_school
from jobs import progress_store
from jobs.models import Job
from jobs.running import job_run
from jobs.services import job_cancel, job_mark_if_interrupted, record_command_import
from teachers.importer import import_teachers
from teachers.models import Teacher

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["工号", "姓名", "学校", "学科", "职称", "入职日期"]


def teachers_csv(path: Path, count: int, school="瑞安市塘下镇第二小学", bad_row: int | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(count):
            writer.writerow([f"T{i:06d}", f"教师{i}", "无此校" if i == bad_row else school, "语文", "中级", "2015-09-01"])
    return path


@pytest.fixture
def school(db):
    return make_school("瑞安市塘下镇第二小学")


def test_an_upload_runs_as_a_job_whose_page_shows_the_counts_and_outcome(bureau_client, school, tmp_path):
    path = teachers_csv(tmp_path / "t.csv", 25)
    upload = SimpleUploadedFile("教师名单.csv", path.read_bytes())
    response = bureau_client.post(reverse("admin:teachers_teacher_import"), {"file": upload}, follow=True)
    page = response.content.decode()
    job = Job.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:jobs_job_change", args=[job.pk])
    assert "教师导入完成：新建 25 人" in page and "教师名单.csv" in page
    assert (job.status, job.created_by.username, job.filename, job.source) == ("succeeded", "bureau", "教师名单.csv", "admin")
    assert job.counts["read"] == 26 and job.counts["checked"] == 25 and job.counts["written"] == 25
    assert not Path(job.upload).exists()  # our copy of the upload is gone once it is read
    assert Teacher.objects.count() == 25


def test_a_failed_job_lists_every_problem_with_its_row_and_writes_nothing(bureau_client, school, tmp_path):
    upload = SimpleUploadedFile("t.csv", teachers_csv(tmp_path / "t.csv", 5, bad_row=3).read_bytes())
    page = bureau_client.post(reverse("admin:teachers_teacher_import"), {"file": upload}, follow=True).content.decode()
    job = Job.objects.get()
    assert job.status == "failed" and job.problems == [[5, "学校「无此校」不在学校名录中。"]]
    assert "导入失败，数据库未做任何改动" in page and "第 5 行：学校「无此校」不在学校名录中。" in page
    assert not Teacher.objects.exists()


def test_the_progress_address_answers_for_the_page_to_update_itself(bureau_client, school, tmp_path):
    upload = SimpleUploadedFile("t.csv", teachers_csv(tmp_path / "t.csv", 3).read_bytes())
    bureau_client.post(reverse("admin:teachers_teacher_import"), {"file": upload})
    data = bureau_client.get(reverse("admin:jobs_job_progress", args=[Job.objects.get().pk])).json()
    assert data["finished"] and data["status_label"] == "已完成" and ["已写入", 3] in data["counts"]


def test_a_command_line_import_leaves_a_history_entry(school, tmp_path):
    call_command("import_teachers", str(teachers_csv(tmp_path / "cli.csv", 4)))
    job = Job.objects.get()
    assert (job.source, job.filename, job.status, job.created_by) == ("command", "cli.csv", "succeeded", None)
    assert "新建 4 人" in job.summary and job.counts["written"] == 4
    assert (tmp_path / "cli.csv").exists()  # the user's own file is never deleted
    with pytest.raises(CommandError):
        call_command("import_teachers", str(teachers_csv(tmp_path / "bad.csv", 2, bad_row=0)))
    assert Job.objects.filter(status="failed").count() == 1


def test_a_queued_job_that_is_cancelled_never_runs(school, tmp_path):
    job = Job.objects.create(
        kind="import",
        title="导入教师",
        function="teachers.importer.import_teachers",
        filename="t.csv",
        upload=str(teachers_csv(tmp_path / "t.csv", 3)),
        source="command",
    )
    job_cancel(job)
    assert job_run(job).status == "cancelled"
    assert not Teacher.objects.exists()


def test_a_job_cancelled_while_it_writes_leaves_the_database_as_it_was(school, tmp_path, monkeypatch):
    job = Job.objects.create(
        kind="import",
        title="导入教师",
        function="teachers.importer.import_teachers",
        filename="t.csv",
        upload=str(teachers_csv(tmp_path / "t.csv", 5_000)),
        source="command",
    )
    # The cancel arrives once the first rows are written.
    monkeypatch.setattr(progress_store, "cancel_requested", lambda job_id: progress_store.counts(job_id).get("written", 0) > 0)
    monkeypatch.setattr("jiaogongti.progress.PUBLISH_EVERY", 0)
    job = job_run(job)
    assert job.status == "cancelled" and "数据库未做任何改动" in job.summary
    assert not Teacher.objects.exists()


def test_the_annual_report_is_made_in_the_background_and_downloaded_from_its_page(bureau_client, school):
    page = bureau_client.get(reverse("reports:annual_report"), {"year": 2021}, follow=True).content.decode()
    job = Job.objects.get()
    assert job.kind == "report" and job.status == "succeeded" and "下载 2021学年教共体年度报表.xlsx" in page
    response = bureau_client.get(reverse("admin:jobs_job_download", args=[job.pk]))
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert "2021" in response["Content-Disposition"]


def test_a_workbook_older_than_the_keeping_days_is_deleted_when_the_next_is_made(bureau_client, school, settings):
    bureau_client.get(reverse("reports:annual_report"), {"year": 2021})
    old = Job.objects.get()
    old_file = Path(old.output)
    Job.objects.filter(pk=old.pk).update(finished_at=old.finished_at - datetime.timedelta(days=settings.JGT_OUTPUT_KEEP_DAYS + 1))
    bureau_client.get(reverse("reports:annual_report"), {"year": 2021})
    old.refresh_from_db()
    latest = Job.objects.latest("pk")
    assert old.output == "" and "天后删除" in old.summary and Path(latest.output).exists()
    assert not old_file.exists()
    assert bureau_client.get(reverse("admin:jobs_job_download", args=[old.pk])).status_code == 404


def test_job_pages_are_for_bureau_staff_only(client, django_user_model, school):
    job = Job.objects.create(kind="report", title="报表", function="x.y", filename="r.xlsx")
    client.force_login(django_user_model.objects.create_user("head", password="x"))
    for name in ["admin:jobs_job_change", "admin:jobs_job_progress", "admin:jobs_job_download"]:
        response = client.get(reverse(name, args=[job.pk]))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_job_killed_midway_leaves_the_database_as_it_was(tmp_path, settings):
    make_school("瑞安市塘下镇第二小学")
    job = Job.objects.create(
        kind="import",
        title="导入教师",
        function="teachers.importer.import_teachers",
        filename="t.csv",
        upload=str(teachers_csv(tmp_path / "t.csv", 60_000)),
        source="command",
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jiaogongti.settings",
        "DATABASE_URL": _database_url(),
        "JGT_DATA_DIR": str(settings.JGT_DATA_DIR),
        "DEBUG": "1",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            f"from jobs.models import Job; from jobs.running import job_run; job_run(Job.objects.get(pk={job.pk}))",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while progress_store.counts(job.pk).get("written", 0) == 0 and worker.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
    written = progress_store.counts(job.pk)["written"]
    worker.send_signal(signal.SIGKILL)
    worker.wait(30)
    assert written > 0 and Teacher.objects.count() == 0
    settings.JGT_JOB_STALE_SECONDS = 0
    time.sleep(0.1)
    job = job_mark_if_interrupted(Job.objects.get(pk=job.pk))
    assert job.status == "interrupted" and "数据库未做任何改动" in job.summary


def test_record_command_import_keeps_the_dry_run_flag(school, tmp_path):
    job = record_command_import(
        importer=import_teachers, path=str(teachers_csv(tmp_path / "t.csv", 2)), title="导入教师", dry_run=True, options={}
    )
    assert job.dry_run and not Teacher.objects.exists()
    # A preview says what confirming will do, never that it was done.
    assert job.summary == "教师导入预览（数据库尚未改动），确认后：新建 2 人、更新 0 人、未变 0 人。"


def test_a_preview_lists_the_new_changed_and_unchanged_rows_with_their_counts(bureau_client, school, tmp_path):
    record_command_import(
        importer=import_teachers, path=str(teachers_csv(tmp_path / "a.csv", 3)), title="导入教师", dry_run=False, options={}
    )
    path = teachers_csv(tmp_path / "b.csv", 5)  # T000000–T000002 stored, T000003–T000004 new
    path.write_text(path.read_text(encoding="utf-8").replace("教师1,", "教师一,"), encoding="utf-8")  # one renamed
    job = record_command_import(importer=import_teachers, path=str(path), title="导入教师", dry_run=True, options={})
    page = bureau_client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert "将新建的记录：共 2 条" in page and "第 5 行 教师3（T000003）" in page and "第 6 行 教师4（T000004）" in page
    assert "将修改的记录（原值 → 新值）：共 1 条" in page and "<td>教师1</td><td>教师一</td>" in page
    assert "不变的记录：共 2 条" in page and "第 2 行 教师0（T000000）" in page
    assert "已写入" not in page and "确认后将写入" in page


def test_a_long_preview_lists_the_first_hundred_of_each_kind(bureau_client, school, tmp_path):
    job = record_command_import(
        importer=import_teachers, path=str(teachers_csv(tmp_path / "t.csv", 150)), title="导入教师", dry_run=True, options={}
    )
    page = bureau_client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert "将新建的记录：共 150 条，只列出前 100 条" in page and page.count("<li>第 ") == 100


def test_the_admin_shows_the_job_pages_not_the_queues_own_rows(bureau_client):
    page = bureau_client.get(reverse("admin:index")).content.decode()
    assert "后台任务与导入记录" in page and "Task Results" not in page
