"""`import_funds` (contracts.md, "经费"): a 学年's allocations at once. Every row is checked
(the community named in the row's 学年, the receiving school one of its schools, an amount
above 0 with at most two decimals); any problem and nothing is written. A file replaces the
allocations of the (学年, community) pairs it names and no others; a pair whose money is
already exactly the file's is left as it is, so importing twice changes nothing."""

import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

from communities.in_files import community_in_file
from jiaogongti import progress
from jiaogongti.choices import by_label
from jiaogongti.forms import FIRST_YEAR, LAST_YEAR
from jiaogongti.importing import ImportResult, Problems, find_columns, load_rows, run_in_transaction, within_length
from jiaogongti.list_export import ImportTemplate
from jiaogongti.text import normalize_text, whole_number
from schools.importer import school_in_registry
from schools.models import School
from teamwork.activities import community_schools

from .models import NOTE_MAX_LENGTH, Allocation, FundCategory

COLUMNS = ["学年", "教共体", "类别", "拨付学校", "金额（元）", "说明"]
CATEGORIES = by_label(FundCategory.choices)
NOTE = Allocation._meta.get_field("note")
MAX_AMOUNT = Decimal("999999999999.99")


def import_funds(source: BinaryIO | str, *, filename: str | None = None, dry_run: bool = False) -> ImportResult:
    columns, data = find_columns(load_rows(source, filename), COLUMNS)
    problems = Problems()
    schools = {s.name: s for s in School.objects.all()}
    communities: dict = {}
    by_pair: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for row in data:
        progress.advance(progress.CHECKED)
        parsed = _parse(row, columns, problems, schools, communities)
        if parsed:
            year, community, category, school, amount, note = parsed
            by_pair[(year, community.pk)].append((category, school.pk, amount, note))
    problems.raise_if_any()
    return run_in_transaction(lambda: _write(by_pair), dry_run)


def _parse(row, columns, problems: Problems, schools: dict, communities: dict):
    n = row.number
    year = _year(columns.get(row, "学年"), n, problems)
    community = community_in_file(columns.get(row, "教共体"), year, n, problems, communities) if year else None
    category = CATEGORIES.get(normalize_text(columns.get(row, "类别")))
    if category is None:
        problems.add(n, f"类别「{columns.get(row, '类别')}」应为：{'、'.join(FundCategory.labels)}。")
    school = school_in_registry(columns.get(row, "拨付学校"), "拨付学校", n, problems, schools)
    if school and community and school not in community_schools(community, year):
        problems.add(n, f"拨付学校「{school.name}」在 {year}学年不是该教共体的学校。")
        school = None
    amount = _amount(columns.get(row, "金额（元）"), n, problems)
    note = within_length(columns.get(row, "说明").strip(), NOTE, "说明", n, problems)
    if None in (year, community, category, school, amount) or (note == "" and columns.get(row, "说明").strip()):
        return None
    return year, community, category, school, amount, note


def _year(raw: str, row: int, problems: Problems) -> int | None:
    text = normalize_text(raw).removesuffix("学年")
    if (year := whole_number(text, FIRST_YEAR, LAST_YEAR)) is not None:
        return year
    problems.add(row, f"学年「{raw}」应为四位数的年份，如 2022。")
    return None


def _amount(raw: str, row: int, problems: Problems) -> Decimal | None:
    text = normalize_text(raw).replace(",", "")
    try:
        amount = Decimal(text) if re.fullmatch(r"\d+(\.\d{1,2})?", text) else None
    except InvalidOperation:
        amount = None
    if amount is None or not 0 < amount <= MAX_AMOUNT:
        problems.add(row, f"金额「{raw}」应为大于 0 的金额，最多两位小数（单位：元）。")
        return None
    return amount


def _write(by_pair: dict[tuple[int, int], list[tuple]]) -> ImportResult:
    replaced = unchanged = rows = 0
    for (year, community_id), wanted in by_pair.items():
        stored = Allocation.objects.filter(school_year=year, community_id=community_id)
        if sorted(wanted) == sorted(stored.values_list("category", "school_id", "amount", "note")):
            unchanged += 1
            continue
        for allocation in stored:  # one by one: each removal stays in the history
            allocation.delete()
        for category, school_id, amount, note in wanted:
            Allocation.objects.create(
                school_year=year, community_id=community_id, category=category, school_id=school_id, amount=amount, note=note
            )
            rows += 1
            progress.advance(progress.WRITTEN)
        replaced += 1
    total = sum((amount for wanted in by_pair.values() for _, _, amount, _ in wanted), Decimal(0))
    return ImportResult(
        f"经费导入完成：{len(by_pair)} 个（学年, 教共体），其中替换 {replaced} 个（写入 {rows} 笔）、未变 {unchanged} 个；文件合计 {total:,.2f} 元。",
        counts={"replaced": replaced, "unchanged": unchanged, "rows": rows},
    )


TEMPLATE = ImportTemplate(
    title="教共体经费",
    columns=COLUMNS,
    example=["2022", "JGT0001", "活动开展", "瑞安市塘下镇第二小学", "50000", "同步课堂设备"],
    notes=[
        ("学年", "如 2022 表示 2022学年"),
        ("教共体", "教共体编号（如 JGT0001），或该教共体在该学年的任一成员校名称"),
        ("类别", "、".join(FundCategory.labels)),
        ("拨付学校", "该教共体中收到经费的学校"),
        ("金额（元）", "大于 0，最多两位小数"),
        ("说明", f"可空，不超过 {NOTE_MAX_LENGTH} 字"),
    ],
)
