"""A 协作型 community's core school sends teachers to its members (实施方案四·(五)): the
communities of a 学年 whose core sent no one, for the bureau's 提示."""

from typing import NamedTuple

from django.db.models import F

from communities.models import CommunityType, CommunityYear
from communities.selectors import roster_year_for
from jiaogongti.school_year import school_year_end, school_year_label, school_year_start

from .exchange_rules import COOPERATIVE_CORE_SENDS
from .models import Exchange


class CommunityNote(NamedTuple):
    core_school: str
    message: str


def cooperative_without_core_sending(year: int) -> list[CommunityNote]:
    """The 协作型 communities of the 学年 with no approved, running or finished exchange
    from their core school to a member starting in it: the plan asks the core to send
    teachers (支教), so the bureau is shown a 提示 (the rule book's COOPERATIVE_CORE_SENDS)."""
    roster_year = roster_year_for(year)
    cooperative = list(
        CommunityYear.objects.filter(school_year=roster_year, type=CommunityType.COOPERATIVE)
        .select_related("community__core_school")
        .order_by("position")
    )
    sending = set(
        Exchange.objects.filter(
            status__in=Exchange.EFFECTIVE,
            start_date__range=(school_year_start(year), school_year_end(year)),
            community_id__in=[cy.community_id for cy in cooperative],
            from_school_id=F("community__core_school_id"),
        ).values_list("community_id", flat=True)
    )
    return [
        CommunityNote(
            cy.community.core_school.name,
            COOPERATIVE_CORE_SENDS.says(
                community=f"以{cy.community.core_school.name}为核心校的教共体",
                year=school_year_label(year),
            ),
        )
        for cy in cooperative
        if cy.community_id not in sending
    ]
