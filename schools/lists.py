"""The school registry as a list in the columns of `import_schools` (contracts.md,
`export_list`): imported back, it changes nothing."""

from collections.abc import Iterator

from jiaogongti.exporting import Sheet, header
from jiaogongti.importing import YES_NO_TEXT

from .importer import FLAGS, REQUIRED
from .models import School
from .names import roster_display_name


class SchoolList(Sheet):
    name = "学校"
    column_widths = (36, 10, 12, 8, 10, 36, 8, 8, 8)

    def __init__(self, schools=None):
        self.schools = School.objects.all() if schools is None else schools

    def rows(self) -> Iterator[list]:
        yield header(*REQUIRED, *FLAGS)
        labels = {
            "stage": dict(School._meta.get_field("stage").flatchoices),
            "locality": dict(School.Locality.choices),
            "ownership": dict(School.Ownership.choices),
        }
        rows = self.schools.order_by("name").values_list(
            "name", "is_campus", "district__name", "stage", "locality", "ownership", "campus_of__name", *FLAGS.values()
        )
        for name, is_campus, district, stage, locality, ownership, campus_of, *flags in rows.iterator(chunk_size=2000):
            yield [
                roster_display_name(name, is_campus),  # a campus keeps its （校区） mark, as the import reads it
                district,
                labels["stage"].get(stage, ""),
                labels["locality"].get(locality, ""),
                labels["ownership"].get(ownership, ""),
                campus_of or "",
                *(YES_NO_TEXT[flag] for flag in flags),
            ]
