"""The data check page lists what does not add up (issue: 2021 roster, data check)."""

from pathlib import Path

import pytest
from django.conf import settings

from communities.checks import data_check
from communities.models import RosterPlan
from communities.roster import import_roster
from conftest import make_community, make_school

pytestmark = pytest.mark.django_db

ROSTER_2021 = Path(settings.BASE_DIR) / "fixtures" / "ruian_roster_2021.csv"


def findings_by_title(year=2021):
    return {finding.title: finding for finding in data_check(year)}


def test_the_plans_text_is_compared_with_what_the_table_holds():
    import_roster(str(ROSTER_2021), year=2021)
    RosterPlan.objects.create(school_year=2021, primary_count=30, middle_count=23)
    items = findings_by_title()["文件所述数量与名单表格"].texts
    assert "小学：文件所述 30 个，名单表格实有 21 个（相差 +9）。" in items
    assert "初中、九年一贯制：文件所述 23 个，名单表格实有 18 个（相差 +5）。" in items


def test_a_merged_community_with_more_than_two_members_is_listed():
    core = make_school("瑞安市实验小学", locality="urban")
    make_community(core, [make_school(f"成员{i}", locality="rural") for i in range(3)], type="merged")
    assert findings_by_title()["融合型成员过多"].texts == ["瑞安市实验小学：3 个成员校（校区）"]


def test_members_not_marked_rural_or_town_are_listed():
    make_community(
        make_school("核心校", locality="urban"), [make_school("甲", locality="urban"), make_school("乙", locality="rural")]
    )
    assert findings_by_title()["成员校未标为乡村或镇区"].texts == ["甲（城乡：城区）"]


def test_rural_and_town_public_schools_in_no_community_are_listed():
    make_community(
        make_school("核心校", locality="town", ownership="public"), [make_school("甲", locality="rural", ownership="public")]
    )
    make_school("乙", locality="rural", ownership="public")
    make_school("丙", locality="rural", ownership="private")
    make_school("丁", locality="urban", ownership="public")
    assert findings_by_title()["未加入教共体的乡村、镇区公办学校"].texts == ["乙（乡村）"]


def test_nothing_is_reported_for_a_clean_year():
    make_community(
        make_school("核心校", stage="primary", locality="urban", ownership="public"),
        [make_school("甲", stage="primary", locality="rural", ownership="public")],
    )
    RosterPlan.objects.create(school_year=2021, primary_count=1, middle_count=0)
    assert all(finding.ok for finding in data_check(2021))


def test_coverage_is_not_reported_full_while_schools_lack_their_locality():
    make_community(
        make_school("核心校", locality="urban", ownership="public"), [make_school("甲", locality="", ownership="public")]
    )
    finding = findings_by_title()["未加入教共体的乡村、镇区公办学校"]
    assert not finding.ok and finding.texts == []
    (caveat,) = finding.caveats
    assert "另有 1 所学校未填“城乡”或“办学性质”" in caveat


def test_each_finding_links_to_the_record_to_fix(bureau_client):
    from django.urls import reverse

    school = make_school("瑞安市塘下镇第九小学")  # no 学段, 城乡 or 办学性质 yet
    response = bureau_client.get(reverse("admin:communities_data_check"))
    assert (
        f'<a href="{reverse("admin:schools_school_change", args=[school.pk])}">瑞安市塘下镇第九小学：缺'
        in response.content.decode()
    )
