"""A session's lessons: each teaching week's class, on its day. Someone of a school taking
part says whether it was held; after a held lesson the 同步教学研讨 is recorded as a
同步教研 activity linked to it. Hence the two rates the bureau reads: 开课率 (lessons
held of those due) and 研讨率 (held lessons discussed)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from communities.models import Community
from schools.models import Account
from schools.selectors import account_of
from teamwork.activities import activity_record
from teamwork.models import Activity, ActivityCategory
from teamwork.roles import may_write_plan

from .models import Lesson, Session, Term
from .terms import lesson_day, term_dates, term_label

DISCUSSION_CATEGORY = "同步教研"


@dataclass(frozen=True)
class ScheduledLesson:
    week: int
    day: datetime.date
    record: Lesson | None

    @property
    def due(self) -> bool:
        return self.day <= timezone.localdate()


def lessons_of(session: Session) -> list[ScheduledLesson]:
    first_day, _ = term_dates(session.school_year, session.term)
    recorded = {lesson.week: lesson for lesson in session.lessons.select_related("discussion")}
    return [
        ScheduledLesson(week, lesson_day(first_day, week, session.weekday), recorded.get(week))
        for week in range(session.first_week, session.last_week + 1)
    ]


def session_schools(session: Session) -> set[int]:
    return {session.lead_school_id, *(listener.school_id for listener in session.listeners.all())}


def may_record_lessons(user, session: Session) -> bool:
    """The heads of the schools taking part, the core school's head, the bureau."""
    if may_write_plan(user, session.community):
        return True
    account = account_of(user)
    return account is not None and account.role == Account.Role.SCHOOL_HEAD and account.school_id in session_schools(session)


def _scheduled(session: Session, week: int) -> ScheduledLesson:
    lesson = next((lesson for lesson in lessons_of(session) if lesson.week == week), None)
    if lesson is None:
        raise ValidationError(f"第 {week} 周不在这节同步课堂的起止周（第 {session.first_week}–{session.last_week} 周）内。")
    if not lesson.due:
        raise ValidationError(f"第 {week} 周的课在 {lesson.day:%Y-%m-%d}，还没到，不能登记。")
    return lesson


@transaction.atomic
def lesson_mark(session: Session, week: int, *, held: bool, user) -> Lesson:
    _scheduled(session, week)
    lesson, _ = Lesson.objects.select_for_update().get_or_create(
        session=session, week=week, defaults={"held": held, "recorded_by": user}
    )
    if lesson.discussion_id and not held:
        raise ValidationError("这节课已记录了同步教研，不能改为未开课；请先删除研讨记录。")
    lesson.held, lesson.recorded_by = held, user
    lesson.save()
    return lesson


@transaction.atomic
def lesson_discussed(session: Session, week: int, *, topic: str, mode: str, teacher_count: int, user) -> Activity:
    """The 同步教学研讨 after a held lesson: a 同步教研 activity of the community, hosted by
    the lead school with the listening schools taking part, on the lesson's day."""
    scheduled = _scheduled(session, week)
    lesson = Lesson.objects.select_for_update().filter(session=session, week=week).first()
    if lesson is None or not lesson.held:
        raise ValidationError("请先登记这节课已开课，再记录课后研讨。")
    if lesson.discussion_id:
        raise ValidationError("这节课的同步教研已经记录过。")
    activity = activity_record(
        community=session.community,
        host_school=session.lead_school,
        date=scheduled.day,
        category=ActivityCategory.objects.get(name=DISCUSSION_CATEGORY),
        mode=mode,
        schools=[listener.school for listener in session.listeners.all()],
        teacher_count=teacher_count,
        pupil_count=0,
        topic=topic,
        user=user,
    )
    lesson.discussion = activity
    lesson.save(update_fields=["discussion", "recorded_at"])
    return activity


def in_its_weeks(lessons):
    """Lessons of weeks the session still has: a table whose end moved earlier keeps the
    records of the weeks it dropped, and they no longer count."""
    return lessons.filter(week__gte=F("session__first_week"), week__lte=F("session__last_week"))


@dataclass(frozen=True)
class LessonRates:
    """A community's lessons in a 学年: due so far, held, and held with their 研讨."""

    due: int
    held: int
    discussed: int

    @property
    def held_rate(self) -> float | None:  # 开课率
        return self.held / self.due if self.due else None

    @property
    def discussed_rate(self) -> float | None:  # 研讨率
        return self.discussed / self.held if self.held else None

    @property
    def held_percent(self) -> int | None:
        return None if self.held_rate is None else round(self.held_rate * 100)

    @property
    def discussed_percent(self) -> int | None:
        return None if self.discussed_rate is None else round(self.discussed_rate * 100)


def lesson_rates(year: int, communities: list[Community] | None = None) -> dict[int, LessonRates]:
    """Per community id, over the 学年's two terms, counting lessons due by today."""
    sessions = Session.objects.filter(school_year=year)
    if communities is not None:
        sessions = sessions.filter(community__in=communities)
    due: dict[int, int] = {}
    firsts = {term: term_dates(year, term)[0] for term in (1, 2)}
    today = timezone.localdate()
    due_of: dict[tuple, int] = {}  # a county's tables repeat a few (term, weekday, weeks) over and over
    for community_id, *schedule in sessions.order_by().values_list("community_id", "term", "weekday", "first_week", "last_week"):
        key = tuple(schedule)
        if key not in due_of:
            due_of[key] = _lessons_due(firsts[key[0]], *key[1:], today)
        due[community_id] = due.get(community_id, 0) + due_of[key]
    # Counted by the database: a province's 学年 holds a hundred thousand lessons.
    lessons = Lesson.objects.filter(session__school_year=year, held=True)
    if communities is not None:  # (the whole 学年 needs no list of its sessions: a third slower)
        lessons = lessons.filter(session__community__in=communities)
    held = {
        row["session__community_id"]: [row["held"], row["discussed"]]
        for row in in_its_weeks(lessons)
        .values("session__community_id")
        .annotate(held=Count("id"), discussed=Count("discussion_id"))
        .order_by()
    }
    return {
        community_id: LessonRates(due.get(community_id, 0), *held.get(community_id, [0, 0])) for community_id in {*due, *held}
    }


def _lessons_due(first_day: datetime.date, weekday: int, first_week: int, last_week: int, today: datetime.date) -> int:
    """How many of a session's weeks have had their lesson by today."""
    return sum(1 for week in range(first_week, last_week + 1) if lesson_day(first_day, week, weekday) <= today)


def scheduled_lesson_count(year: int) -> dict[int, int]:
    """Per community id, the lessons the 一张表 schedules in the 学年 (each session × its
    weeks): the annual report's 同步课堂节数."""
    counts: dict[int, int] = {}
    for community_id, first, last in Session.objects.filter(school_year=year).values_list(
        "community_id", "first_week", "last_week"
    ):
        counts[community_id] = counts.get(community_id, 0) + last - first + 1
    return counts


@dataclass(frozen=True)
class TermSummary:
    term: int
    label: str
    sessions: int  # per week
    scheduled: int  # lessons over the term
    held: int
    discussed: int


def term_summaries(community: Community, year: int) -> list[TermSummary]:
    summaries = []
    for term in Term:
        sessions = Session.objects.filter(community=community, school_year=year, term=term)
        held = in_its_weeks(Lesson.objects.filter(session__in=sessions, held=True))
        summaries.append(
            TermSummary(
                term,
                term_label(year, term),
                sessions.count(),
                sum(last - first + 1 for first, last in sessions.values_list("first_week", "last_week")),
                held.count(),
                held.filter(discussion__isnull=False).count(),
            )
        )
    return summaries
