"""`import_scores` (contracts.md, "Evaluation scores").

Columns: 学年 | 学段 | 学校 | 科目 | 参考人数 | 平均分 | 标准差 | 毕业班数, one row per school
and subject. A row already in the portal (same 学年, 学段, school, subject) is updated.
After writing, the Z值 of every 学年 and 学段 in the file is computed again.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import BinaryIO

from jiaogongti import progress
from jiaogongti.bulk import insert_rows
from jiaogongti.choices import by_label
from jiaogongti.importing import (
    Changes,
    ImportResult,
    Problems,
    clean_name,
    find_columns,
    load_rows,
    run_in_transaction,
    within_length,
)
from jiaogongti.list_export import ImportTemplate
from jiaogongti.school_year import school_year_label
from jiaogongti.text import normalize_text
from schools.models import RESULT_STAGES, SCHOOL_NAME, School, Stage

from .models import SchoolResult, SubjectScore
from .zscore import recompute

SUBJECT = SubjectScore._meta.get_field("subject")
STAGES = by_label(RESULT_STAGES)  # 小学 -> primary
COLUMNS = ["学年", "学段", "学校", "科目", "参考人数", "平均分", "标准差", "毕业班数"]
MAX_AVERAGE = 1000  # no paper is marked out of more; a larger 平均分 is a typing slip
_YEAR = re.compile(r"^(\d{4})(学年)?$")


@dataclass(slots=True)
class ScoreRow:
    row: int
    year: int
    stage: str
    school: str
    subject: str
    candidates: int
    average: float
    std_dev: float
    classes: int


def _number(text: str, label: str, row: int, problems: Problems, *, integer=False, minimum=0.0, maximum=None):
    text = normalize_text(text)
    try:
        value = float(text)
    except ValueError:
        problems.add(row, f"{label}「{text}」不是数字。" if text else f"{label}为空。")
        return None
    if not math.isfinite(value) or value < minimum or (maximum is not None and value > maximum):
        limit = f"不小于 {minimum:g}" + (f"、不大于 {maximum:g}" if maximum is not None else "")
        problems.add(row, f"{label}「{text}」不合理，应{limit}。")
        return None
    if integer and not value.is_integer():
        problems.add(row, f"{label}「{text}」应为整数。")
        return None
    return int(value) if integer else value


def import_scores(source: BinaryIO | str, *, filename: str | None = None, dry_run: bool = False) -> ImportResult:
    problems = Problems()
    columns, data = find_columns(load_rows(source, filename), COLUMNS)
    parsed = [item for row in data if (item := _parse_row(row, columns, problems))]
    _check_rows(parsed, problems)
    problems.raise_if_any()

    def write_and_recompute() -> ImportResult:
        rounds, result = _write_scores(parsed)
        parsed.clear()  # written: the rows go before the Z值 pass reads the rounds back
        for year, stage in rounds:
            recompute(year, stage)
        return result

    return run_in_transaction(write_and_recompute, dry_run)


def _parse_row(row, columns, problems: Problems) -> ScoreRow | None:
    n = row.number
    year_match = _YEAR.match(normalize_text(columns.get(row, "学年")))
    if not year_match:
        problems.add(n, f"学年「{columns.get(row, '学年')}」应写成四位年份，如 2021。")
    stage_text = normalize_text(columns.get(row, "学段"))
    stage = STAGES.get(stage_text)
    if stage is None:
        problems.add(n, f"学段「{stage_text}」应为 {' 或 '.join(STAGES)}。")
    school = clean_name(columns.get(row, "学校"), "学校", n, problems, field=SCHOOL_NAME)
    subject = within_length(normalize_text(columns.get(row, "科目")), SUBJECT, "科目", n, problems)
    if not school and not columns.get(row, "学校"):
        problems.add(n, "学校为空。")
    if not subject:
        problems.add(n, "科目为空。")
    candidates = _number(columns.get(row, "参考人数"), "参考人数", n, problems, integer=True, minimum=1)
    average = _number(columns.get(row, "平均分"), "平均分", n, problems, maximum=MAX_AVERAGE)
    std_dev = _number(columns.get(row, "标准差"), "标准差", n, problems, maximum=MAX_AVERAGE)
    classes = _number(columns.get(row, "毕业班数"), "毕业班数", n, problems, integer=True)
    if None in (candidates, average, std_dev, classes, stage) or not (year_match and school and subject):
        return None
    return ScoreRow(n, int(year_match.group(1)), stage, school, subject, candidates, average, std_dev, classes)


def _check_rows(parsed: list[ScoreRow], problems: Problems) -> None:
    known = dict(School.objects.filter(name__in={r.school for r in parsed}).values_list("name", "id"))
    first_row: dict[tuple, int] = {}
    classes_of: dict[tuple, tuple[int, int]] = {}
    for item in parsed:
        progress.advance(progress.CHECKED)
        if item.school not in known:
            problems.add(item.row, f"学校「{item.school}」不在学校名录中，请先导入或添加该校。")
        key = (item.year, item.stage, item.school, item.subject)
        if key in first_row:
            problems.add(
                item.row, f"「{item.school}」{item.subject} 在第 {first_row[key]} 行已有成绩，同一学校同一科目只能有一行。"
            )
        first_row.setdefault(key, item.row)
        school_key = (item.year, item.stage, item.school)
        if school_key in classes_of and classes_of[school_key][0] != item.classes:
            problems.add(
                item.row,
                f"「{item.school}」的毕业班数为 {item.classes}，与第 {classes_of[school_key][1]} 行的 {classes_of[school_key][0]} 不一致。",
            )
        classes_of.setdefault(school_key, (item.classes, item.row))


def _write_scores(parsed: list[ScoreRow]) -> tuple[list[tuple[int, str]], ImportResult]:
    school_ids = dict(School.objects.filter(name__in={r.school for r in parsed}).values_list("name", "id"))
    by_school = defaultdict(list)  # (学年, 学段, school id) -> its rows
    for item in parsed:
        by_school[(item.year, item.stage, school_ids[item.school])].append(item)
    changes = Changes()
    results, changed = _school_results(by_school, changes)
    changed |= _replace_scores(by_school, results, changes)
    # Only the rounds something changed in are worked out again: a file that says what is
    # stored already rewrites nothing.
    rounds = sorted({(year, stage) for year, stage, _ in changed})
    described = "、".join(f"{school_year_label(year)}{Stage(stage).label}" for year, stage in rounds)
    outcome = f"（{described}）；Z值已重新计算。" if rounds else "；与已有成绩相同，未作改动。"
    return rounds, ImportResult(
        f"成绩导入完成：{len(parsed)} 行，{len({school for _, _, school in by_school})} 所学校、{len(by_school)} 校次{outcome}",
        counts={"rows": len(parsed), "schools": len(by_school), "changed": len(changed), **changes.counts},
        changes=changes.listed,
    )


def _school_results(by_school: dict[tuple, list[ScoreRow]], changes: Changes) -> tuple[dict[tuple, SchoolResult], set[tuple]]:
    """Each school's result of the round, made or with its 毕业班数 brought up to date; and
    the keys of those made or changed."""
    results = {
        (r.school_year, r.stage, r.school_id): r
        for r in SchoolResult.objects.filter(school_year__in={k[0] for k in by_school}, school_id__in={k[2] for k in by_school})
    }
    new_results, changed_results = [], []
    for key, items in by_school.items():
        result = results.get(key)
        if result is None:
            result = SchoolResult(school_year=key[0], stage=key[1], school_id=key[2], graduating_classes=items[0].classes)
            new_results.append(result)
        elif result.graduating_classes != items[0].classes:
            changes.add(_round_of(items[0]), "毕业班数", result.graduating_classes, items[0].classes)
            result.graduating_classes = items[0].classes
            changed_results.append(result)
    SchoolResult.objects.bulk_create(new_results, batch_size=1000)
    SchoolResult.objects.bulk_update(changed_results, ["graduating_classes"], batch_size=1000)
    # Both SQLite and PostgreSQL return the new ids from bulk_create.
    results.update({(r.school_year, r.stage, r.school_id): r for r in new_results})
    return results, {(r.school_year, r.stage, r.school_id) for r in [*new_results, *changed_results]}


def _replace_scores(by_school: dict[tuple, list[ScoreRow]], results: dict[tuple, SchoolResult], changes: Changes) -> set[tuple]:
    """Replace exactly the (school, subject) rows the file brings that differ from what is
    stored; other subjects stay. Returns the keys of the results whose scores changed.

    The file's rows are compared where they are (`by_school`), in two passes, rather than
    copied into maps of their own: a province's file is 150,000 rows, and each copy of
    them added tens of MB to the import's peak."""
    key_of = {results[key].id: key for key in by_school}
    stored = {
        (result_id, subject): (score_id, (candidates, average, std_dev))
        for score_id, result_id, subject, candidates, average, std_dev in SubjectScore.objects.filter(
            result_id__in=key_of
        ).values_list("id", "result_id", "subject", "candidates", "average", "std_dev")
    }

    def to_write():
        """(result id, row, what is stored of it or None) of each row that is new or differs."""
        for key, items in by_school.items():
            result_id = results[key].id
            for item in items:
                old = stored.get((result_id, item.subject))
                if old is None or old[1] != (item.candidates, item.average, item.std_dev):
                    yield result_id, item, old
                else:
                    changes.kept(lambda: f"{_round_of(item)} {item.subject}")  # noqa: B023 (called at once)

    replaced, changed = [], set()
    for result_id, item, old in to_write():
        changed.add(key_of[result_id])
        if old is not None:
            replaced.append(old[0])
            incoming = (item.candidates, item.average, item.std_dev)
            changes.add(f"{_round_of(item)} {item.subject}", "参考人数、平均分、标准差", _scores(old[1]), _scores(incoming))
            changes.changed()
        else:
            changes.added(lambda: f"{_round_of(item)} {item.subject}")  # noqa: B023 (called at once)
    for start in range(0, len(replaced), 5000):
        SubjectScore.objects.filter(id__in=replaced[start : start + 5000]).delete()
    insert_rows(
        SubjectScore,
        ["result_id", "subject", "candidates", "average", "std_dev"],
        ((result_id, item.subject, item.candidates, item.average, item.std_dev) for result_id, item, _ in to_write()),
    )
    return changed


TEMPLATE = ImportTemplate(
    title="考核成绩",
    columns=COLUMNS,
    example=["2025", "小学", "瑞安市塘下镇第二小学", "语文", "120", "78.5", "12.3", "3"],
    notes=[
        ("学年", "四位年份，如 2025（即 2025学年）"),
        ("学段", "、".join(STAGES)),
        ("学校", "学校名录中的正式名称"),
        ("科目", "如 语文、数学；每校每科一行"),
        ("参考人数", "不小于 1 的整数"),
        ("平均分", f"0–{MAX_AVERAGE} 之间的数"),
        ("标准差", f"0–{MAX_AVERAGE} 之间的数"),
        ("毕业班数", "整数，同一学校同一学段各行相同"),
    ],
)


def _round_of(item: ScoreRow) -> str:
    return f"第 {item.row} 行 {school_year_label(item.year)}{Stage(item.stage).label} {item.school}"


def _scores(values: tuple) -> str:
    candidates, average, std_dev = values
    return f"{candidates} 人，平均 {average:g}，标准差 {std_dev:g}"
