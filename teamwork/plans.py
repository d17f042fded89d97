"""A community's plan: reading and writing it (who may write it: teamwork.roles)."""

from django.db import transaction

from communities.models import Community, CommunityType
from communities.selectors import roster_year_for
from jiaogongti.attachments import CheckedFile

from .files import attachments_add
from .models import ActivityCategory, CommunityPlan, PlannedActivities


def plan_of(community: Community, year: int) -> CommunityPlan | None:
    return (
        CommunityPlan.objects.filter(community=community, school_year=year)
        .prefetch_related("planned__category", "attachments")
        .first()
    )


def charter_applies(community: Community, year: int) -> bool:
    """A 共建型 keeps a 共建联盟章程 (四·(三)): the type of the roster that holds that 学年."""
    roster_year = roster_year_for(year)
    return community.years.filter(school_year=roster_year, type=CommunityType.CO_BUILT).exists()


@transaction.atomic
def plan_save(
    *,
    community: Community,
    year: int,
    goals: str,
    charter: str,
    counts: dict[int, int],
    user,
    attachments: list[CheckedFile] = (),
) -> CommunityPlan:
    """Write the 学年's plan whole: its goals, charter and the planned count per 类别 (a
    category left at 0 is not planned)."""
    plan, _ = CommunityPlan.objects.update_or_create(
        community=community, school_year=year, defaults={"goals": goals.strip(), "charter": charter.strip(), "written_by": user}
    )
    plan.planned.all().delete()
    categories = ActivityCategory.objects.in_bulk(list(counts))
    PlannedActivities.objects.bulk_create(
        PlannedActivities(plan=plan, category=categories[pk], count=count) for pk, count in counts.items() if count
    )
    attachments_add(plan, list(attachments), user)
    return plan
