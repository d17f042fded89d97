"""The activities as a list in the columns of `import_activities`: imported back, none added."""

from collections.abc import Iterator

from jiaogongti.exporting import Sheet, header

from .importer import COLUMNS
from .models import Activity


class ActivityList(Sheet):
    name = "教共体活动"
    column_widths = (12, 12, 12, 8, 30, 50, 10, 10, 40)

    def __init__(self, activities=None):
        self.activities = Activity.objects.all() if activities is None else activities

    def rows(self) -> Iterator[list]:
        yield header(*COLUMNS)
        modes = dict(Activity.Mode.choices)
        shown = (
            self.activities.select_related("community", "category", "host_school")
            .prefetch_related("schools")
            .order_by("date", "pk")
        )
        for activity in shown.iterator(chunk_size=2000):
            yield [
                activity.community.code,
                activity.date,
                activity.category.name,
                modes[activity.mode],
                activity.host_school.name,
                "、".join(school.name for school in activity.schools.all()),
                activity.teacher_count,
                activity.pupil_count,
                activity.topic,
            ]
