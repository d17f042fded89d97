"""教共体工作完成情况: per community of a 学年, its activities against its plan and its
同步课堂 lessons, with the 合计 the dashboard's two tiles state; the rows each figure of
those tiles counts (a community counts in each 学区 its member schools are in)."""

from dataclasses import dataclass

from communities.models import Community
from communities.selectors import communities_in_district, members_in
from jiaogongti.list_totals import ListTotal, part_of_whole
from teamwork.activities import PlanProgress, activity_totals, plan_progress
from timetable.lessons import LessonRates, lesson_rates


@dataclass
class CommunityWork:
    community: Community
    plan: PlanProgress | None  # None: no plan for the 学年
    activities: int  # every activity of the 学年, counted toward the plan or not
    lessons: LessonRates | None


@dataclass
class WorkList:
    rows: list[CommunityWork]
    plans_total: ListTotal
    lessons_total: ListTotal


def communities_work(year: int, district_id: int | None = None) -> WorkList:
    # The communities with member schools, as the dashboard places each in their 学区.
    community_ids = set(members_in(year).values_list("community_year__community_id", flat=True))
    if district_id is not None:
        community_ids &= communities_in_district(year, district_id)
    plans, lessons, activities = plan_progress(year), lesson_rates(year), activity_totals(year)
    communities = Community.objects.filter(pk__in=community_ids).select_related("core_school").order_by("code")
    rows = [
        CommunityWork(c, plans.get(c.pk), activities[c.pk].count if c.pk in activities else 0, lessons.get(c.pk))
        for c in communities
    ]
    planned = sum(row.plan.planned for row in rows if row.plan)
    met = sum(row.plan.met for row in rows if row.plan)
    with_plan = sum(1 for row in rows if row.plan)
    due = sum(row.lessons.due for row in rows if row.lessons)
    held = sum(row.lessons.held for row in rows if row.lessons)
    discussed = sum(row.lessons.discussed for row in rows if row.lessons)
    return WorkList(
        rows,
        ListTotal(
            part_of_whole(met, planned),
            f"{len(rows)} 个教共体，{with_plan} 个有年度计划：已开展计入计划 {met} / 计划 {planned} 次"
            f"（共开展 {sum(row.activities for row in rows)} 次，某一类别多开展的不抵其他类别）",
        ),
        ListTotal(part_of_whole(held, due), f"已开课 {held} / 应开 {due} 节，其中课后研讨 {discussed} 节"),
    )
