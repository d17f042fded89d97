"""The allocations as a list in the columns of `import_funds`: imported back, the same money."""

from collections.abc import Iterator

from jiaogongti.exporting import Sheet, header

from .importer import COLUMNS
from .models import FundCategory


class AllocationList(Sheet):
    name = "经费拨付"
    column_widths = (8, 12, 12, 36, 16, 40)

    def __init__(self, allocations):
        self.allocations = allocations

    def rows(self) -> Iterator[list]:
        yield header(*COLUMNS)
        labels = dict(FundCategory.choices)
        for year, code, category, school, amount, note in (
            self.allocations.order_by("school_year", "community__code", "pk")
            .values_list("school_year", "community__code", "category", "school__name", "amount", "note")
            .iterator(chunk_size=2000)
        ):
            yield [year, code, labels[category], school, float(amount), note]
