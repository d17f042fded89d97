"""The 一张表 as a list in the columns of `import_timetable` (one row a session, its
listening classrooms in order): a term's rows imported back for that term change nothing."""

from collections.abc import Iterator

from jiaogongti.exporting import Sheet, header

from .importer import COLUMNS
from .models import Session


class SessionList(Sheet):
    name = "同步课堂一张表"
    column_widths = (12, 6, 10, 10, 10, 30, 12, 20, 50, 30, 8, 8)

    def __init__(self, sessions=None):
        self.sessions = Session.objects.all() if sessions is None else sessions

    def rows(self) -> Iterator[list]:
        yield header(*COLUMNS)
        shown = (
            self.sessions.select_related("community", "lead_school", "lead_teacher")
            .prefetch_related("listeners__school")
            .order_by("school_year", "term", "weekday", "start_time", "pk")
        )
        for session in shown.iterator(chunk_size=2000):
            listeners = sorted(session.listeners.all(), key=lambda listener: listener.position)
            yield [
                session.community.code,
                session.weekday,
                f"{session.start_time:%H:%M}",
                f"{session.end_time:%H:%M}",
                session.subject,
                session.lead_school.name,
                session.lead_class,
                session.lead_teacher.staff_id,
                "、".join(listener.school.name for listener in listeners),
                "、".join(listener.class_name for listener in listeners),
                session.first_week,
                session.last_week,
            ]
