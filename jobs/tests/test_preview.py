"""An upload is previewed before it writes: the counts of new, changed and unchanged rows
and the changed rows old → new, then 确认导入 imports the very same file."""

import csv
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_school
from jobs.models import Job
from teachers.models import Teacher

pytestmark = pytest.mark.django_db


def teachers_file(tmp_path: Path, rows) -> SimpleUploadedFile:
    path = tmp_path / "教师.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["工号", "姓名", "学校", "学科", "职称", "入职日期"])
        writer.writerows(rows)
    return SimpleUploadedFile("教师.csv", path.read_bytes())


def test_the_upload_page_previews_by_default(bureau_client):
    response = bureau_client.get(reverse("admin:teachers_teacher_import"))
    assert response.context["form"]["dry_run"].value() is True and "先预览，确认后再导入" in response.content.decode()


def test_a_preview_lists_what_changes_then_confirming_imports_the_same_file(bureau_client, tmp_path):
    school = make_school("瑞安市塘下镇第二小学")
    Teacher.objects.create(staff_id="T1", name="张明", school=school, subject="语文")
    upload = teachers_file(tmp_path, [["T1", "张明", school.name, "数学", "", ""], ["T2", "李华", school.name, "英语", "", ""]])
    response = bureau_client.post(reverse("admin:teachers_teacher_import"), {"file": upload, "dry_run": "on"}, follow=True)
    page = response.content.decode()
    preview = Job.objects.get()
    assert "新建 1 人、更新 1 人、未变 0 人" in page and "确认导入" in page
    assert "已写入" not in page and "确认后将写入" in page  # nothing is said written before it is
    assert "<td>第 2 行 张明（T1）</td><td>学科</td><td>语文</td><td>数学</td>" in page
    assert Teacher.objects.get(staff_id="T1").subject == "语文" and not Teacher.objects.filter(staff_id="T2").exists()
    assert Path(preview.upload).exists()  # kept for the confirmation

    response = bureau_client.post(reverse("admin:jobs_job_confirm", args=[preview.pk]), follow=True)
    imported = Job.objects.exclude(pk=preview.pk).get()
    assert response.redirect_chain[-1][0] == reverse("admin:jobs_job_change", args=[imported.pk])
    assert not imported.dry_run and imported.status == "succeeded" and imported.filename == "教师.csv"
    assert Teacher.objects.get(staff_id="T1").subject == "数学" and Teacher.objects.filter(staff_id="T2").exists()
    assert not Path(imported.upload).exists()  # read, then gone

    again = bureau_client.post(reverse("admin:jobs_job_confirm", args=[preview.pk]), follow=True).content.decode()
    assert "已确认过" in again and Job.objects.count() == 2


def test_a_preview_with_problems_offers_no_confirmation(bureau_client, tmp_path):
    make_school("瑞安市塘下镇第二小学")
    upload = teachers_file(tmp_path, [["T1", "张明", "无此校", "数学", "", ""]])
    page = bureau_client.post(
        reverse("admin:teachers_teacher_import"), {"file": upload, "dry_run": "on"}, follow=True
    ).content.decode()
    assert "不在学校名录中" in page and "确认导入" not in page
    assert not Path(Job.objects.get().upload).exists()
