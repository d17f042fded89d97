"""What the planner is fed for 学年 Y, read from the records as they are (nothing written):
the communities of Y, each school's teachers 在职 on 1 September (`teachers.register`),
the exchanges already filed or decided for Y, and why a teacher cannot go."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from communities.models import CommunityType
from communities.selectors import communities_of_roster_rows, member_rows, members_in
from evaluation.zscore import subject_lags
from exchanges.career_rules import core_new_teachers_due, placements_at_hire
from exchanges.models import Exchange, default_term_end
from exchanges.selectors import year_exchanges_of
from exchanges.ten_percent import exchanged_teachers
from jiaogongti.dates import anniversary
from jiaogongti.school_year import school_year_end, school_year_start
from policy.figures import Figures, figures_for
from schools.models import School
from teachers.models import Teacher
from teachers.register import serving_counts, serving_on

from . import model
from .intentions import core_sends_in, gaps_in, intentions_in
from .models import TeacherIntention

# Teachers of these 职称 are the 骨干 the plan wants at member schools first.
SENIOR_TITLES = (Teacher.Title.SENIOR, Teacher.Title.PROFESSOR)
# Back from an exchange within this many years: not asked to go again.
RECENT_RETURN_YEARS = 3
# Why a teacher cannot go, as the plan explains a shortfall.
AWAY, BOOKED, NEW, LEAVING, UNSUITABLE = "交流中", "已有交流安排", "新教师", "将离岗", "不宜交流"


@dataclass
class PlanningInputs:
    year: int
    first_day: datetime.date
    figures: Figures
    schools: list[model.School]
    communities: list[model.Community]
    candidates: list[model.Candidate]
    community_type: dict[int, str]  # member school id -> the type of its community
    # Member school id -> its new teachers filed or decided to shadow at the core in the 学年
    # (no longer the plan's to place, but counted in the school's 跟岗 row).
    shadowing_filed: dict[int, int] = field(default_factory=dict)

    @property
    def school_names(self) -> dict[int, str]:
        return {school.id: school.name for school in self.schools}


def planning_inputs(year: int, *, service_years: int | None = None, core_sends: int = 1) -> PlanningInputs:
    """The records as the planner sees them for exchanges starting on 1 September `year`.
    `service_years`: the 服务期 of core schools' new teachers, which the bureau sets (the
    documents give none; without it, that obligation is left out)."""
    first_day, figures = school_year_start(year), figures_for(year)
    term_end = default_term_end(first_day, figures)
    rows = member_rows(year)
    community_of_year = communities_of_roster_rows(year)
    communities: dict[int, dict] = {}
    for row in rows:
        community = communities.setdefault(
            community_of_year[row.community_year_id], {"type": row.type, "core": row.core_school.id, "members": []}
        )
        community["members"].append(row.school.id)
    member_ids = {m for c in communities.values() for m in c["members"]}
    # The schools as a subquery: a province's are more than SQLite takes in an IN list.
    memberships = members_in(year)
    in_plan = School.objects.filter(
        Q(pk__in=memberships.values("school_id")) | Q(pk__in=memberships.values("community_year__community__core_school_id"))
    )

    serving = serving_counts(first_day, in_plan.values("pk"))
    exchanged = _exchanged_in_year(year, member_ids)
    gaps = gaps_in(year)
    lags = subject_lags(year - 1)  # the last 学年 whose results are in
    schools = [
        model.School(
            school.pk,
            school.name,
            is_core=school.pk not in member_ids,
            serving=serving.get(school.pk, 0),
            exchanged=len(exchanged[school.pk]),
            priority=school.is_priority,
            gaps=gaps.get(school.pk, {}),
            lagging=lags.get(school.pk, {}) if school.pk in member_ids else {},
        )
        for school in in_plan.order_by("name")
    ]
    sends, sent = core_sends_in(year), _sent_by_cores(year)
    plan_communities = [
        model.Community(
            community_id,
            community["type"],
            community["core"],
            tuple(community["members"]),
            core_sends=sends.get(community_id, core_sends) if community["type"] == CommunityType.COOPERATIVE else 0,
            already_sent=sum(sent.get((community["core"], member_id), 0) for member_id in community["members"]),
        )
        for community_id, community in sorted(communities.items())
    ]
    # A member is in one community a 学年: its type is the type of every move to or from it.
    community_type = {m: c["type"] for c in communities.values() for m in c["members"]}
    candidates = _candidates(year, first_day, term_end, in_plan, memberships, service_years)
    # (Its new teachers', to its core: as the 跟岗 obligation asks.)
    to_own_core = memberships.filter(
        school_id=OuterRef("from_school_id"), community_year__community__core_school_id=OuterRef("to_school_id")
    )
    shadowing_filed = dict(
        _filed_or_decided_in(year)
        .filter(
            Exists(to_own_core),
            kind=Exchange.Kind.SHADOWING,
            teacher_id__in=_new_at_member(year, memberships).values("teacher_id"),
        )
        .values("from_school_id")
        .annotate(count=Count("teacher_id", distinct=True))
        .values_list("from_school_id", "count")
    )
    return PlanningInputs(year, first_day, figures, schools, plan_communities, candidates, community_type, shadowing_filed)


def candidates_at(year: int, school_ids, *, service_years: int | None = None) -> list[model.Candidate]:
    """The teachers of some schools as `planning_inputs` sees them (who may go, and why not
    the others), without reading the whole county: for the bureau choosing whom to swap in."""
    first_day = school_year_start(year)
    schools = School.objects.filter(pk__in=school_ids)
    memberships = members_in(year).filter(school_id__in=school_ids)
    term_end = default_term_end(first_day, figures_for(year))
    return _candidates(year, first_day, term_end, schools, memberships, service_years)


def _new_at_member(year: int, memberships):
    """The placements of member schools' new teachers for the 学年's 跟岗: hired in the
    学年 before, or by 1 September, at the member school itself."""
    return placements_at_hire(memberships.values("school_id"), school_year_start(year - 1), school_year_start(year))


def _filed_or_decided_in(year: int):
    """The exchanges starting in the 学年 that count as there already: decided (已批准, 进行中,
    已结束) or filed (已提交), which the bureau decides before September."""
    return Exchange.objects.filter(
        status__in=[Exchange.Status.FILED, *Exchange.EFFECTIVE],
        start_date__gte=school_year_start(year),
        start_date__lte=school_year_end(year),
    )


def _sent_by_cores(year: int) -> dict[tuple[int, int], int]:
    """(from school, to school) -> teachers sent in the 学年 already: what a 协作型 core has sent."""
    return {
        (from_id, to_id): count
        for from_id, to_id, count in _filed_or_decided_in(year)
        .values("from_school_id", "to_school_id")
        .annotate(count=Count("teacher_id", distinct=True))
        .values_list("from_school_id", "to_school_id", "count")
    }


def _exchanged_in_year(year: int, member_ids: set[int]) -> dict[int, set[int]]:
    """Member school id -> the teachers of exchanges starting in the 学年 that leave or reach
    it, counted as the report counts them (`ten_percent`), filed ones included."""
    return exchanged_teachers(year_exchanges_of(_filed_or_decided_in(year)), member_ids, year)


def _candidates(year, first_day, term_end, in_plan, memberships, service_years) -> list[model.Candidate]:
    serving = serving_on(first_day).filter(school_id__in=in_plan.values("pk"))
    at_school = dict(serving.values_list("teacher_id", "school_id"))
    teachers = Teacher.objects.filter(pk__in=serving.values("teacher_id")).order_by("pk")
    live = defaultdict(list)  # teacher id -> (start, end) of exchanges that hold their time
    returned = set()
    for teacher_id, status, start, end in Exchange.objects.filter(
        teacher_id__in=serving.values("teacher_id"), status__in=Exchange.LIVE
    ).values_list("teacher_id", "status", "start_date", "planned_end"):
        live[teacher_id].append((start, end))
        # Back within three years, or coming back this summer (a term ending 31 August).
        if status in Exchange.EFFECTIVE and anniversary(first_day, -RECENT_RETURN_YEARS) <= end < first_day:
            returned.add(teacher_id)
    # A member school's teachers new in the year before, who have not shadowed at the core.
    new_at_member = set(_new_at_member(year, memberships).values_list("teacher_id", flat=True))
    shadowed = set(
        Exchange.objects.filter(kind=Exchange.Kind.SHADOWING, status__in=Exchange.LIVE).values_list("teacher_id", flat=True)
    )
    # Due by 1 September: a term ending later in the 学年 has not ended when the move starts.
    due = (
        {d.teacher.pk for d in core_new_teachers_due(year, service_years) if d.service_end <= first_day}
        if service_years
        else set()
    )
    intentions = intentions_in(year)
    a_year_before = anniversary(first_day, -1)
    candidates = []
    for teacher in teachers:
        unavailable = ""
        if any(start <= first_day <= end for start, end in live[teacher.pk]):
            unavailable = AWAY
        elif any(start <= term_end and end >= first_day for start, end in live[teacher.pk]):
            unavailable = BOOKED
        elif teacher.left_on is not None and teacher.left_on < term_end:
            unavailable = LEAVING
        elif teacher.hire_date and teacher.hire_date > a_year_before and teacher.pk not in new_at_member:
            unavailable = NEW
        elif intentions.get(teacher.pk, ("",))[0] == TeacherIntention.Choice.UNSUITABLE:
            unavailable = UNSUITABLE
        candidates.append(
            model.Candidate(
                teacher.pk,
                teacher.name,
                at_school[teacher.pk],
                teacher.subject,
                senior=teacher.title in SENIOR_TITLES,
                volunteer=intentions.get(teacher.pk, ("",))[0] == TeacherIntention.Choice.VOLUNTEER,
                unavailable=unavailable,
                returned_recently=teacher.pk in returned,
                new_member_teacher=teacher.pk in new_at_member and teacher.pk not in shadowed and not unavailable,
                service_term_ended=teacher.pk in due and not unavailable,
            )
        )
    return candidates
