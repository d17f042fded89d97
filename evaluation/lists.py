"""Results as a list in the columns of `import_scores` (contracts.md, `export_list`), one
row per school, 学段 and subject: imported back, it changes nothing."""

from collections.abc import Iterator

from jiaogongti.exporting import Sheet, header
from schools.models import Stage

from .importer import COLUMNS
from .models import SubjectScore


class ScoreList(Sheet):
    name = "成绩"
    column_widths = (8, 8, 36, 10, 10, 10, 10, 10)

    def __init__(self, scores=None):
        self.scores = SubjectScore.objects.all() if scores is None else scores

    def rows(self) -> Iterator[list]:
        yield header(*COLUMNS)
        stages = dict(Stage.choices)
        rows = self.scores.order_by("result__school_year", "result__stage", "result__school__name", "subject").values_list(
            "result__school_year", "result__stage", "result__school__name", "subject", "candidates", "average", "std_dev",
            "result__graduating_classes",
        )  # fmt: skip
        for year, stage, school, subject, candidates, average, std_dev, classes in rows.iterator(chunk_size=2000):
            yield [year, stages[stage], school, subject, candidates, average, std_dev, classes]
