"""What follows from the Z值 (实施方案五·(五)): member rewards, the core school's 1.2×
quality award, and quality by 学区 with 直属 core schools counted where their members are.

Computed from the records every time, never stored, so they cannot disagree with them.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from communities.selectors import MemberRow, SchoolRef, community_years_in, member_rows, members_in
from policy.figures import RUIAN_PLAN, Figures, figures_for
from schools.models import RESULT_STAGES, District, School

from .models import CoreAward, RewardGrant, SchoolResult


def rise_qualifies(rise: float | None, figures: Figures) -> bool:
    # Unrounded: a rise of 4.996 shows as 5.00 but does not qualify.
    return rise is not None and rise >= figures.rise_for_reward


def member_reward(rise: float | None, graduating_classes: int, figures: Figures) -> int:
    """五·(五): the 学年's reward per graduating class, when the rise qualifies."""
    return figures.reward_per_graduating_class * graduating_classes if rise_qualifies(rise, figures) else 0


@dataclass
class MemberRise:
    school: SchoolRef
    core_school: SchoolRef
    stage: str
    previous_z: float | None
    current_z: float | None
    graduating_classes: int
    figures: Figures = RUIAN_PLAN  # the 学年's (`member_rises`)

    @property
    def rise(self) -> float | None:
        if self.previous_z is None or self.current_z is None:
            return None
        return self.current_z - self.previous_z

    @property
    def qualifies(self) -> bool:
        return rise_qualifies(self.rise, self.figures)

    @property
    def stage_label(self) -> str:
        return dict(RESULT_STAGES)[self.stage]

    @property
    def reward(self) -> int:
        return member_reward(self.rise, self.graduating_classes, self.figures)


def member_rises(year: int, schools=None, *, members: list[MemberRow] | None = None) -> list[MemberRise]:
    """Every member school of the 学年 that has a result this year, in roster order.

    `schools` narrows it (e.g. to what a user may see); `members` is `member_rows(year)`
    when the caller has it already. The 学段 compared is the community's segment: a
    九年一贯制 member of a middle-school community is judged on 初中.
    """
    results = {
        (school_year, school_id, stage): (z_value, classes)
        for school_year, school_id, stage, z_value, classes in SchoolResult.objects.filter(school_year__in=[year, year - 1])
        .order_by()
        .values_list("school_year", "school_id", "stage", "z_value", "graduating_classes")
    }
    rises, figures = [], figures_for(year)
    for member in member_rows(year, schools) if members is None else members:
        stage = member.segment  # a segment is the 学段 of its results
        current = results.get((year, member.school.id, stage))
        if current is None:
            continue
        previous = results.get((year - 1, member.school.id, stage))
        rises.append(
            MemberRise(
                school=member.school,
                core_school=member.core_school,
                stage=stage,
                previous_z=previous[0] if previous else None,
                current_z=current[0],
                graduating_classes=current[1],
                figures=figures,
            )
        )
    return rises


@transaction.atomic
def grant_member_rewards(year: int, granted_by) -> int:
    """Confirm the 学年's member rewards for payment: each qualifying member's reward is
    stored with the figures it came from. Members already granted keep their grant.

    One by one: each grant gets its history record, and a confirmation made twice at once
    (a double click) finds the other's grant instead of failing on the unique key.
    """
    created = 0
    for rise in member_rises(year):
        if rise.qualifies:
            _, was_created = RewardGrant.objects.get_or_create(
                school_year=year,
                school_id=rise.school.id,
                stage=rise.stage,
                defaults={
                    "previous_z": rise.previous_z,
                    "current_z": rise.current_z,
                    "graduating_classes": rise.graduating_classes,
                    "amount": rise.reward,
                    "granted_by": granted_by,
                },
            )
            created += was_created
    return created


def grants_against_rises(year: int, rises: list[MemberRise]) -> tuple[dict, list[RewardGrant]]:
    """(school id, 学段) -> the grant of each rise that has one, and the grants whose school
    no longer has a rise this year (its result or membership changed after the grant)."""
    grants = {(g.school_id, g.stage): g for g in RewardGrant.objects.filter(school_year=year).select_related("school")}
    matched = {(r.school.id, r.stage): grants.pop((r.school.id, r.stage)) for r in rises if (r.school.id, r.stage) in grants}
    return matched, list(grants.values())


def grant_differs(grant: RewardGrant, rise: MemberRise) -> bool:
    """Whether the figures a grant was made on are no longer the current ones."""
    return (grant.previous_z, grant.current_z, grant.graduating_classes, grant.amount) != (
        rise.previous_z,
        rise.current_z,
        rise.graduating_classes,
        rise.reward,
    )


@dataclass
class CoreAwardDue:
    core_school: SchoolRef
    award: CoreAward | None
    qualifying_members: list[SchoolRef]
    award_factor: Decimal  # the 学年's (五·(五): 1.2)

    @property
    def quality_award(self) -> Decimal:
        return self.award.quality_award if self.award else Decimal(0)

    @property
    def factor(self) -> Decimal:
        return self.award_factor if self.qualifying_members else Decimal(1)

    @property
    def payable(self) -> Decimal:
        return self.quality_award * self.factor


def core_awards_due(year: int, rises: list[MemberRise] | None = None) -> list[CoreAwardDue]:
    """Each core school of the 学年: its quality award, paid at 1.2× when a member's Z值 rose ≥ 5.

    `rises` is `member_rises(year)` when the caller has it already (the annual report)."""
    qualifying = defaultdict(list)
    for rise in member_rises(year) if rises is None else rises:
        if rise.qualifies:
            qualifying[rise.core_school.id].append(rise.school)
    awards = {a.core_school_id: a for a in CoreAward.objects.filter(school_year=year)}
    cores = sorted(
        {
            SchoolRef(*row)
            for row in community_years_in(year)
            .order_by()
            .values_list("community__core_school_id", "community__core_school__name", "community__core_school__district_id")
        },
        key=lambda core: core.name,
    )
    factor = figures_for(year).core_award_factor
    return [CoreAwardDue(core, awards.get(core.id), qualifying[core.id], factor) for core in cores]


def counted_districts(year: int) -> dict[tuple[int, str], District]:
    """The 学区 each school's results of each 学段 count in for quality monitoring in the
    学年: (school id, 学段) -> 学区.

    A 直属 core school counts, per 学段, in the 学区 of the member schools of its community
    of that 学段 (the most common one when they differ): its 初中 result goes where its 初中
    community's members are, its 小学 result where its 小学 community's are. A 学段 it
    leads no community in counts where its members are overall; every other school in its
    own 学区.
    """
    by_segment = defaultdict(Counter)  # (core id, 学段) -> its members' 学区
    overall = defaultdict(Counter)  # core id -> its members' 学区, every 学段
    for core_id, segment, district_id in (
        members_in(year)
        .filter(core_school__district__kind=District.Kind.DIRECT)
        .values_list("core_school_id", "community_year__community__segment", "school__district_id")
    ):
        by_segment[core_id, segment][district_id] += 1
        overall[core_id][district_id] += 1
    districts = {d.id: d for d in District.objects.all()}
    counted = {}
    for school_id, district_id in School.objects.order_by().values_list("id", "district_id"):
        for stage, _ in RESULT_STAGES:
            members = by_segment.get((school_id, stage)) or overall.get(school_id)
            counted[school_id, stage] = districts[members.most_common(1)[0][0] if members else district_id]
    return counted


@dataclass
class DistrictQuality:
    district: District
    schools: int
    mean_z: float


def district_quality(year: int) -> dict[str, list[DistrictQuality]]:
    """学段 (小学, 初中) -> the mean Z值 of each 学区 with results, by 学区 name."""
    counted = counted_districts(year)
    values = {stage: defaultdict(list) for stage, _ in RESULT_STAGES}
    for school_id, stage, z_value in (
        SchoolResult.objects.filter(school_year=year, z_value__isnull=False)
        .order_by()
        .values_list("school_id", "stage", "z_value")
    ):
        values[stage][counted[school_id, stage].id].append(z_value)
    by_id = {d.id: d for d in counted.values()}  # (each 学区 once)
    return {
        stage: sorted(
            (DistrictQuality(by_id[district_id], len(zs), sum(zs) / len(zs)) for district_id, zs in by_district.items()),
            key=lambda q: q.district.name,
        )
        for stage, by_district in values.items()
    }
