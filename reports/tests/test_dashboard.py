"""The bureau's dashboard: figures match the records, every figure links to them."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_community, make_school
from evaluation.models import SchoolResult
from exchanges.models import Exchange
from jobs.models import Job
from reports.dashboard import dashboard
from teachers.models import Teacher

pytestmark = pytest.mark.django_db


def build(n, offset=0):
    for i in range(offset, offset + n):
        core = make_school(f"核心校{i}", district="直属", locality="urban", ownership="public")
        member = make_school(f"成员校{i}", district="高楼", locality="rural", ownership="public")
        make_community(core, [member], year=2021, type="co_built" if i % 2 else "cooperative")
        teacher = Teacher.objects.create(staff_id=f"T{i}", name=f"老师{i}", school=member)
        Exchange.objects.create(
            teacher=teacher,
            from_school=member,
            to_school=core,
            kind="support",
            status="in_progress",
            start_date=datetime.date(2021, 9, 1),
            planned_end=datetime.date(2022, 8, 31),
        )
        SchoolResult.objects.create(school=member, school_year=2020, stage="primary", z_value=40, graduating_classes=2)
        SchoolResult.objects.create(school=member, school_year=2021, stage="primary", z_value=46, graduating_classes=2)


@pytest.fixture
def county():
    build(4)
    make_school("未加入的乡村学校", district="高楼", locality="rural", ownership="public")


def test_dashboard_figures_match_the_records(county):
    board = dashboard(2021)
    assert (board.county.coverage_covered, board.county.coverage_targets) == (4, 5)
    assert (len(board.county.close_communities), len(board.county.communities)) == (2, 4)
    assert (board.county.co_built_compliant, board.county.co_built_members) == (2, 2)
    assert (board.county.members_rewarded, board.county.rewards) == (4, 4 * 20_000)
    gaolou = next(line for line in board.districts if line.district.name == "高楼")
    assert gaolou.coverage_ratio == 0.8


def test_dashboard_page_shows_the_figures_and_every_link_opens(bureau_client, county):
    page = bureau_client.get(reverse("reports:dashboard"), {"year": 2021}).content.decode()
    assert "4 / 5（80.0%）" in page and "合计 80,000 元" in page
    links = set(re.findall(r'href="(/(?:admin|dashboard)/[^"]*)"', page))
    assert links
    for link in links:
        response = bureau_client.get(link.replace("&amp;", "&"), follow=True)
        assert response.status_code == 200, link


def test_a_mistyped_year_says_which_year_is_shown_instead(bureau_client):
    from jiaogongti.school_year import current_school_year

    page = bureau_client.get(reverse("reports:dashboard"), {"year": "abc"}).content.decode()
    assert f"学年“abc”无效（应为 2000 至 2100 之间的年份），已显示{current_school_year()}学年。" in page


def test_a_mistyped_year_downloads_no_report(bureau_client):
    response = bureau_client.get(reverse("reports:annual_report"), {"year": "20x1"})
    assert response.status_code == 400 and "学年“20x1”无效" in response.content.decode()


def test_dashboard_keeps_a_constant_number_of_queries(bureau_client):
    build(3)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert bureau_client.get(reverse("reports:dashboard"), {"year": 2021}).status_code == 200
        return len(captured)

    few = count()
    build(20, offset=3)
    assert count() == few


def test_the_report_downloads_from_the_web(bureau_client, county):
    response = bureau_client.get(reverse("reports:annual_report"), {"year": 2021}, follow=True)
    assert "下载 2021学年教共体年度报表.xlsx" in response.content.decode()
    response = bureau_client.get(reverse("admin:jobs_job_download", args=[Job.objects.get().pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(response.streaming_content)[:2] == b"PK"


@pytest.mark.parametrize("url", ["reports:dashboard", "reports:annual_report"])
def test_only_bureau_staff_see_the_dashboard_and_report(client, django_user_model, url):
    client.force_login(django_user_model.objects.create_user("head", password="x"))
    response = client.get(reverse(url))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_index_links_to_the_dashboard(bureau_client):
    assert reverse("reports:dashboard") in bureau_client.get(reverse("admin:index")).content.decode()


def test_co_built_members_without_teachers_are_left_out_of_the_ten_percent_figure_and_said_so(bureau_client, county):
    make_community(make_school("空核心校", district="直属"), [make_school("未录教师的成员校", district="高楼")], type="co_built")
    board = dashboard(2021)
    assert (board.county.co_built_compliant, board.county.co_built_members, board.county.co_built_without_teachers) == (2, 2, 1)
    page = bureau_client.get(reverse("reports:dashboard"), {"year": 2021}).content.decode()
    assert "另有 1 所共建型成员校没有本学年的教师记录" in page
