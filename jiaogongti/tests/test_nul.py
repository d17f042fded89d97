"""No text with NUL reaches a query (issue: every hostile byte is refused): paths, queries
and form fields are refused before any view; a file holding one is a row-numbered problem
(test_tabular.py), on both databases."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jobs.models import Job
from teachers.tests.test_importers import csv_file

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_feed_address_is_a_page_not_found(client):
    assert client.get("/timetable/feed/%00.ics").status_code == 404
    assert client.get("/timetable/feed/abc%00def.ics").status_code == 404


def test_a_nul_in_a_search_or_a_form_field_is_refused_in_chinese(bureau_client):
    searched = bureau_client.get("/admin/schools/school/", {"q": "塘下\x00"})
    assert searched.status_code == 400 and "空字符" in searched.content.decode()
    posted = bureau_client.post("/admin/schools/school/add/", {"name": "瑞安市\x00小学"})
    assert posted.status_code == 400 and "空字符" in posted.content.decode()


def test_a_file_with_nul_is_refused_by_row_and_its_job_keeps_the_problem(tmp_path):
    path = csv_file(
        tmp_path, ["学校", "学区", "学段", "城乡", "办学性质", "所属学校"], ["瑞安市\x00小学", "塘下", "小学", "乡村", "公办", ""]
    )
    with pytest.raises(CommandError, match="第 2 行含有空字符"):
        call_command("import_schools", path)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and "空字符" in job.problems[0][1]


def test_a_nul_in_a_cookie_is_refused_before_the_session_is_looked_up(client):
    client.cookies["sessionid"] = "abcdefgh\x00"
    assert client.get("/portal/").status_code == 400
