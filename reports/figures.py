"""The county's targets, computed from the records: coverage and the type share; and
the reads several figures share.

Used by the annual report's `覆盖与类型` sheet and by the dashboard, so both always show
the same figures.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from communities.selectors import (
    MemberRow,
    coverage_targets,
    member_rows,
    schools_in_a_community,
)
from communities.type_share import TOTAL
from evaluation.rewards import MemberRise, member_rises
from exchanges.selectors import YearExchanges, effective_exchanges_in
from exchanges.ten_percent import ExchangeCompliance, exchange_compliance
from schools.models import Stage
from teachers.register import YearTeachers, year_teachers


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
