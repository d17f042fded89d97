"""Policy figures per 学年 (domain.md: a figure belongs to the 学年s it was in force):
changing 2025's figure changes nothing before 2025, figure by figure, read through the
rule that uses it."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from assessment.funds import funds_floor
from communities.models import CommunityType
from communities.type_share import TypeShare
from conftest import make_school, set_district_rate
from evaluation.rewards import CoreAwardDue, member_reward, rise_qualifies
from exchanges.allowance import rural_allowances
from exchanges.excellent_quota import excellent_quota
from exchanges.models import default_term_end
from policy.figures import RUIAN_PLAN, district_rates, figures_for, mountain_district_ids, row_values
from policy.models import PolicyYear
from teachers.models import Teacher

pytestmark = pytest.mark.django_db
D = Decimal
PLAN_YEAR = 2021


def from_2025(**changes):
    """The plan's figures from 2021 on, and from 2025 on the same with `changes`."""
    plan_from_2021()
    PolicyYear.objects.create(from_year=2025, **{**row_values(RUIAN_PLAN), **changes, "source": "某文件（2025）"})


def plan_from_2021():
    """The seeded row (a test database emptied by an earlier test has lost it)."""
    PolicyYear.objects.update_or_create(from_year=PLAN_YEAR, defaults=row_values(RUIAN_PLAN))


def type_share(year):
    return TypeShare(Counter({CommunityType.CO_BUILT: 3, CommunityType.COOPERATIVE: 1})).verdict(year)


# (the field changed, its value from 2025, what the rule gives for a 学年)
FIGURES = {
    "co_built_min_percent": (D(15), lambda year: figures_for(year).co_built_min_ratio * 10 <= 1),  # 1 of 10 meets it?
    "rise_for_reward": (D(4), lambda year: rise_qualifies(4.5, figures_for(year))),
    "reward_per_graduating_class": (12_000, lambda year: member_reward(6, 2, figures_for(year))),
    "core_award_factor": (
        D("1.5"),
        lambda year: CoreAwardDue(None, None, ["某成员校"], figures_for(year).core_award_factor).factor,
    ),
    "excellent_extra_points": (D(10), lambda year: excellent_quota(20, D("0.15"), figures_for(year).excellent_extra)),
    "term_years": (2, lambda year: default_term_end(datetime.date(year, 9, 1)).year - year),  # the term ends in…
    "shadowing_min_years": (2, lambda year: figures_for(year).shadowing_min_years),
    "mountain_years": (4, lambda year: figures_for(year).mountain_years),
    "type_share_target_percent": (D(70), type_share),
    "type_share_target_year": (2026, type_share),  # judged a year later: 2025 shows progress
    "funds_floor": (D(60_000_000), funds_floor),
    "ending_soon_days": (60, lambda year: figures_for(year).ending_soon_days),
}


@pytest.mark.parametrize("field", FIGURES)
def test_changing_2025s_figure_changes_nothing_before_2025(field):
    value, rule = FIGURES[field]
    plan_from_2021()
    before = {year: rule(year) for year in (2023, 2024, 2025, 2026)}
    PolicyYear.objects.create(from_year=2025, **{**row_values(RUIAN_PLAN), field: value, "source": "某文件（2025）"})
    after = {year: rule(year) for year in (2023, 2024, 2025, 2026)}
    assert (after[2023], after[2024]) == (before[2023], before[2024])
    assert after[2025] != before[2025]
    assert figures_for(2026) == figures_for(2025)  # a new 学年 starts from the previous one's


def test_a_raised_rural_allowance_pays_the_new_rate_from_its_year_only():
    school = make_school("高楼学校", district="高楼")
    set_district_rate(school.district, 800, mountain=True, from_year=PLAN_YEAR)
    Teacher.objects.create(staff_id="G1", name="本校", school=school, hire_date=datetime.date(2010, 9, 1))
    set_district_rate(school.district, 1000, mountain=True, from_year=2025)
    amounts = {year: rural_allowances(year)[0].amount for year in (2024, 2025)}
    assert amounts == {2024: 12 * 800, 2025: 12 * 1000}


def test_a_mountain_flag_set_later_is_not_read_into_earlier_years():
    district = make_school("某山区学校", district="某山区").district
    set_district_rate(district, 0, mountain=True, from_year=2025)
    assert district.id not in mountain_district_ids(2024) and district.id in mountain_district_ids(2025)
    assert district.id not in district_rates(2024)


def test_a_year_before_any_row_reads_the_plans_figures():
    from_2025(term_years=2)
    assert figures_for(2019) == RUIAN_PLAN
    assert figures_for(2019).term_years == 3 and figures_for(2019).source == RUIAN_PLAN.source
    assert figures_for(2027).source == "某文件（2025）"


def test_the_rate_form_starts_from_the_rate_in_force_and_ignores_an_id_that_is_no_number(bureau_client):
    district = make_school("高楼学校", district="高楼").district
    set_district_rate(district, 800, mountain=True, from_year=PLAN_YEAR)
    url = reverse("admin:policy_districtrate_add")
    assert 'value="800"' in bureau_client.get(url, {"district": district.pk}).content.decode()
    for hostile in ("abc", "²"):
        assert bureau_client.get(url, {"district": hostile}).status_code == 200
    # (An overlong number is refused before any view, as everywhere: middleware.)
    assert bureau_client.get(url, {"district": "99999999999999999999"}).status_code == 400
