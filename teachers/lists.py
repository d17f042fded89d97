"""Teachers and exchanges as lists in the columns of `import_teachers` and
`import_exchanges` (contracts.md, `export_list`): imported back, they change nothing."""

from collections.abc import Iterator

from jiaogongti.exporting import Sheet, header
from jiaogongti.importing import YES_NO_TEXT

from .importer.exchange_columns import EXCHANGE_COLUMNS, STATUS_IN_FILES
from .importer.teacher_file import ESTABLISHMENT_COLUMN, STORY_COLUMNS, TEACHER_COLUMNS
from .models import Exchange, LeavingReason, Teacher
from .register import last_joined


class TeacherList(Sheet):
    name = "教师"
    column_widths = (22, 16, 36, 10, 8, 12, 12, 12, 10, 36)

    def __init__(self, teachers=None):
        self.teachers = Teacher.objects.all() if teachers is None else teachers

    def rows(self) -> Iterator[list]:
        yield header(*TEACHER_COLUMNS, *STORY_COLUMNS, ESTABLISHMENT_COLUMN)
        titles, reasons = dict(Teacher.Title.choices), dict(LeavingReason.choices)
        rows = self.teachers.order_by("staff_id").values_list(
            "staff_id", "name", "school__name", "subject", "title", "hire_date", last_joined(), "left_on", "leaving_reason",
            "establishment_school__name",
        )  # fmt: skip
        for staff_id, name, school, subject, title, hired, joined, left, reason, establishment in rows.iterator(chunk_size=2000):
            yield [
                staff_id,
                name,
                school,
                subject,
                titles.get(title, ""),
                hired,
                joined,
                left,
                reasons.get(reason, ""),
                establishment,
            ]


# Beside the import's columns, for whoever reads the list; the import passes it by.
TEACHER_NAME_COLUMN = "教师姓名（仅供查看，导入时不读）"


class ExchangeList(Sheet):
    name = "教师交流"
    column_widths = (22, 36, 36, 10, 12, 12, 6, 12, 16)

    def __init__(self, exchanges=None):
        self.exchanges = Exchange.objects.all() if exchanges is None else exchanges

    def rows(self) -> Iterator[list]:
        yield header(*EXCHANGE_COLUMNS, TEACHER_NAME_COLUMN)
        kinds, statuses = dict(Exchange.Kind.choices), STATUS_IN_FILES
        rows = self.exchanges.order_by("start_date", "id").values_list(
            "teacher__staff_id", "from_school__name", "to_school__name", "kind", "start_date", "planned_end",
            "establishment_moved", "status", "teacher__name",
        )  # fmt: skip
        for staff_id, from_school, to_school, kind, start, end, moved, status, name in rows.iterator(chunk_size=2000):
            yield [staff_id, from_school, to_school, kinds[kind], start, end, YES_NO_TEXT[moved], statuses[status], name]
