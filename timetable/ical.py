"""A school's synchronous classes as an iCalendar file (RFC 5545; contracts.md,
`export_timetable`): one weekly recurring event per session over its weeks, in
Asia/Shanghai time with its VTIMEZONE, the subject and the lead school in the summary.
The command and the per-school feed URL write the same bytes."""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.db.models import Q

from schools.models import School

from .models import Session
from .terms import lesson_day, term_dates, term_label

PRODID = "-//瑞安市教共体管理平台//同步课堂//ZH"


def sessions_of_school(school: School, year: int, term: int | None = None):
    """The sessions a school takes part in, as lead or as a listening classroom."""
    sessions = Session.objects.filter(Q(lead_school=school) | Q(listeners__school=school), school_year=year)
    if term is not None:
        sessions = sessions.filter(term=term)
    return (
        sessions.distinct()
        .select_related("community__core_school", "lead_school", "lead_teacher")
        .prefetch_related("listeners__school")
        .order_by("term", "weekday", "start_time", "id")
    )


def school_calendar(school: School, terms: list[tuple[int, int]]) -> bytes:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{school.name}同步课堂")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    for year, term in terms:
        first_day, _ = term_dates(year, term)
        for session in sessions_of_school(school, year, term):
            calendar.add_component(_event(session, school, first_day, zone, stamp, term_label(year, term)))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(session: Session, school: School, first_day, zone, stamp, label: str) -> icalendar.Event:
    day = lesson_day(first_day, session.first_week, session.weekday)
    listeners = "、".join(str(listener) for listener in session.listeners.all())
    role = "主讲" if session.lead_school_id == school.pk else "听课"
    event = icalendar.Event()
    # Stable per session: a subscribed calendar updates the event rather than adding one.
    event.add("uid", f"sync-session-{session.pk}@jiaogongti")
    event.add("dtstamp", stamp)
    event.add("dtstart", datetime.datetime.combine(day, session.start_time, tzinfo=zone))
    event.add("dtend", datetime.datetime.combine(day, session.end_time, tzinfo=zone))
    event.add("rrule", {"freq": "weekly", "count": session.lesson_count})
    event.add("summary", f"同步课堂·{session.subject}（{session.lead_school.name}主讲）")
    # Where the school's own class sits: its listening classroom, or the lead one.
    own = next((str(listener) for listener in session.listeners.all() if listener.school_id == school.pk), None)
    event.add("location", own or f"{session.lead_school.name}{session.lead_class}")
    event.add(
        "description",
        f"{label}第{session.first_week}–{session.last_week}周\n"
        f"本校：{role}\n主讲：{session.lead_school.name}{session.lead_class} {session.lead_teacher.name}\n"
        f"听课：{listeners}\n教共体：{session.community.code}（{session.community.core_school.name}）",
    )
    return event
