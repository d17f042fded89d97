"""What both teacher files need: the 工号 as people type it, the schools by name, and the
teachers a chunk names, locked."""

import datetime
import re
from typing import NamedTuple

from jiaogongti.importing import Problems, in_batches
from jiaogongti.text import looks_like_formula
from schools.models import School

from ..guards import locking_teachers
from ..models import normalize_staff_id

_STAFF_ID = re.compile(r"^[0-9A-Za-z-]{1,30}$")


def clean_staff_id(raw: str, row: int, problems: Problems) -> str:
    """工号 or 身份证号, kept as text. A number Excel already rounded is refused, not guessed."""
    staff_id = normalize_staff_id(raw)
    if not staff_id:
        problems.add(row, "工号为空。")
    elif "E+" in staff_id or re.fullmatch(r"\d+\.\d+", staff_id):
        problems.add(
            row,
            f"工号「{raw}」被 Excel 存成了数字，位数可能已经丢失。请把该列设为“文本”格式后重新录入工号，再导入。",
        )
    elif not _STAFF_ID.match(staff_id) or looks_like_formula(staff_id):
        problems.add(row, f"工号「{raw}」只能包含数字、字母和连字符。")
    else:
        return staff_id
    return ""


def school_ids_by_name(names) -> dict[str, int]:
    return dict(in_batches(School.objects.order_by().values_list("name", "id"), "name", names))


class TeacherFacts(NamedTuple):
    """What the exchange import needs of a teacher: plain values, not a model instance (a
    province's file names hundreds of thousands of them)."""

    id: int
    staff_id: str
    name: str
    school_id: int
    establishment_school_id: int
    school_name: str
    hire_date: datetime.date | None
    left_on: datetime.date | None
    leaving_reason: str


def locked_teachers_by_staff_id(staff_ids) -> dict[str, TeacherFacts]:
    """The teachers, each row locked as it is read, until the transaction ends."""
    rows = locking_teachers().values_list(
        "id", "staff_id", "name", "school_id", "establishment_school_id", "school__name", "hire_date", "left_on", "leaving_reason"
    )
    return {facts.staff_id: facts for facts in map(TeacherFacts._make, in_batches(rows, "staff_id", set(staff_ids)))}
