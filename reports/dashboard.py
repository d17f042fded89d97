"""The bureau's dashboard figures: each target by 学区 and for the county.

Everything comes from the same services as the annual report, in a fixed number of
queries whatever the county's size.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from assessment.funds import funds_floor
from assessment.models import Allocation, Grade
from assessment.results import grades_of
from communities.models import CLOSE_TYPES
from communities.selectors import community_years_in, coverage_unknown, roster_year_for
from communities.type_share import TOTAL, type_shares
from evaluation.rewards import grants_against_rises
from exchanges.allowance import rural_allowances
from jiaogongti.figures_cache import remembered
from jiaogongti.school_year import current_school_year, school_year_over
from policy.figures import PolicyTexts, allowance_rates_text, figures_for
from schools.models import District
from teamwork.activities import plan_progress
from timetable.lessons import lesson_rates

from .figures import SharedReads, coverage


@dataclass
class DistrictLine:
    """One 学区's figures (or the county's, with district None)."""

    district: District | None
    coverage_targets: int = 0
    coverage_covered: int = 0
    communities: set = field(default_factory=set)
    close_communities: set = field(default_factory=set)
    co_built_members: int = 0
    co_built_compliant: int = 0
    co_built_without_teachers: int = 0
    members_with_results: int = 0
    members_rewarded: int = 0
    rewards: int = 0
    rewards_granted: int = 0  # what the bureau has confirmed for payment
    allowance: int = 0
    allowance_teachers: int = 0
    activities_planned: int = 0  # the plans' counts, of communities with a plan
    activities_met: int = 0  # of those, held (per 类别, up to its planned count)
    lessons_due: int = 0  # 同步课堂 lessons due by today
    lessons_held: int = 0
    lessons_discussed: int = 0
    funds: Decimal = Decimal(0)  # allocated in the 学年 to the 学区's schools
    assessed: int = 0  # communities with a 考核 (confirmed, else as the records give it now)
    excellent: int = 0

    @property
    def excellent_share(self):
        return self.excellent / self.assessed if self.assessed else None

    @property
    def coverage_ratio(self):
        return self.coverage_covered / self.coverage_targets if self.coverage_targets else None

    @property
    def close_share(self):
        return len(self.close_communities) / len(self.communities) if self.communities else None

    @property
    def plan_ratio(self):
        return self.activities_met / self.activities_planned if self.activities_planned else None

    @property
    def held_ratio(self):  # 开课率
        return self.lessons_held / self.lessons_due if self.lessons_due else None

    @property
    def discussed_ratio(self):  # 研讨率
        return self.lessons_discussed / self.lessons_held if self.lessons_held else None

    @property
    def compliance_ratio(self):
        return self.co_built_compliant / self.co_built_members if self.co_built_members else None


@dataclass
class Dashboard:
    year: int
    roster_year: int | None
    county: DistrictLine
    districts: list[DistrictLine]
    type_shares: dict
    target: float
    funds_floor: Decimal
    unclassified_schools: int  # 城乡 or 办学性质 unknown: neither counted nor not
    in_progress: bool  # the 学年 has not ended: its figures so far, no 考核 grades
    # How the notes write the 学年's figures (kept with the figures: no read per page).
    policy: PolicyTexts
    allowance_rates: str


def kept_dashboard(year: int) -> Dashboard:
    """`dashboard(year)`, worked out once per state of the records and per day (lessons
    fall due by the day): a province's takes over half a second (jiaogongti/figures_cache.py)."""
    return remembered(f"dashboard:{year}:{timezone.localdate().isoformat()}", lambda: dashboard(year))


def warm_current_dashboard() -> None:
    """The current 学年's dashboard worked out, unless kept already (the scheduler's)."""
    kept_dashboard(current_school_year())


def dashboard(year: int) -> Dashboard:
    figures = figures_for(year)
    districts = {d.id: DistrictLine(d) for d in District.objects.order_by("name")}
    county = DistrictLine(None)

    def lines_of(school) -> tuple[DistrictLine, DistrictLine]:
        """A school's figures count in its 学区's line and in the county's."""
        return districts[school.district_id], county

    _add_coverage(year, districts, county)
    reads = SharedReads.of(year)
    _add_communities(reads, lines_of)
    _add_compliance(year, reads, lines_of)
    _add_rewards(year, reads, lines_of)
    in_districts = _districts_of_communities(year, reads)
    plans, lessons = plan_progress(year), lesson_rates(year)
    _add_communities_work(plans, lessons, in_districts, districts, county)
    _add_assessment(year, reads, plans, lessons, in_districts, districts, county)
    for row in rural_allowances(year, teachers=reads.teachers, exchanges=reads.exchanges):
        for line in lines_of(row.school):
            line.allowance += row.amount
            line.allowance_teachers += row.teachers
    return Dashboard(
        year=year,
        roster_year=roster_year_for(year),
        county=county,
        districts=list(districts.values()),
        type_shares=type_shares(year),
        target=float(figures.type_share_target),
        funds_floor=funds_floor(year),
        unclassified_schools=coverage_unknown().count(),
        in_progress=not school_year_over(year),
        policy=figures.texts,
        allowance_rates=allowance_rates_text(year),
    )


def _add_coverage(year: int, districts: dict[int, DistrictLine], county: DistrictLine) -> None:
    by_name = {line.district.name: line for line in districts.values()}
    by_segment, by_district = coverage(year)
    for name, cov in by_district.items():
        by_name[name].coverage_targets, by_name[name].coverage_covered = cov.targets, cov.covered
    county.coverage_targets, county.coverage_covered = by_segment[TOTAL].targets, by_segment[TOTAL].covered


def _add_communities(reads: SharedReads, lines_of) -> None:
    # A community counts in each 学区 its member schools are in.
    for member in reads.members:
        for line in lines_of(member.school):
            line.communities.add(member.community_year_id)
            if member.type in CLOSE_TYPES:
                line.close_communities.add(member.community_year_id)


def _districts_of_communities(year: int, reads: SharedReads) -> dict[int, set[int]]:
    """Community id -> the 学区 its member schools are in. The community of each member's
    roster row is read with the roster (a join), not asked for by a list of its ids."""
    community_of = dict(community_years_in(year).order_by().values_list("pk", "community_id"))
    district_ids: dict[int, set[int]] = {}
    for member in reads.members:
        district_ids.setdefault(community_of[member.community_year_id], set()).add(member.school.district_id)
    return district_ids


def _add_communities_work(plans, lessons, in_districts, districts: dict[int, DistrictLine], county: DistrictLine) -> None:
    """Activities against plans and the 同步课堂 lessons: a community counts once in the
    county and once in each 学区 its member schools are in."""
    for community_id, district_ids in in_districts.items():
        plan, rates = plans.get(community_id), lessons.get(community_id)
        for line in [county, *(districts[d] for d in district_ids)]:
            if plan:
                line.activities_planned += plan.planned
                line.activities_met += plan.met
            if rates:
                line.lessons_due += rates.due
                line.lessons_held += rates.held
                line.lessons_discussed += rates.discussed


def _add_assessment(year: int, reads: SharedReads, plans, lessons, in_districts, districts, county: DistrictLine) -> None:
    """Money by the 学区 of the receiving school; 考核 grades by the 学区 of the members.
    The 考核 is scored on what the other figures read already, not read again."""
    for district_id, amount in (
        Allocation.objects.filter(school_year=year)
        .values("school__district_id")
        .annotate(amount=Sum("amount"))
        .values_list("school__district_id", "amount")
    ):
        districts[district_id].funds += amount
        county.funds += amount
    for community_id, grade in grades_of(year, reads=reads, plans=plans, lessons=lessons).items():
        excellent = grade == Grade.EXCELLENT
        for line in [county, *(districts[d] for d in in_districts.get(community_id, ()))]:
            line.assessed += 1
            line.excellent += excellent


def _add_compliance(year: int, reads: SharedReads, lines_of) -> None:
    for row in reads.compliance:
        if row.applies:
            for line in lines_of(row.school):
                if row.teachers:
                    line.co_built_members += 1
                    line.co_built_compliant += bool(row.compliant)
                else:  # no teachers on record: the ratio cannot be worked out
                    line.co_built_without_teachers += 1


def _add_rewards(year: int, reads: SharedReads, lines_of) -> None:
    grants, unmatched = grants_against_rises(year, reads.rises)
    for grant in unmatched:  # confirmed, though its school has no rise on today's records
        for line in lines_of(grant.school):
            line.rewards_granted += grant.amount
    for rise in reads.rises:
        grant = grants.get((rise.school.id, rise.stage))
        for line in lines_of(rise.school):
            line.members_with_results += 1
            line.members_rewarded += rise.qualifies
            line.rewards += rise.reward
            line.rewards_granted += grant.amount if grant else 0


def bars(lines: list[DistrictLine], value, label=str, link=None, figure=None) -> list[dict]:
    """Rows for the server-side bar chart: width in percent of the largest value; `figure`,
    what the linked list states as its 合计 (jiaogongti.list_totals)."""
    values = [(line, value(line)) for line in lines]
    largest = max((v or 0 for _, v in values), default=0) or 1
    return [
        {
            "name": line.district.name,
            "value": v,
            "label": label(v),
            "width": round(100 * (v or 0) / largest, 1),
            "link": link(line) if link else "",
            "figure": figure(line) if figure else "",
        }
        for line, v in values
    ]
