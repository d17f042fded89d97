"""Entering a community's 同步课堂 table: one session at a time in the portal (the core
school), or a term's table at once (importer). Either way every check is the same: the
schools of the community, a teacher of the lead school, times and weeks in order within
the term, and no clash with any session of the term in any community."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from communities.models import Community
from jiaogongti.db import transaction_lock
from schools.models import School
from teachers.models import Teacher
from teamwork.activities import community_schools

from .clashes import Slot, clashes, class_key
from .models import WEEKDAYS, ListeningClassroom, Session
from .terms import term_dates


@dataclass
class SessionDraft:
    """A session as entered, before it is stored."""

    weekday: int
    start_time: datetime.time
    end_time: datetime.time
    subject: str
    lead_school: School
    lead_class: str
    lead_teacher: Teacher
    first_week: int
    last_week: int
    listeners: list[tuple[School, str]] = field(default_factory=list)

    def slot(self, label: str, row: int | None = None) -> Slot:
        classrooms = [(self.lead_school, self.lead_class), *self.listeners]
        return Slot(
            label,
            self.weekday,
            self.start_time,
            self.end_time,
            self.first_week,
            self.last_week,
            (self.lead_teacher.pk, self.lead_teacher.name),
            tuple((school.pk, school.name, class_name) for school, class_name in classrooms),
            row,
        )


def session_words(session: Session | SessionDraft, community: Community) -> str:
    """How a stored session is named in a clash: its community and time, lead classroom."""
    return (
        f"{community.code}（{community.core_school.name}教共体）{WEEKDAYS[session.weekday - 1]} "
        f"{session.start_time:%H:%M}–{session.end_time:%H:%M} {session.subject}（{session.lead_school.name}{session.lead_class}）"
    )


def draft_problems(community: Community, year: int, term: int, draft: SessionDraft) -> list[str]:
    """What is wrong with a session on its own (clashes are judged on the whole term)."""
    problems = []
    schools = community_schools(community, year)
    outside = [s.name for s in [draft.lead_school, *(school for school, _ in draft.listeners)] if s not in schools]
    if outside:
        problems.append(f"「{'、'.join(dict.fromkeys(outside))}」在 {year}学年不是本教共体的学校。")
    if draft.lead_teacher.school_id != draft.lead_school.pk:
        problems.append(f"主讲教师{draft.lead_teacher.name}（{draft.lead_teacher.staff_id}）不是{draft.lead_school.name}的教师。")
    if not draft.listeners:
        problems.append("至少要有一个听课班级。")
    lead = (draft.lead_school.pk, class_key(draft.lead_class))
    if any((school.pk, class_key(class_name)) == lead for school, class_name in draft.listeners):
        problems.append(f"听课班级不能是主讲班级本身（{draft.lead_school.name}{draft.lead_class}）。")
    if draft.start_time >= draft.end_time:
        problems.append(f"开始时间 {draft.start_time:%H:%M} 应早于结束时间 {draft.end_time:%H:%M}。")
    _, weeks = term_dates(year, term)
    if not 1 <= draft.first_week <= draft.last_week <= weeks:
        problems.append(f"起始周 {draft.first_week}、结束周 {draft.last_week} 应在第 1 至 {weeks} 周之间，且起始周不晚于结束周。")
    return problems


def stored_slots(year: int, term: int, *, except_communities=()) -> list[Slot]:
    """Every stored session of the term, but those of the communities being replaced."""
    sessions = (
        Session.objects.filter(school_year=year, term=term)
        .exclude(community__in=except_communities)
        .select_related("community__core_school", "lead_school", "lead_teacher")
        .prefetch_related("listeners__school")
    )
    return [stored_slot(session) for session in sessions]


def stored_slot(session: Session) -> Slot:
    draft = SessionDraft(
        session.weekday,
        session.start_time,
        session.end_time,
        session.subject,
        session.lead_school,
        session.lead_class,
        session.lead_teacher,
        session.first_week,
        session.last_week,
        [(listener.school, listener.class_name) for listener in session.listeners.all()],
    )
    return draft.slot(f"已有的「{session_words(session, session.community)}」")


def lock_term(year: int, term: int) -> None:
    """One writer of a term's tables at a time: each checks clashes against all the rest."""
    transaction_lock(f"jiaogongti.timetable.{year}.{term}")


@transaction.atomic
def session_add(*, community: Community, year: int, term: int, draft: SessionDraft, user=None) -> Session:
    problems = draft_problems(community, year, term, draft)
    if problems:
        raise ValidationError(problems)
    lock_term(year, term)
    found = clashes([draft.slot("这节课")], stored_slots(year, term))
    if found:
        raise ValidationError([clash.text for clash in found])
    return session_store(community, year, term, draft, user)


def session_store(community: Community, year: int, term: int, draft: SessionDraft, user=None) -> Session:
    session = Session.objects.create(
        community=community,
        school_year=year,
        term=term,
        weekday=draft.weekday,
        start_time=draft.start_time,
        end_time=draft.end_time,
        subject=draft.subject,
        lead_school=draft.lead_school,
        lead_class=draft.lead_class,
        lead_teacher=draft.lead_teacher,
        first_week=draft.first_week,
        last_week=draft.last_week,
        entered_by=user,
    )
    _store_listeners(session, draft.listeners)
    return session


def session_update(session: Session, draft: SessionDraft) -> bool:
    """Give a stored session the draft's columns; False when it already had them."""
    fields = ["end_time", "subject", "lead_teacher", "first_week", "last_week"]
    listeners = [(listener.school_id, listener.class_name) for listener in session.listeners.all()]
    wanted = [(school.pk, class_name) for school, class_name in draft.listeners]
    if all(getattr(session, name) == getattr(draft, name) for name in fields) and listeners == wanted:
        return False
    for name in fields:
        setattr(session, name, getattr(draft, name))
    session.save()
    session.listeners.all().delete()
    _store_listeners(session, draft.listeners)
    return True


def _store_listeners(session: Session, listeners: list[tuple[School, str]]) -> None:
    ListeningClassroom.objects.bulk_create(
        ListeningClassroom(session=session, school=school, class_name=class_name, position=position)
        for position, (school, class_name) in enumerate(listeners, start=1)
    )


@transaction.atomic
def session_remove(session: Session) -> None:
    """A session whose lessons were recorded stays: its 开课 and 研讨 are the record."""
    recorded = session.lessons.count()
    if recorded:
        raise ValidationError(
            f"这节同步课堂已有 {recorded} 次开课记录，不能删除。如需提前结束，请告知教育局：在导入的一张表中改它的结束周即可。"
        )
    session.delete()
