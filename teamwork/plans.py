"""A community's plan: reading and writing it (who may write it: teamwork.roles)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from communities.models import Community, CommunityType
from communities.selectors import roster_year_for
from jiaogongti.attachments import CheckedFile
from jiaogongti.school_year import current_school_year, school_year_label

from .files import attachments_add
from .models import ActivityCategory, CommunityPlan, PlannedActivities


def plan_of(community: Community, year: int) -> CommunityPlan | None:
    return (
        CommunityPlan.objects.filter(community=community, school_year=year)
        .prefetch_related("planned__category", "attachments")
        .first()
    )


def plan_year_open(community: Community, year: int) -> bool:
    """A plan is written for a 学年 in which the community holds, at the latest the next one
    (plans are drawn up ahead): 学年 0, 1900 or 3000 name no plan."""
    if year > current_school_year() + 1:
        return False
    roster_year = roster_year_for(year)
    return roster_year is not None and community.years.filter(school_year=roster_year).exists()


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
    if not plan_year_open(community, year):
        raise ValidationError(f"{school_year_label(year)}不是该教共体可以制订计划的学年。")
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
