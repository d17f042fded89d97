"""Teachers as a list in the columns of `import_teachers` (contracts.md, `export_list`):
imported back, it changes nothing."""

from collections.abc import Iterator

from jiaogongti.exporting import Sheet, header

from .importer.teacher_file import ESTABLISHMENT_COLUMN, STORY_COLUMNS, TEACHER_COLUMNS
from .models import LeavingReason, Teacher
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
