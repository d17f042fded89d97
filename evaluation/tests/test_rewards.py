"""Rewards that follow from the Z值 (实施方案五·(五))."""

from decimal import Decimal

import pytest

from conftest import make_community, make_school
from evaluation.models import CoreAward, SchoolResult
from evaluation.rewards import (
    core_awards_due,
    district_quality,
    member_reward,
    member_rises,
)
from policy.figures import RUIAN_PLAN
from schools.models import Stage

pytestmark = pytest.mark.django_db


def result(school, year, z, classes=3, stage="primary"):
    return SchoolResult.objects.create(school=school, school_year=year, stage=stage, z_value=z, graduating_classes=classes)


@pytest.fixture
def community():
    core = make_school("瑞安市实验小学", district="直属")
    member = make_school("瑞安市高楼镇中心小学", district="高楼")
    make_community(core, [member], year=2022, type="cooperative")
    return core, member


def test_a_member_whose_z_rose_by_five_earns_ten_thousand_per_graduating_class(community):
    _, member = community
    result(member, 2021, 45.0)
    result(member, 2022, 50.0, classes=4)
    (rise,) = member_rises(2022)
    assert rise.rise == pytest.approx(5.0) and rise.qualifies
    assert rise.reward == 40_000


def test_a_rise_just_under_five_earns_nothing_even_if_it_shows_as_five(community):
    _, member = community
    result(member, 2021, 45.0)
    result(member, 2022, 49.996)
    (rise,) = member_rises(2022)
    assert f"{rise.rise:.2f}" == "5.00"
    assert rise.reward == 0


def test_without_last_years_result_there_is_no_rise_and_no_reward(community):
    _, member = community
    result(member, 2022, 60.0)
    (rise,) = member_rises(2022)
    assert rise.previous_z is None and rise.rise is None and rise.reward == 0


def test_the_rise_compares_the_same_stage(community):
    _, member = community
    result(member, 2021, 30.0, stage="middle")
    result(member, 2022, 60.0)
    (rise,) = member_rises(2022)
    assert rise.previous_z is None


def test_member_reward_rule():
    assert member_reward(5, 2, RUIAN_PLAN) == 20_000
    assert member_reward(4.99, 2, RUIAN_PLAN) == 0
    assert member_reward(None, 2, RUIAN_PLAN) == 0


def test_core_award_is_paid_at_one_point_two_when_a_member_rose_by_five(community, django_user_model):
    core, member = community
    CoreAward.objects.create(school_year=2022, core_school=core, quality_award=Decimal("50000"))
    result(member, 2021, 40.0)
    result(member, 2022, 46.0)
    (due,) = core_awards_due(2022)
    assert due.factor == Decimal("1.2") and due.payable == Decimal("60000")
    assert [s.name for s in due.qualifying_members] == [member.name]


def test_core_award_is_paid_as_entered_when_no_member_qualifies(community):
    core, member = community
    CoreAward.objects.create(school_year=2022, core_school=core, quality_award=Decimal("50000"))
    result(member, 2021, 40.0)
    result(member, 2022, 42.0)
    (due,) = core_awards_due(2022)
    assert due.payable == Decimal("50000")


def test_a_direct_core_school_counts_in_its_members_district(community):
    core, member = community
    other = make_school("瑞安市塘下镇中心小学", district="塘下")
    result(core, 2022, 60.0)
    result(member, 2022, 40.0)
    result(other, 2022, 55.0)
    by_district = {q.district.name: (q.schools, q.mean_z) for q in district_quality(2022)["primary"]}
    assert by_district == {"高楼": (2, pytest.approx(50.0)), "塘下": (1, pytest.approx(55.0))}


def test_rule_a_direct_core_school_counts_per_segment_where_that_segments_members_are():
    """A 直属 school leading a 小学 community (member in 高楼) and an 初中 one (member in 陶山):
    its 小学 result counts in 高楼, its 初中 result in 陶山."""
    from schools.models import Stage

    core = make_school("瑞安市安阳实验中学", district="直属")
    make_community(core, [make_school("瑞安市高楼镇中心小学", district="高楼")], year=2022, segment=Stage.PRIMARY)
    make_community(core, [make_school("瑞安市陶山镇中学", district="陶山")], year=2022, segment=Stage.MIDDLE)
    result(core, 2022, 60.0, stage="primary")
    result(core, 2022, 40.0, stage="middle")
    quality = district_quality(2022)
    assert [(q.district.name, q.mean_z) for q in quality["primary"]] == [("高楼", 60.0)]
    assert [(q.district.name, q.mean_z) for q in quality["middle"]] == [("陶山", 40.0)]


def test_a_nine_year_member_of_a_middle_community_is_judged_on_its_middle_results():
    core = make_school("瑞安市安阳实验中学", district="直属")
    member = make_school("瑞安市高楼镇高楼学校", district="高楼")
    make_community(core, [member], year=2022, segment=Stage.MIDDLE)
    result(member, 2021, 40.0, stage="middle")
    result(member, 2022, 47.0, stage="middle", classes=2)
    result(member, 2022, 10.0, stage="primary")
    (rise,) = member_rises(2022)
    assert rise.stage == "middle" and rise.reward == 20_000
