"""The share of 融合型 and 共建型 communities (二·目标: 80 % by the end of the 十四五), per
segment and in total: the dashboard's and the report's figure, and the planner's what-if."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from policy.figures import figures_for
from schools.models import SEGMENTS

from .models import CLOSE_TYPES
from .selectors import community_years_in

TOTAL = "total"


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
