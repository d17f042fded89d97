"""The communities' own work in the demo, for the current 学年: each community's plan, its
activities and its 同步课堂 一张表 (both terms), imported as the bureau would import them;
the lessons due so far held or not and most of them discussed; and at the demo head's
community a 名师工作室 and a photo on an activity. The same every time (a fixed seed), so
setup_demo can run again and change nothing."""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from communities.selectors import community_years_in
from jiaogongti.attachments import attachment_checked
from jiaogongti.school_year import school_year_start
from jiaogongti.text import normalize_text
from teachers.models import Teacher
from teamwork.activities import community_schools
from teamwork.files import attachments_add
from teamwork.importer import COLUMNS as ACTIVITY_COLUMNS
from teamwork.importer import import_activities
from teamwork.models import Activity, ActivityCategory
from teamwork.plans import plan_of, plan_save
from teamwork.studios import studio_save
from timetable.importer import COLUMNS as TIMETABLE_COLUMNS
from timetable.importer import import_timetable
from timetable.lessons import DISCUSSION_CATEGORY, lessons_of
from timetable.models import Lesson, Session, Term

from .build import SEED, as_csv

PLANNED = {"集体备课": 6, "教学观摩": 4, "名师讲座": 2, "送教": 2, "同步教研": 8, "学生交流": 2}
TOPICS = {
    "集体备课": "单元整体教学集体备课",
    "教学观摩": "课堂教学开放日观摩",
    "名师讲座": "新课标解读讲座",
    "送教": "送教下乡示范课",
    "学生交流": "城乡学生手拉手",
    "论坛沙龙": "青年教师成长沙龙",
}
SUBJECTS = ["语文", "数学", "英语"]
SLOT_TIMES = [("08:00", "08:40"), ("09:50", "10:30"), ("14:10", "14:50")]


def communities_work(year: int, today: datetime.date, head_school_name: str) -> list[str]:
    """Load it all; what each import said, for setup_demo to print."""
    rng = random.Random(SEED + 3)
    years = list(community_years_in(year).select_related("community__core_school").order_by("position", "id"))
    said = []
    for community_year in years:
        if plan_of(community_year.community, year) is None:
            counts = {c.pk: PLANNED[c.name] for c in ActivityCategory.objects.filter(name__in=PLANNED)}
            goals = (
                "（演示）以核心校带动成员校：集体备课常态化，同步课堂每周开课，课后研讨全覆盖；青年教师每学期至少上一节研讨课。"
            )
            plan_save(community=community_year.community, year=year, goals=goals, charter="", counts=counts, user=None)
    said.append(
        str(
            import_activities(
                io.BytesIO(as_csv(ACTIVITY_COLUMNS, _activity_rows(rng, years, year, today))), filename="演示活动.csv"
            )
        )
    )
    table = as_csv(TIMETABLE_COLUMNS, _timetable_rows(years, year))
    for term in Term:
        said.append(str(import_timetable(io.BytesIO(table), filename="演示一张表.csv", year=year, term=term)))
    said.append(_lessons(rng, year, today))
    _head_community_extras(year, today, head_school_name)
    return said


def _activity_rows(rng, years, year: int, today: datetime.date):
    start = school_year_start(year)
    days = max((today - start).days, 0)
    for community_year in years:
        schools = community_schools(community_year.community, year)
        busy = rng.uniform(0.4, 1.1)  # how much of its plan a community has done by now
        for name, topic in TOPICS.items():
            planned = PLANNED.get(name, 1)
            for n in range(round(planned * busy * min(days / 300, 1) + rng.random())):
                host = rng.choice(schools)
                day = start + datetime.timedelta(days=rng.randint(0, days))
                others = "、".join(s.name for s in schools if s != host and rng.random() < 0.7)
                mode = "线上" if rng.random() < 0.3 else "线下"
                pupils = rng.randint(40, 160) if name == "学生交流" else 0
                yield [
                    community_year.community.code,
                    day.isoformat(),
                    name,
                    mode,
                    host.name,
                    others,
                    rng.randint(6, 40),
                    pupils,
                    f"{topic}（第{n + 1}次）",
                ]


def _timetable_rows(years, year: int):
    """Three sessions a week per community, the core school leading; a core school that
    leads two communities takes each slot once, so the table has no clash."""
    used: dict[int, int] = {}  # core school id -> sessions it leads so far
    for community_year in years:
        core = community_year.community.core_school
        teachers = list(Teacher.objects.filter(school=core).order_by("staff_id").values_list("staff_id", flat=True))
        members = community_schools(community_year.community, year)[1:]
        if not teachers or not members:
            continue
        for k in range(3):
            n = used[core.pk] = used.get(core.pk, 0) + 1
            weekday, (start, end) = 1 + (n - 1) % 5, SLOT_TIMES[(n - 1) // 5 % len(SLOT_TIMES)]
            grade = "三四五六"[(n - 1) % 4]
            listeners = members[k % len(members) :] + members[: k % len(members)]
            listening = listeners[:2]
            yield [
                community_year.community.code,
                weekday,
                start,
                end,
                SUBJECTS[k],
                core.name,
                f"{grade}（{n}）班",
                teachers[(n - 1) % len(teachers)],
                "、".join(s.name for s in listening),
                "、".join(f"{grade}（{n}）班" for _ in listening),
                1,
                18,
            ]


def _lessons(rng, year: int, today: datetime.date) -> str:
    """The lessons due so far: most held, most of those discussed afterwards (the 研讨 an
    imported 同步教研 activity, linked to its lesson)."""
    held, discussions = [], []
    sessions = (
        Session.objects.filter(school_year=year).select_related("community", "lead_school").prefetch_related("listeners__school")
    )
    recorded = set(Lesson.objects.filter(session__school_year=year).values_list("session_id", "week"))
    for session in sessions:
        keen = rng.uniform(0.6, 1.0)
        for lesson in lessons_of(session):
            if not lesson.due or (session.pk, lesson.week) in recorded:
                continue
            was_held = rng.random() < keen
            held.append(Lesson(session=session, week=lesson.week, held=was_held))
            if was_held and rng.random() < keen:
                others = "、".join(listener.school.name for listener in session.listeners.all())
                topic = f"{session.subject}同步课堂课后研讨（第{lesson.week}周{session.get_weekday_display()}）"
                discussions.append(
                    (
                        session,
                        lesson.week,
                        [
                            session.community.code,
                            lesson.day.isoformat(),
                            DISCUSSION_CATEGORY,
                            "线上",
                            session.lead_school.name,
                            others,
                            4,
                            0,
                            topic,
                        ],
                    )
                )
    Lesson.objects.bulk_create(held)
    if discussions:
        import_activities(io.BytesIO(as_csv(ACTIVITY_COLUMNS, [row for _, _, row in discussions])), filename="演示研讨.csv")
        lessons = {(lesson.session_id, lesson.week): lesson for lesson in Lesson.objects.filter(session__school_year=year)}
        imported = {
            (a.community_id, a.date.isoformat(), a.host_school_id, a.topic): a
            for a in Activity.objects.filter(school_year=year, category__name=DISCUSSION_CATEGORY)
        }
        for session, week, row in discussions:
            lessons[(session.pk, week)].discussion = imported[
                (session.community_id, row[1], session.lead_school_id, normalize_text(row[8]))
            ]
        Lesson.objects.bulk_update([lessons[(s.pk, w)] for s, w, _ in discussions], ["discussion"])
    return (
        f"演示同步课堂：登记 {len(held)} 节课（{sum(lesson.held for lesson in held)} 节已开课），课后研讨 {len(discussions)} 次。"
    )


def _head_community_extras(year: int, today: datetime.date, head_school_name: str) -> None:
    """At the demo head's community: a 名师工作室 and a photo of an activity."""
    community_year = (
        community_years_in(year)
        .filter(memberships__school__name=head_school_name)
        .select_related("community__core_school")
        .first()
    )
    if community_year is None:
        return
    community = community_year.community
    schools = community_schools(community, year)
    if not community.studios.exists():
        lead = Teacher.objects.filter(school=schools[0]).order_by("staff_id").first()
        members = Teacher.objects.filter(school__in=schools[1:]).order_by("-hire_date", "staff_id")[:3]
        if lead:
            studio_save(
                community=community,
                year=year,
                name="（演示）语文名师工作室",
                subject="语文",
                lead_staff_id=lead.staff_id,
                member_staff_ids=[t.staff_id for t in members],
                goals="带教成员校青年语文教师，每月一次研讨课。",
            )
    activity = (
        Activity.objects.filter(community=community, school_year=year, host_school__name=head_school_name)
        .exclude(category__name=DISCUSSION_CATEGORY)
        .first()
    )
    if activity and not activity.attachments.exists():
        attachments_add(activity, [attachment_checked(_photo())], user=None)


def _photo() -> SimpleUploadedFile:
    image = Image.new("RGB", (960, 640), (230, 238, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 420, 900, 600), fill=(31, 78, 121))
    draw.ellipse((380, 120, 580, 320), fill=(244, 180, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile("活动照片（演示）.jpg", out.getvalue(), content_type="image/jpeg")
