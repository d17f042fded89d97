"""The bureau's admin: lists, the roster buttons and the data check."""

from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import CommunityYear
from communities.roster import import_roster
from conftest import make_community, make_school
from schools.models import School

pytestmark = pytest.mark.django_db

ROSTER_2021 = Path(settings.BASE_DIR) / "fixtures" / "ruian_roster_2021.csv"


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_roster_upload_uses_the_importer_and_reports_the_summary(bureau_client):
    response = bureau_client.post(
        reverse("admin:communities_roster_import"), {"year": 2021, "file": upload(ROSTER_2021)}, follow=True
    )
    assert "教共体 39 个" in response.content.decode()
    assert CommunityYear.objects.count() == 39


def test_roster_upload_dry_run_writes_nothing(bureau_client):
    response = bureau_client.post(
        reverse("admin:communities_roster_import"), {"year": 2021, "file": upload(ROSTER_2021), "dry_run": "on"}, follow=True
    )
    assert "2021学年名单导入预览（数据库尚未改动），确认后：教共体 39 个" in response.content.decode()
    assert CommunityYear.objects.count() == 0


def test_roster_upload_lists_every_problem_and_writes_nothing(bureau_client, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "一、小学：\n序号,学区,成员校（校区）,学区,核心校,拟建类型\n1,飞云,瑞安市阁巷小学,飞云,瑞安市飞云中心小学,联盟型\n",
        encoding="utf-8",
    )
    response = bureau_client.post(reverse("admin:communities_roster_import"), {"year": 2021, "file": upload(bad)}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "导入失败，数据库未做任何改动" in page and "第 3 行" in page
    assert School.objects.count() == 0


def test_roster_download_is_the_exported_workbook(bureau_client, tmp_path):
    import_roster(str(ROSTER_2021), year=2021)
    response = bureau_client.get(reverse("admin:communities_roster_export"), {"year": 2021, "download": "1"})
    assert response.status_code == 200
    path = tmp_path / "download.xlsx"
    path.write_bytes(response.content)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "教共体名单"
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "一、小学：" in values and "二、初中、九年一贯制：" in values


def test_schools_upload_uses_the_importer(bureau_client, tmp_path):
    path = tmp_path / "schools.csv"
    path.write_text("学校,学区,学段,城乡,办学性质,所属学校\n瑞安市阁巷小学,飞云,小学,乡村,公办,\n", encoding="utf-8")
    response = bureau_client.post(reverse("admin:schools_school_import"), {"file": upload(path)}, follow=True)
    assert "新建 1 所" in response.content.decode()


def test_data_check_page_shows_the_plan_mismatch(bureau_client):
    from communities.models import RosterPlan

    import_roster(str(ROSTER_2021), year=2021)
    RosterPlan.objects.create(school_year=2021, primary_count=30, middle_count=23)
    page = bureau_client.get(reverse("admin:communities_data_check")).content.decode()
    assert "文件所述 30 个，名单表格实有 21 个" in page


@pytest.mark.parametrize(
    "url",
    [
        "admin:schools_school_changelist",
        "admin:schools_district_changelist",
        "admin:communities_communityyear_changelist",
        "admin:communities_community_changelist",
        "admin:communities_roster_import",
        "admin:communities_roster_export",
        "admin:communities_data_check",
        "admin:schools_school_import",
    ],
)
def test_admin_pages_are_in_chinese_for_bureau_staff(bureau_client, url):
    import_roster(str(ROSTER_2021), year=2021)
    response = bureau_client.get(reverse(url))
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()


@pytest.mark.parametrize(
    "url", ["admin:communities_roster_import", "admin:communities_data_check", "admin:schools_school_import"]
)
def test_roster_tools_are_refused_to_anonymous_and_non_staff_users(client, django_user_model, url):
    assert client.get(reverse(url)).status_code == 302
    client.force_login(django_user_model.objects.create_user("head", password="x"))
    assert client.get(reverse(url)).status_code == 302  # to the admin login, not the page
    assert School.objects.count() == 0


def build_communities(count: int, offset: int = 0):
    for i in range(offset, offset + count):
        core = make_school(f"核心校{i}", locality="urban")
        make_community(core, [make_school(f"成员校{i}-{j}", locality="rural") for j in range(2)])


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    ["admin:schools_school_changelist", "admin:communities_communityyear_changelist", "admin:communities_community_changelist"],
)
def test_list_pages_keep_a_constant_number_of_queries(bureau_client, url):
    build_communities(3)
    few = queries_for(bureau_client, reverse(url))
    build_communities(20, offset=3)
    assert queries_for(bureau_client, reverse(url)) == few


def test_adding_a_community_whose_member_is_taken_that_year_explains_instead_of_failing(bureau_client):
    from communities.models import Community

    taken = make_school("瑞安市阁巷小学")
    make_community(make_school("瑞安市飞云中心小学"), [taken])
    other = Community.objects.create(core_school=make_school("瑞安市江南实验小学"), segment="primary")
    response = bureau_client.post(
        reverse("admin:communities_communityyear_add"),
        {
            "community": other.pk,
            "school_year": 2021,
            "type": "co_built",
            "position": 1,
            "memberships-TOTAL_FORMS": 1,
            "memberships-INITIAL_FORMS": 0,
            "memberships-0-position": 1,
            "memberships-0-school": taken.pk,
        },
    )
    assert response.status_code == 200
    assert "已是「瑞安市飞云中心小学」教共体的成员校" in response.content.decode()
    assert CommunityYear.objects.count() == 1


def test_adding_a_community_with_members_through_the_admin(bureau_client):
    from communities.models import Community, Membership

    other = Community.objects.create(core_school=make_school("瑞安市江南实验小学"), segment="primary")
    member = make_school("瑞安市侨贸学校")
    response = bureau_client.post(
        reverse("admin:communities_communityyear_add"),
        {
            "community": other.pk,
            "school_year": 2022,
            "type": "co_built",
            "position": 1,
            "memberships-TOTAL_FORMS": 1,
            "memberships-INITIAL_FORMS": 0,
            "memberships-0-position": 1,
            "memberships-0-school": member.pk,
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert (membership.school_year, membership.core_school.name) == (2022, "瑞安市江南实验小学")


def test_the_same_member_twice_on_one_community_page_explains_instead_of_failing(bureau_client):
    from communities.models import Community

    other = Community.objects.create(core_school=make_school("瑞安市江南实验小学"), segment="primary")
    member = make_school("瑞安市侨贸学校")
    response = bureau_client.post(
        reverse("admin:communities_communityyear_add"),
        {
            "community": other.pk,
            "school_year": 2022,
            "type": "co_built",
            "position": 1,
            "memberships-TOTAL_FORMS": 2,
            "memberships-INITIAL_FORMS": 0,
            "memberships-0-position": 1,
            "memberships-0-school": member.pk,
            "memberships-1-position": 2,
            "memberships-1-school": member.pk,
        },
    )
    assert response.status_code == 200
    assert "「瑞安市侨贸学校」在成员校中填了两次" in response.content.decode()
    assert CommunityYear.objects.count() == 0


def test_the_community_list_links_each_community_by_its_core_school(bureau_client):
    from conftest import make_community, make_school

    core = make_school("瑞安市第二实验小学", district="直属")
    community_year = make_community(core, [make_school("瑞安市塘下镇第二小学")], year=2021)
    shown = bureau_client.get(reverse("admin:communities_communityyear_changelist")).content.decode()
    change = reverse("admin:communities_communityyear_change", args=[community_year.pk])
    assert f'<a href="{change}">瑞安市第二实验小学</a>' in shown


def test_the_community_lists_export_is_the_chosen_years_whole_roster(bureau_client):
    page = bureau_client.get(reverse("admin:communities_communityyear_changelist"), {"school_year__exact": 2021})
    assert reverse("admin:communities_roster_export") + "?year=2021" in page.content.decode()
