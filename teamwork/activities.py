"""Recording a community's activities, and counting them against its plan."""

import datetime
from collections import defaultdict
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from communities.models import Community
from communities.selectors import roster_year_for
from jiaogongti.attachments import CheckedFile
from jiaogongti.school_year import school_year_of
from schools.models import School

from .files import attachments_add
from .models import Activity, ActivityCategory, PlannedActivities
from .plans import plan_of

DUPLICATE = Activity._meta.constraints[0].violation_error_message


def community_schools(community: Community, year: int) -> list[School]:
    """The core school and the members of the roster that holds in the 学年."""
    members = School.objects.filter(
        memberships__community_year__community=community, memberships__community_year__school_year=roster_year_for(year)
    ).order_by("memberships__position")
    return [community.core_school, *members]


@transaction.atomic
def activity_record(
    *,
    community: Community,
    host_school: School,
    date: datetime.date,
    category: ActivityCategory,
    mode: str,
    schools: list[School],
    teacher_count: int,
    pupil_count: int,
    topic: str,
    attachments: list[CheckedFile] = (),
    studio=None,
    user=None,
) -> Activity:
    """Record an activity with its photos and documents, all or nothing."""
    year = school_year_of(date)
    allowed = community_schools(community, year)
    problems = []
    if host_school not in allowed:
        problems.append(f"主办学校「{host_school}」在 {year}学年不是本教共体的学校。")
    # 参与学校 may be of another community (附件1 一·(四): communities host each other's
    # schools); the host is always one of this community's.
    if date > timezone.localdate():
        problems.append(f"活动日期 {date:%Y-%m-%d} 晚于今天：活动开展以后再记录。")
    if studio is not None and studio.community_id != community.pk:
        problems.append(f"名师工作室「{studio}」不属于本教共体。")
    topic = topic.strip()
    if already_recorded(community, date, category, host_school, topic):
        problems.append(DUPLICATE)
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():  # two identical submissions at once: the database keeps one
            activity = Activity.objects.create(
                community=community,
                host_school=host_school,
                date=date,
                category=category,
                mode=mode,
                teacher_count=teacher_count,
                pupil_count=pupil_count,
                topic=topic,
                studio=studio,
                recorded_by=user,
            )
    except IntegrityError as error:
        raise ValidationError(DUPLICATE) from error
    activity.schools.set([school for school in schools if school != host_school])
    attachments_add(activity, list(attachments), user)
    return activity


def already_recorded(community, date, category, host_school, topic: str) -> bool:
    same = Activity.objects.filter(community=community, date=date, category=category, host_school=host_school, topic=topic)
    return same.exists()


class CategoryCount(NamedTuple):
    category: ActivityCategory
    planned: int
    held: int


def counts_against_plan(community: Community, year: int) -> list[CategoryCount]:
    """Per 类别 planned or held in the 学年: how many the plan names, how many were held."""
    plan = plan_of(community, year)
    planned = {p.category_id: p.count for p in plan.planned.all()} if plan else {}
    held: dict[int, int] = {}
    for category_id in Activity.objects.filter(community=community, school_year=year).values_list("category_id", flat=True):
        held[category_id] = held.get(category_id, 0) + 1
    return [
        CategoryCount(category, planned.get(category.pk, 0), held.get(category.pk, 0))
        for category in ActivityCategory.objects.all()
        if category.pk in planned or category.pk in held
    ]


class ActivityTotals(NamedTuple):
    """A community's activities in a 学年, as the annual report sums them."""

    count: int
    online: int
    teachers: int
    pupils: int
    by_category: dict[int, int]


def activity_totals(year: int) -> dict[int, ActivityTotals]:
    """Per community id, the 学年's activities: how many, how many online, the 人次, and
    how many of each 类别."""
    rows = (
        Activity.objects.filter(school_year=year)
        .values("community_id", "category_id", "mode")
        .annotate(count=Count("id"), teachers=Sum("teacher_count"), pupils=Sum("pupil_count"))
        .order_by()
    )
    totals: dict[int, list] = {}
    for row in rows:
        count, online, teachers, pupils, by_category = totals.setdefault(row["community_id"], [0, 0, 0, 0, {}])
        by_category[row["category_id"]] = by_category.get(row["category_id"], 0) + row["count"]
        totals[row["community_id"]] = [
            count + row["count"],
            online + (row["count"] if row["mode"] == Activity.Mode.ONLINE else 0),
            teachers + row["teachers"],
            pupils + row["pupils"],
            by_category,
        ]
    return {community_id: ActivityTotals(*values) for community_id, values in totals.items()}


class PlanProgress(NamedTuple):
    """How far a community's activities meet its plan: of the planned count per 类别, how
    many were held (more of one 类别 does not make up for fewer of another)."""

    planned: int
    met: int


def plan_progress(year: int) -> dict[int, PlanProgress]:
    """Per community id with a plan for the 学年."""
    counts = Activity.objects.filter(school_year=year).values("community_id", "category_id").annotate(count=Count("id"))
    # (As tuples: a province's 学年 has tens of thousands of these pairs.)
    held = {
        (community_id, category_id): count
        for community_id, category_id, count in counts.order_by().values_list("community_id", "category_id", "count")
    }
    planned, met = defaultdict(int), defaultdict(int)
    for community_id, category_id, count in PlannedActivities.objects.filter(plan__school_year=year).values_list(
        "plan__community_id", "category_id", "count"
    ):
        planned[community_id] += count
        met[community_id] += min(count, held.get((community_id, category_id), 0))
    return {community_id: PlanProgress(count, met[community_id]) for community_id, count in planned.items()}
