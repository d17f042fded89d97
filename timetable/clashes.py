"""A clash (contracts.md, `import_timetable`): the same teacher, or the same class of the
same school, in two sessions on the same weekday whose times and weeks overlap — across
every community of the term (a core school may lead two communities' classes)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from jiaogongti.text import normalize_text

from .models import WEEKDAYS


@dataclass(frozen=True)
class Slot:
    """What a clash is judged on, for a stored session or a row still being checked."""

    label: str  # how users are told which row: 第 3 行, or the stored session in words
    weekday: int
    start: datetime.time
    end: datetime.time
    first_week: int
    last_week: int
    teacher: tuple[int, str]  # (id, name)
    classrooms: tuple[tuple[int, str, str], ...]  # (school id, school name, class)
    row: int | None = None  # the file's row, for a row being imported


@dataclass(frozen=True)
class Clash:
    first: Slot
    second: Slot
    text: str


def class_key(class_name: str) -> str:
    """三(1)班, 三（1）班 and "三(1)班 " are one class."""
    return normalize_text(class_name).replace(" ", "")


def overlap(a: Slot, b: Slot) -> bool:
    return (
        a.weekday == b.weekday
        and a.start < b.end
        and b.start < a.end
        and a.first_week <= b.last_week
        and b.first_week <= a.last_week
    )


def clashes(slots: list[Slot], against: list[Slot] = ()) -> list[Clash]:
    """Each clash among `slots`, and between them and `against` (the term's stored sessions
    that stay), with a sentence naming both. Sessions are bucketed by teacher and by
    classroom, so only those sharing one are compared."""
    buckets: dict[tuple, list[tuple[Slot, bool]]] = defaultdict(list)
    for slot, is_new in [*((s, True) for s in slots), *((s, False) for s in against)]:
        buckets[("teacher", slot.teacher[0])].append((slot, is_new))
        for school_id, _, class_name in slot.classrooms:
            buckets[("class", school_id, class_key(class_name))].append((slot, is_new))
    found, said = [], set()
    for key, members in buckets.items():
        for i, (a, a_new) in enumerate(members):
            for b, b_new in members[i + 1 :]:
                if not (a_new or b_new) or a is b or not overlap(a, b) or (a.label, b.label) in said:
                    continue
                said.add((a.label, b.label))
                found.append(Clash(a, b, f"{a.label}与{b.label}冲突：{_what(key, a)}在{_when(a, b)}有两节同步课堂。"))
    return found


def _what(key: tuple, slot: Slot) -> str:
    if key[0] == "teacher":
        return f"主讲教师{slot.teacher[1]}"
    return next(f"{name}{c}" for school_id, name, c in slot.classrooms if (school_id, class_key(c)) == key[1:])


def _when(a: Slot, b: Slot) -> str:
    start, end = max(a.start, b.start), min(a.end, b.end)
    weeks = f"第{max(a.first_week, b.first_week)}–{min(a.last_week, b.last_week)}周"
    return f"{weeks}{WEEKDAYS[a.weekday - 1]} {start:%H:%M}–{end:%H:%M}"
