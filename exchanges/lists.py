"""Exchanges as a list in the columns of `import_exchanges` (contracts.md, `export_list`):
imported back, it changes nothing."""

from collections.abc import Iterator

from jiaogongti.exporting import Sheet, header
from jiaogongti.importing import YES_NO_TEXT

from .importer.exchange_columns import EXCHANGE_COLUMNS, STATUS_IN_FILES
from .models import Exchange

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
