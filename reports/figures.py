"""The county's targets, computed from the records: coverage and the type share; and
the reads several figures share.

Used by the annual report's `覆盖与类型` sheet and by the dashboard, so both always show
the same figures.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from communities.models import CLOSE_TYPES
from communities.selectors import (
    MemberRow,
    community_years_in,
    coverage_targets,
    member_rows,
    schools_in_a_community,
)
from evaluation.rewards import MemberRise, member_rises
from exchanges.selectors import YearExchanges, effective_exchanges_in
from exchanges.ten_percent import ExchangeCompliance, exchange_compliance
from policy.figures import figures_for
from schools.models import SEGMENTS, Stage
from teachers.register import YearTeachers, year_teachers

TOTAL = "total"


@dataclass
class SharedReads:
    """What several figures of one 学年 read (the report's sheets, the dashboard's lines),
    read once for all of them."""

    teachers: YearTeachers
    exchanges: YearExchanges
    members: list[MemberRow]
    rises: list[MemberRise]
    year: int

    @classmethod
    def of(cls, year: int) -> "SharedReads":
        members = member_rows(year)
        return cls(year_teachers(year), effective_exchanges_in(year), members, member_rises(year, members=members), year)

    @cached_property
    def compliance(self) -> list[ExchangeCompliance]:
        """The 10% rule per member school: the exchange figures and the 考核 both count it."""
        return exchange_compliance(self.year, teachers=self.teachers, exchanges=self.exchanges, members=self.members)


@dataclass
class TypeShare:
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def close_types(self) -> int:
        """融合型 + 共建型."""
        return sum(self.counts[community_type] for community_type in CLOSE_TYPES)

    @property
    def share(self) -> float | None:
        return self.close_types / self.total if self.total else None

    def meets(self, target: Decimal) -> bool:
        return self.total > 0 and Decimal(self.close_types) >= target * self.total

    def verdict(self, year: int) -> str:
        """Against the 学年's target (二·目标: 80 %) as the plan sets it: judged from its
        学年 on; before, the progress only; with no community, nothing to judge."""
        if not self.total:
            return "无教共体名单"
        figures = figures_for(year)
        if year < figures.type_share_target_year:
            return f"进展（{figures.type_share_target_year}学年起考核）"
        return "是" if self.meets(figures.type_share_target) else "否"


def type_shares(year: int) -> dict[str, TypeShare]:
    """Per segment and in total (key TOTAL): communities by type."""
    shares = {**{segment: TypeShare() for segment, _ in SEGMENTS}, TOTAL: TypeShare()}
    for segment, community_type in community_years_in(year).order_by().values_list("community__segment", "type"):
        shares[segment].counts[community_type] += 1
        shares[TOTAL].counts[community_type] += 1
    return shares


@dataclass
class Coverage:
    targets: int = 0
    covered: int = 0
    uncovered_ids: list = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        return self.covered / self.targets if self.targets else None


def coverage(year: int) -> tuple[dict[str, Coverage], dict[str, Coverage]]:
    """乡村/镇区 public schools in a community: by segment (and TOTAL), and by 学区 name."""
    covered_ids = set(schools_in_a_community(year).order_by().values_list("pk", flat=True))
    by_segment = defaultdict(Coverage)
    by_district = defaultdict(Coverage)
    segment_of = {stage: stage.segment for stage in Stage}  # (looked up once per school)
    for school_id, stage, district in coverage_targets().order_by().values_list("pk", "stage", "district__name"):
        is_covered = school_id in covered_ids
        keys = [TOTAL] + ([segment_of[stage]] if stage else [])
        for cov in [by_segment[k] for k in keys] + [by_district[district]]:
            cov.targets += 1
            cov.covered += is_covered
            if not is_covered:
                cov.uncovered_ids.append(school_id)
    return by_segment, dict(sorted(by_district.items()))
