"""The annual 考核 (issue: assessing the communities, 3–6): the scheme, each indicator's
rule, confirmed results kept with their inputs, later changes shown, the sheet, the 表彰
list, the dashboard and the community's page."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from assessment import scoring
from assessment.models import AssessmentResult, DistinctiveScore, Indicator, ProjectReview, Scheme, Source
from assessment.results import assessed, assessment_inputs, results_confirm
from assessment.scheme import DEFAULT_INDICATORS, scheme_for, scheme_of
from assessment.scoring import grade_of, total_of
from conftest import make_community, make_school
from reports.annual_report import write_annual_report
from reports.dashboard import dashboard

pytestmark = pytest.mark.django_db
D = Decimal


PLAN_RISE = D(5)


def indicator_score(source, inputs, full_at=PLAN_RISE, **options):
    """As the results score it, with the plan's reward threshold (5 分) unless given."""
    return scoring.indicator_score(source, inputs, full_at, **options)


def inputs(**fields):
    return {
        "type": "co_built",
        "z_rise": None,
        "exchange_compliant": 0,
        "exchange_counted": 0,
        "activities_planned": 0,
        "activities_met": 0,
        "lessons_due": 0,
        "lessons_held": 0,
        "project": None,
        "distinctive": None,
        **fields,
    }


def test_rule_the_members_z_rise_scores_50_at_none_and_100_at_five():
    assert indicator_score(Source.Z_RISE, inputs(z_rise=0)) == D(50)
    assert indicator_score(Source.Z_RISE, inputs(z_rise=5)) == D(100)
    assert indicator_score(Source.Z_RISE, inputs(z_rise=7.5)) == D(100)
    assert indicator_score(Source.Z_RISE, inputs(z_rise=-2.5)) == D(25)
    assert indicator_score(Source.Z_RISE, inputs(z_rise=2), D(4)) == D(75)
    assert indicator_score(Source.Z_RISE, inputs()) == D(0)  # no results: nothing to credit


def test_rule_the_ten_percent_rule_scores_co_built_only_and_projects_cooperative_only():
    assert indicator_score(Source.EXCHANGE, inputs(exchange_compliant=1, exchange_counted=2)) == D(50)
    assert indicator_score(Source.EXCHANGE, inputs(type="cooperative", exchange_compliant=1, exchange_counted=1)) is None
    assert indicator_score(Source.PROJECT, inputs(project=88.5)) is None
    assert indicator_score(Source.PROJECT, inputs(type="cooperative", project=88.5)) == D("88.5")
    assert indicator_score(Source.PROJECT, inputs(type="cooperative")) == D(0)


def test_rule_plans_lessons_and_distinctive_scores():
    assert indicator_score(Source.PLAN, inputs(activities_planned=8, activities_met=6)) == D(75)
    assert indicator_score(Source.PLAN, inputs()) == D(0)  # no plan
    assert indicator_score(Source.LESSONS, inputs(lessons_due=3, lessons_held=2)) == D("66.7")
    assert indicator_score(Source.DISTINCTIVE, inputs(distinctive=95)) == D(95)


def test_rule_the_total_is_the_weighted_mean_of_what_applies_and_the_bands_grade_it():
    assert total_of([(D(100), D(40)), (None, D(15)), (D(50), D(10))]) == D(90)
    bands = {"excellent_min": D(90), "good_min": D(80), "pass_min": D(60)}
    assert [grade_of(D(t), **bands) for t in ("90", "89.9", "80", "60", "59.9")] == ["excellent", "good", "good", "pass", "fail"]


def test_the_default_scheme_puts_the_members_quality_first_and_reading_writes_nothing():
    in_force = scheme_of(2022)
    assert not in_force.stored and not Scheme.objects.exists()
    assert in_force.indicators[0].source == Source.Z_RISE and in_force.indicators[0].weight == max(
        i.weight for i in DEFAULT_INDICATORS
    )
    scheme = scheme_for(2022)
    assert [i.name for i in scheme.indicators.all()] == [i.name for i in DEFAULT_INDICATORS]
    Indicator.objects.filter(scheme=scheme, source=Source.DISTINCTIVE).update(weight=D(30))
    assert scheme_of(2023).indicators[-1].weight == D(30)  # a later 学年 starts from the last one set


@pytest.fixture
def two_communities(activity_categories):
    cooperative_core = make_school("瑞安市安阳实验中学", district="直属")
    member = make_school("瑞安市飞云中学", district="飞云")
    cooperative = make_community(cooperative_core, [member], year=2022, type="cooperative").community
    co_built_core = make_school("瑞安市第二实验小学", district="直属")
    co_built = make_community(co_built_core, [make_school("瑞安市塘下镇第二小学", district="塘下")], year=2022).community
    return cooperative, co_built, member


def review(community, score):
    return ProjectReview.objects.create(
        community=community,
        school_year=2022,
        title="项目",
        goals="目标",
        period_start=datetime.date(2022, 9, 1),
        period_end=datetime.date(2023, 6, 30),
        evidence="佐证",
        status="reviewed",
        score=D(score),
        grade="excellent",
    )


def test_a_confirmed_result_keeps_its_inputs_and_a_later_change_is_only_shown(bureau_client, two_communities):
    cooperative, co_built, member = two_communities
    review(cooperative, 90)
    DistinctiveScore.objects.create(community=cooperative, school_year=2022, score=D(100))
    row = next(r for r in assessed(2022) if r.community == cooperative)
    # z 0 (no results) ×40, plan 0 ×15, lessons 0 ×10, project 90 ×10, distinctive 100 ×10; exchange does not apply.
    assert row.scores["教师交流"] is None and row.total == D("22.4")
    assert assessment_inputs(2022)[cooperative.pk]["project"] == 90.0
    page = bureau_client.get(reverse("admin:assessment_year"), {"year": 2022}).content.decode()
    assert "2 个教共体的结果尚未确认" in page and "不适用" in page
    bureau_client.post(reverse("admin:assessment_year") + "?year=2022", {"action": "confirm"})
    kept = AssessmentResult.objects.get(community=cooperative)
    assert (kept.total, kept.grade, kept.inputs["project"], kept.confirmed_by.username) == (D("22.4"), "fail", 90.0, "bureau")
    assert kept.scheme["indicators"][0]["source"] == "z_rise"
    DistinctiveScore.objects.filter(community=cooperative).update(score=D(0))
    row = next(r for r in assessed(2022) if r.community == cooperative)
    assert row.differs and row.shown_total == D("22.4") and row.total == D("10.6")
    page = bureau_client.get(reverse("admin:assessment_year"), {"year": 2022}).content.decode()
    assert "确认后数据发生了变化" in page and "现为 10.6 分" in page
    assert results_confirm(2022, None) == 0  # a confirmed result stays as it was
    assert AssessmentResult.objects.get(community=cooperative).total == D("22.4")


def test_the_report_shows_the_assessment_sheet_and_the_honours_list_exports(bureau_client, tmp_path, two_communities):
    cooperative, co_built, member = two_communities
    review(cooperative, 100)
    DistinctiveScore.objects.create(community=cooperative, school_year=2022, score=D(100))
    scheme = scheme_for(2022)
    scheme.indicators.exclude(source__in=[Source.PROJECT, Source.DISTINCTIVE]).delete()
    results_confirm(2022, None)
    path = tmp_path / "report.xlsx"
    write_annual_report(2022, str(path))
    rows = list(openpyxl.load_workbook(path)["教共体考核"].iter_rows(values_only=True))
    assert rows[0][:7] == ("核心校", "成员校", "教共体类型", "项目评估", "特色评价", "总分", "等级")
    line = next(r for r in rows if r[0] == "瑞安市安阳实验中学")
    assert line[3:7] == (100, 100, 100, "优秀") and line[-1] == "已确认"
    response = bureau_client.get(reverse("admin:assessment_year"), {"year": 2022, "honours": 1})
    honours = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in list(honours.iter_rows())[1]][1:4] == [cooperative.code, "瑞安市安阳实验中学", 100]


def test_the_dashboard_shows_money_against_the_floor_and_excellent_by_district(bureau_client, two_communities):
    from assessment.models import Allocation

    cooperative, co_built, member = two_communities
    Allocation.objects.create(school_year=2022, community=cooperative, category="training", school=member, amount=D("1234567.89"))
    board = dashboard(2022)
    feiyun = next(line for line in board.districts if line.district.name == "飞云")
    assert board.county.funds == D("1234567.89") and feiyun.funds == D("1234567.89") and board.funds_floor == D(50_000_000)
    assert board.county.assessed == 2 and board.county.excellent == 0
    page = bureau_client.get(reverse("reports:dashboard"), {"year": 2022}).content.decode()
    assert "教共体经费（对照年度下限）" in page and "123.46 万元 / 下限 5,000.00 万元（未达到）" in page
    assert "教共体年度考核“优秀”占比" in page
    assert (
        bureau_client.get(
            reverse("admin:assessment_allocation_changelist"), {"school_year": 2022, "district": feiyun.district.id}
        ).status_code
        == 200
    )


def test_the_communitys_page_shows_its_assessment(client, two_communities):
    from schools.accounts import account_upsert

    cooperative, co_built, member = two_communities
    results_confirm(2022, None)
    client.force_login(
        account_upsert(username="m", password="a-long-Password-2021", role="school_head", school_name=member.name).user
    )
    page = client.get(reverse("portal:community", args=[cooperative.pk]), {"year": 2022}).content.decode()
    assert "年度考核" in page and "2022学年" in page and "已确认" in page
    assert client.get(reverse("portal:community", args=[co_built.pk])).status_code == 404  # not theirs


def test_rule_a_principal_bonus_is_recorded_whatever_the_assessment_with_a_note(bureau_client, two_communities):
    """五·(三): the bonus rises 10–20 % by the members' size and results; the documents set
    no 考核 condition. Recorded either way; a 提示 where the community was not confirmed 优秀."""
    from evaluation.models import CoreAward

    cooperative, co_built, member = two_communities
    add = reverse("admin:evaluation_coreaward_add")
    decision = {
        "school_year": 2022,
        "core_school": cooperative.core_school_id,
        "quality_award": "50000",
        "principal_bonus_percent": "15",
        "decision_note": "成员校规模大、成效明显",
    }
    page = bureau_client.post(add, decision, follow=True).content.decode()
    award = CoreAward.objects.get()
    assert award.principal_bonus_percent == 15
    assert "尚未确认为“优秀”" in page and "已照常保存" in page
    review(cooperative, 100)
    DistinctiveScore.objects.create(community=cooperative, school_year=2022, score=D(100))
    scheme = scheme_for(2022)
    scheme.indicators.exclude(source__in=[Source.PROJECT, Source.DISTINCTIVE]).delete()
    results_confirm(2022, None)
    page = bureau_client.get(reverse("admin:assessment_year"), {"year": 2022}).content.decode()
    assert "考核奖励和评优名额倾斜" in page
    assert award.notes == []  # confirmed 优秀 now: nothing to point out


def test_the_assessment_page_opens_on_the_current_year(bureau_client, two_communities):
    from jiaogongti.school_year import current_school_year

    page = bureau_client.get(reverse("admin:assessment_year")).content.decode()
    assert f"{current_school_year()}学年 教共体年度考核" in page


def test_one_communitys_inputs_are_the_same_read_alone_or_with_the_county(two_communities):
    cooperative, co_built, member = two_communities
    review(cooperative, 80)
    county = assessment_inputs(2022)
    assert assessment_inputs(2022, [cooperative]) == {cooperative.pk: county[cooperative.pk]}
    assert [row.total for row in assessed(2022, [co_built])] == [next(r.total for r in assessed(2022) if r.community == co_built)]


def test_the_dashboards_grades_are_the_assessment_pages_grades():
    """grades_of (the dashboard's count) gives each community the grade the 年度考核 page shows."""
    from assessment.results import assessed, grades_of

    for n in range(3):
        core = make_school(f"核心校{n}", district="直属")
        make_community(core, [make_school(f"成员校{n}")], year=2022, type=["co_built", "cooperative", "merged"][n])
    shown = {row.community.pk: (row.confirmed.grade if row.confirmed else row.grade) for row in assessed(2022)}
    assert grades_of(2022) == shown and len(shown) == 3


def test_rule_while_the_year_runs_an_indicator_with_nothing_yet_is_not_yet_not_zero():
    """A 学年 in progress (issue: a year in progress shown as such): 项目评估 not applied,
    no results, no plan, no lessons due, no 特色评价 are 尚无; what is on record scores."""
    from assessment.scoring import NOT_YET

    cooperative = inputs(type="cooperative")
    for source in (Source.Z_RISE, Source.PLAN, Source.LESSONS, Source.PROJECT, Source.DISTINCTIVE):
        assert indicator_score(source, cooperative, in_progress=True) is NOT_YET
        assert indicator_score(source, cooperative) == D(0)  # a 学年 that has ended: nothing done is 0
    assert str(NOT_YET) == "尚无"
    assert indicator_score(Source.EXCHANGE, cooperative, in_progress=True) is None  # still does not apply
    so_far = inputs(activities_planned=8, activities_met=2, project=None)
    assert indicator_score(Source.PLAN, so_far, in_progress=True) == D(25)  # against the whole year's plan
    assert indicator_score(Source.PROJECT, so_far, in_progress=True) is None  # 共建型


def test_rule_a_year_in_progress_is_not_graded_and_cannot_be_confirmed(bureau_client, activity_categories):
    from assessment.results import AssessmentNotDue, grades_of
    from jiaogongti.school_year import current_school_year

    year = current_school_year()
    make_community(make_school("核心校", district="直属"), [make_school("成员校")], year=year, type="cooperative")
    (row,) = assessed(year)
    assert row.in_progress and row.total is None and row.grade is None and row.grade_label == "学年结束后评定"
    assert str(row.scores["项目评估"]) == "尚无"
    assert grades_of(year) == {}  # the dashboard counts no grade either
    with pytest.raises(AssessmentNotDue, match="尚未结束"):
        results_confirm(year, None)
    page = bureau_client.post(reverse("admin:assessment_year") + f"?year={year}", {"action": "confirm"}, follow=True)
    assert "考核结果要到学年结束后才能确认" in page.content.decode()
    assert not AssessmentResult.objects.exists()
    page = bureau_client.get(reverse("admin:assessment_year"), {"year": year}).content.decode()
    assert "学年正在进行" in page and "确认本学年考核结果</button>" not in page and "尚无" in page
    board = bureau_client.get(reverse("reports:dashboard"), {"year": year}).content.decode()
    assert "学年进行中，学年结束后评定等级" in board and "（截至今日）" in board


def test_a_year_is_graded_the_day_after_it_ends(activity_categories, monkeypatch):
    from django.utils import timezone

    make_community(make_school("核心校", district="直属"), [make_school("成员校")], year=2022)
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2023, 8, 31))
    assert assessed(2022)[0].in_progress
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2023, 9, 1))
    assert assessed(2022)[0].grade == "fail"
