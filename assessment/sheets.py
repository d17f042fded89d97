"""The 考核's sheets: the annual report's `教共体考核` (contracts.md) and the 表彰 list."""

from collections.abc import Iterator

from django.utils import timezone

from jiaogongti.exporting import Sheet, header

from .models import Grade
from .results import assessed, excellent_communities
from .scheme import scheme_of
from .scoring import NOT_YET


class AssessmentSheet(Sheet):
    """One row per community of the 学年: 核心校 | 成员校 | 教共体类型, each indicator of the
    scheme, 总分, 等级; a confirmed result as confirmed, else as the records give it now."""

    name = "教共体考核"

    def __init__(self, year: int, leading_cells, reads=None):
        self.year = year
        self.leading_cells = leading_cells  # community id -> [核心校, 成员校, 教共体类型]
        self.reads = reads  # what the report has read of the 学年 already (assessment.results.assessment_inputs)
        self.indicators = [i.name for i in scheme_of(year).indicators]
        self.column_widths = (30, 60, 10, *(10 for _ in self.indicators), 8, 8, 12, 12)

    def rows(self) -> Iterator[list]:
        yield header("核心校", "成员校", "教共体类型", *self.indicators, "总分", "等级", "教共体编号", "结果")
        for row in assessed(self.year, reads=self.reads):
            if row.community.pk not in self.leading_cells:
                continue
            scores = row.confirmed.scores if row.confirmed else row.scores
            total = row.shown_total
            yield [
                *self.leading_cells[row.community.pk],
                *(_number(scores.get(name)) for name in self.indicators),
                None if total is None else float(total),
                None if total is None else row.shown_grade_label,
                row.community.code,
                self._state(row),
            ]

    def _state(self, row) -> str:
        if row.confirmed:
            return "已确认"
        if row.in_progress:
            return f"学年进行中：截至 {timezone.localdate():%Y-%m-%d} 的数据，空白为尚无数据或不适用，学年结束后评定"
        return "未确认（按当前数据）"


def _number(score) -> float | None:
    """A score as the cell's number; 不适用 and 尚无 (a 学年 in progress) leave it blank."""
    return None if score is None or score is NOT_YET else float(score)


class HonoursSheet(Sheet):
    """The 推进暨表彰大会's list: the confirmed 优秀 communities of the 学年."""

    name = "表彰名单"
    column_widths = (6, 12, 30, 10, 10)

    def __init__(self, year: int):
        self.year = year

    def rows(self) -> Iterator[list]:
        yield header("序号", "教共体编号", "核心校", "总分", "等级")
        for n, result in enumerate(excellent_communities(self.year), start=1):
            yield [n, result.community.code, result.community.core_school.name, float(result.total), Grade(result.grade).label]
