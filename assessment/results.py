"""The annual 考核 per community: the inputs gathered from the records, scored under the
学年's scheme; the bureau confirms a 学年's results, each kept with its inputs and scheme;
a later change in the records is shown against a confirmed result, never applied to it.

A 学年 in progress is shown as such: each indicator as the records stand today (尚无
where nothing is on record yet), the plan's and the timetable's counts beside what was
done so far (not pro-rated: a community plans its year, not its months), and no total,
no grade and nothing to confirm until the 学年 has ended."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from communities.models import Community
from communities.selectors import community_years_in, member_rows
from evaluation.rewards import member_rises
from exchanges import ten_percent
from exchanges.selectors import effective_exchanges_in
from exchanges.ten_percent import exchange_compliance
from jiaogongti.list_totals import ListTotal, part_of_whole
from jiaogongti.school_year import school_year_end, school_year_label, school_year_over
from schools.models import School
from teachers.register import year_teachers
from teamwork.activities import plan_progress
from timetable.lessons import lesson_rates

from .models import AssessmentResult, DistinctiveScore, Grade, ProjectReview, Source
from .projects import projects_apply_to
from .scheme import SchemeInForce, scheme_of, scheme_snapshot
from .scoring import grade_of, indicator_score, total_of


class AssessmentNotDue(Exception):
    """The 学年 has not ended: its 考核 cannot be confirmed yet."""

    def __init__(self, year: int):
        end = school_year_end(year)
        super().__init__(
            f"{school_year_label(year)}尚未结束（{end.year}年{end.month}月{end.day}日结束），"
            "考核结果要到学年结束后才能确认；现在显示的是截至今日的数据。"
        )


def _community_years(year: int, communities=None):
    community_years = community_years_in(year)
    if communities is not None:
        community_years = community_years.filter(community__in=communities)
    return community_years


def assessment_inputs(year: int, communities=None, *, reads=None, plans=None, lessons=None) -> dict[int, dict]:
    """Per community id of the 学年 (or of those given: a community's page reads its own
    only), what the indicators are scored on, as plain numbers.

    For the whole county, a caller that has read the 学年 already (the dashboard, the
    annual report) hands it over rather than have it read again: `reads` (the members,
    teachers, exchanges, rises and 10% rule, as reports.figures.SharedReads holds them), `plans`
    (`plan_progress(year)`) and `lessons` (`lesson_rates(year)`)."""
    years = list(_community_years(year, communities).values_list("community_id", "type", "pk"))
    community_of_year = {pk: community_id for community_id, _, pk in years}
    if communities is None:
        members = reads.members if reads else member_rows(year)
        compliance = (
            reads.compliance
            if reads
            else exchange_compliance(year, teachers=year_teachers(year), exchanges=effective_exchanges_in(year), members=members)
        )
    else:
        schools = School.objects.filter(memberships__community_year__in=list(community_of_year))
        members = member_rows(year, schools)
        compliance = exchange_compliance(year, schools, members=members)
    community_of_school = {m.school.id: community_of_year[m.community_year_id] for m in members}
    inputs = {
        community_id: {
            "type": community_type,
            "z_rise": None,
            "z_members": 0,
            "exchange_compliant": 0,
            "exchange_counted": 0,
            "activities_planned": 0,
            "activities_met": 0,
            "lessons_due": 0,
            "lessons_held": 0,
            "project": None,
            "distinctive": None,
        }
        for community_id, community_type, _ in years
    }
    rises: dict[int, list[float]] = {}
    for rise in reads.rises if reads and communities is None else member_rises(year, members=members):
        if rise.rise is not None and rise.school.id in community_of_school:
            rises.setdefault(community_of_school[rise.school.id], []).append(rise.rise)
    for community_id, values in rises.items():
        inputs[community_id]["z_rise"] = round(sum(values) / len(values), 2)
        inputs[community_id]["z_members"] = len(values)
    for row in compliance:
        community_id = community_of_school.get(row.school.id)
        if row.applies and row.teachers and community_id in inputs:
            inputs[community_id]["exchange_counted"] += 1
            inputs[community_id]["exchange_compliant"] += bool(row.compliant)
    for community_id, progress in (plan_progress(year) if plans is None else plans).items():
        if community_id in inputs:
            inputs[community_id].update(activities_planned=progress.planned, activities_met=progress.met)
    for community_id, rates in (
        lesson_rates(year, communities) if lessons is None or communities is not None else lessons
    ).items():
        if community_id in inputs:
            inputs[community_id].update(lessons_due=rates.due, lessons_held=rates.held)
    for community_id, score in ProjectReview.objects.filter(school_year=year, status=ProjectReview.Status.REVIEWED).values_list(
        "community_id", "score"
    ):
        if community_id in inputs:
            inputs[community_id]["project"] = max(float(score), inputs[community_id]["project"] or 0)
    for community_id, score in DistinctiveScore.objects.filter(school_year=year).values_list("community_id", "score"):
        if community_id in inputs:
            inputs[community_id]["distinctive"] = float(score)
    return inputs


@dataclass
class Assessed:
    """A community's 考核 as the records give it now, beside its confirmed result if any.
    Of a 学年 in progress: the indicators so far, no total and no grade."""

    community: Community
    inputs: dict
    scores: dict  # indicator name -> Decimal, None (does not apply) or NOT_YET (尚无)
    total: Decimal | None
    grade: str | None
    confirmed: AssessmentResult | None = None

    @property
    def in_progress(self) -> bool:
        return self.grade is None

    @property
    def grade_label(self) -> str:
        return Grade(self.grade).label if self.grade else "学年结束后评定"

    @property
    def differs(self) -> bool:
        """The records have moved since the bureau confirmed."""
        return (
            self.confirmed is not None
            and not self.in_progress
            and (self.confirmed.total != self.total or self.confirmed.grade != self.grade)
        )

    @property
    def shown_total(self) -> Decimal | None:
        return self.confirmed.total if self.confirmed else self.total

    @property
    def shown_grade_label(self) -> str:
        return self.confirmed.get_grade_display() if self.confirmed else self.grade_label


def score_community(scheme: SchemeInForce, inputs: dict, *, in_progress: bool = False):
    """(scores, total, grade); of a 学年 in progress the scores so far, total and grade None."""
    indicators = scheme.indicators
    scores = {
        i.name: indicator_score(i.source, inputs, i.full_at or scheme.rise_for_reward, in_progress=in_progress)
        for i in indicators
    }
    if in_progress:
        return scores, None, None
    total = total_of([(scores[i.name], i.weight) for i in indicators])
    grade = grade_of(total, excellent_min=scheme.excellent_min, good_min=scheme.good_min, pass_min=scheme.pass_min)
    return scores, total, grade


def indicator_basis(source: str, inputs: dict) -> str:
    """What an indicator is scored on, in counts a clerk can check against the lists."""
    if source == Source.Z_RISE:
        if inputs.get("z_rise") is None:
            return "尚无成绩"
        return f"成员校 Z值平均提升 {inputs['z_rise']} 分（{inputs['z_members']} 所）"
    if source == Source.EXCHANGE:
        if not ten_percent.binds(inputs["type"]):
            return ""
        return f"交流达标成员校 {inputs['exchange_compliant']} / {inputs['exchange_counted']} 所"
    if source == Source.PLAN:
        return f"活动完成计划 {inputs['activities_met']} / {inputs['activities_planned']} 次"
    if source == Source.LESSONS:
        return f"同步课堂开课 {inputs['lessons_held']} / {inputs['lessons_due']} 节"
    if source == Source.PROJECT:
        if not projects_apply_to(inputs["type"]):
            return ""
        return "尚未申请或未评审" if inputs["project"] is None else f"项目评估 {inputs['project']} 分"
    if source == Source.DISTINCTIVE:
        return "尚未评价" if inputs["distinctive"] is None else f"特色评价 {inputs['distinctive']} 分"
    raise ValueError(f"unknown source {source}")


def assessed(year: int, communities=None, *, reads=None, plans=None, lessons=None) -> list[Assessed]:
    """Every community of the 学年 (or those given), best first. `reads`, `plans` and
    `lessons`: as for `assessment_inputs`."""
    scheme = scheme_of(year)
    in_progress = not school_year_over(year)
    inputs = assessment_inputs(year, communities, reads=reads, plans=plans, lessons=lessons)
    # Chosen by a join on the roster, not by a list of the county's thousands of ids.
    wanted = (
        Community.objects.filter(pk__in=_community_years(year, communities).values("community_id"))
        .select_related("core_school")
        .order_by()
    )  # (sorted below)
    # What a confirmed result was computed from (its scheme and inputs, a few kB each) is
    # read on its own page only, not for a county's thousands of rows.
    confirmed = {r.community_id: r for r in AssessmentResult.objects.filter(school_year=year).defer("scheme", "inputs")}
    rows = []
    for community in wanted:
        scores, total, grade = score_community(scheme, inputs[community.pk], in_progress=in_progress)
        rows.append(Assessed(community, inputs[community.pk], scores, total, grade, confirmed.get(community.pk)))
    return sorted(rows, key=lambda row: (-(row.shown_total or 0), row.community.code or ""))


def assessment_total(rows: list[Assessed]) -> ListTotal:
    """The 合计 of a 考核 list: how many communities, how many 优秀 (as shown: confirmed
    where confirmed); of a 学年 in progress, none graded yet."""
    if any(row.in_progress and not row.confirmed for row in rows):
        return ListTotal("", f"{len(rows)} 个教共体，学年进行中，学年结束后评定等级")
    excellent = sum(1 for row in rows if (row.confirmed.grade if row.confirmed else row.grade) == Grade.EXCELLENT)
    return ListTotal(part_of_whole(excellent, len(rows)), f"{len(rows)} 个教共体，其中优秀 {excellent} 个")


def grades_of(year: int, *, reads=None, plans=None, lessons=None) -> dict[int, str]:
    """Per community id of the 学年, its grade as the 考核 shows it (the confirmed one where
    the 学年 was confirmed): what the dashboard counts, without a record per community.
    Empty while the 学年 runs: no grade is given before it ends."""
    if not school_year_over(year):
        return {}
    scheme = scheme_of(year)
    inputs = assessment_inputs(year, reads=reads, plans=plans, lessons=lessons)
    confirmed = dict(AssessmentResult.objects.filter(school_year=year).values_list("community_id", "grade"))
    return {
        community_id: confirmed.get(community_id) or score_community(scheme, values)[2] for community_id, values in inputs.items()
    }


@transaction.atomic
def results_confirm(year: int, user) -> int:
    """Keep the 学年's results of the communities not yet confirmed, with their inputs and
    the scheme; a confirmed one stays as it was. How many were confirmed. Refused
    (AssessmentNotDue) while the 学年 runs."""
    if not school_year_over(year):
        raise AssessmentNotDue(year)
    snapshot = scheme_snapshot(scheme_of(year))
    made = 0
    for row in assessed(year):
        if row.confirmed:
            continue
        AssessmentResult.objects.create(
            community=row.community,
            school_year=year,
            scheme=snapshot,
            inputs=row.inputs,
            scores={name: None if score is None else str(score) for name, score in row.scores.items()},
            total=row.total,
            grade=row.grade,
            confirmed_by=user,
        )
        made += 1
    return made


def excellent_communities(year: int) -> list[AssessmentResult]:
    """The confirmed 优秀 of the 学年: more 考核奖励 and 评优 quotas (五·(三)(四)), the 表彰."""
    return list(
        AssessmentResult.objects.filter(school_year=year, grade=Grade.EXCELLENT)
        .select_related("community__core_school")
        .order_by("-total", "community__code")
    )


def results_over_years(community: Community) -> list[AssessmentResult]:
    return list(AssessmentResult.objects.filter(community=community).order_by("-school_year"))
