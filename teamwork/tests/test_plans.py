"""Plans (issue: the communities' own work, 2): per community and 学年, goals and planned
activities by 类别, and for 共建型 the 共建联盟章程. The core school's head writes it; the
members' heads see it; the bureau sees all."""

import pytest
from django.urls import reverse

from conftest import make_community, make_school
from schools.accounts import account_upsert
from teamwork.models import ActivityCategory, CommunityPlan

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Password-2021"


@pytest.fixture
def community(activity_categories):
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学", district="塘下")
    team = make_community(core, [member], year=2021, type="co_built").community
    heads = {
        name: account_upsert(username=name, password=PASSWORD, role="school_head", school_name=school.name).user
        for name, school in [("core_head", core), ("member_head", member)]
    }
    return team, heads


def plan_url(team, year=2022):
    return reverse("portal:plan_edit", args=[team.pk, year])


def test_the_plans_categories_are_the_contracts_sixteen(activity_categories):
    names = list(ActivityCategory.objects.values_list("name", flat=True))
    assert len(names) == 16 and names[0] == "集体备课" and names[-1] == "体艺交流"


def test_the_core_schools_head_writes_the_plan_with_counts_and_the_charter(client, community):
    team, heads = community
    client.force_login(heads["core_head"])
    form = client.get(plan_url(team)).content.decode()
    assert "共建联盟章程" in form and "集体备课（次）" in form
    lesson_prep = ActivityCategory.objects.get(name="集体备课")
    response = client.post(
        plan_url(team),
        {"goals": "三年内成员校教学质量明显提升", "charter": "第一条 ……", f"count_{lesson_prep.pk}": "8"},
        follow=True,
    )
    assert "2022学年计划已保存" in response.content.decode()
    plan = CommunityPlan.objects.get()
    assert (plan.school_year, plan.goals, plan.charter, plan.written_by) == (
        2022,
        "三年内成员校教学质量明显提升",
        "第一条 ……",
        heads["core_head"],
    )
    assert [(p.category.name, p.count) for p in plan.planned.all()] == [("集体备课", 8)]
    page = client.get(reverse("portal:community", args=[team.pk]), {"year": 2022}).content.decode()
    assert "三年内成员校教学质量明显提升" in page and "集体备课" in page and "修改计划" in page


def test_the_members_heads_see_the_plan_but_do_not_write_it(client, community):
    team, heads = community
    client.force_login(heads["member_head"])
    page = client.get(reverse("portal:community", args=[team.pk]), {"year": 2022}).content.decode()
    assert "还没有计划" in page and "填写计划" not in page
    assert client.get(plan_url(team)).status_code == 403
    assert client.post(plan_url(team), {"goals": "x"}).status_code == 403 and not CommunityPlan.objects.exists()


def test_goals_too_long_or_a_negative_count_are_refused_in_chinese(client, community):
    team, heads = community
    client.force_login(heads["core_head"])
    lesson_prep = ActivityCategory.objects.get(name="集体备课")
    shown = client.post(plan_url(team), {"goals": "目" * 2001, f"count_{lesson_prep.pk}": "-1"}).content.decode()
    assert "不能超过 2000 个字（现为 2001 个字）" in shown and "次数不能为负数" in shown
    assert not CommunityPlan.objects.exists()


def test_a_charter_is_asked_of_a_co_built_community_only(client, activity_categories):
    core = make_school("瑞安市实验小学", district="直属")
    team = make_community(core, [make_school("瑞安市马屿镇中心小学", district="马屿")], year=2021, type="cooperative").community
    head = account_upsert(username="head", password=PASSWORD, role="school_head", school_name=core.name).user
    client.force_login(head)
    assert "共建联盟章程" not in client.get(plan_url(team)).content.decode()


def test_the_bureau_sees_every_plan_in_the_admin(bureau_client, community):
    team, heads = community
    CommunityPlan.objects.create(community=team, school_year=2022, goals="目标")
    shown = bureau_client.get(reverse("admin:teamwork_communityplan_changelist")).content.decode()
    assert team.code in shown


@pytest.mark.parametrize("year", ["0", "1", "1900", "2019", "3000", "32767", "32768", "99999999999999999999"])
def test_rule_a_plan_is_for_a_school_year_in_which_the_community_holds(client, community, year):
    team, heads = community
    client.force_login(heads["core_head"])
    url = f"/portal/communities/{team.pk}/plan/{year}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"goals": "目标", "charter": ""}).status_code == 404
    assert not CommunityPlan.objects.exists()
