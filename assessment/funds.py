"""经费 (四·(四)): each 学年's allocations per community, against the year's floor, and the
share that reaches member schools (the money tilts toward them)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from policy.figures import figures_for

from .models import Allocation, FundCategory


def funds_floor(year: int) -> Decimal:
    """四·(四): the 学年's floor for the whole budget, as the bureau sets it (政策参数)."""
    return figures_for(year).funds_floor


@dataclass
class CommunityFunds:
    """A community's money in a 学年."""

    total: Decimal = Decimal(0)
    to_members: Decimal = Decimal(0)
    by_category: dict[str, Decimal] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def member_share(self) -> Decimal | None:
        return self.to_members / self.total if self.total else None


def funds_by_community(year: int) -> dict[int, CommunityFunds]:
    """Per community id. The money is summed by the database, in Decimal."""
    funds: dict[int, CommunityFunds] = {}
    rows = (
        Allocation.objects.filter(school_year=year)
        .values("community_id", "category", "school_id", "community__core_school_id")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    for row in rows:
        line = funds.setdefault(row["community_id"], CommunityFunds())
        line.total += row["amount"]
        if row["school_id"] != row["community__core_school_id"]:
            line.to_members += row["amount"]
        line.by_category[row["category"]] = line.by_category.get(row["category"], Decimal(0)) + row["amount"]
    for community_id, note in (
        Allocation.objects.filter(school_year=year).exclude(note="").order_by("id").values_list("community_id", "note")
    ):
        funds.setdefault(community_id, CommunityFunds()).notes.append(note)
    return funds


@dataclass(frozen=True)
class YearFunds:
    total: Decimal
    to_members: Decimal
    by_category: dict[str, Decimal]
    floor: Decimal

    @property
    def floor_met(self) -> bool:
        return self.total >= self.floor

    @property
    def member_share(self) -> Decimal | None:
        return self.to_members / self.total if self.total else None


def year_funds(year: int, by_community: dict[int, CommunityFunds] | None = None) -> YearFunds:
    lines = (by_community if by_community is not None else funds_by_community(year)).values()
    by_category = {
        category: sum((line.by_category.get(category, Decimal(0)) for line in lines), Decimal(0))
        for category in FundCategory.values
    }
    return YearFunds(
        sum((line.total for line in lines), Decimal(0)),
        sum((line.to_members for line in lines), Decimal(0)),
        by_category,
        funds_floor(year),
    )
