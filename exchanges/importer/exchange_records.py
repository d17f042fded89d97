"""The stored side of an exchange import: the records a chunk's teachers already have, as
plain values, which of them a file row is, and saving what the file changes."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from communities.selectors import communities_by_school, roster_year_among, types_and_cores
from jiaogongti import progress
from jiaogongti.history import acting_user
from jiaogongti.importing import in_batches

from ..exchange_check import shared_community_id
from ..models import Exchange

IMPORTED_REJECTION = "（历史记录导入，原文件未注明驳回理由）"


@dataclass(slots=True)
class StoredExchange:
    """An exchange as the import compares it: stored (with its pk) or new from the file."""

    pk: int | None
    teacher_id: int
    from_school_id: int
    to_school_id: int
    start_date: datetime.date
    planned_end: datetime.date
    kind: str
    status: str
    establishment_moved: bool
    community_id: int | None
    notes: list


# What a file row may change of a stored record; the rest is which record it is.
COMPARED = ["kind", "planned_end", "establishment_moved", "status", "community_id", "notes"]
NEW_EXCHANGE_FIELDS = ["teacher_id", "from_school_id", "to_school_id", "start_date", *COMPARED, "reject_reason"]


def stored_exchanges(teacher_ids) -> Iterator[StoredExchange]:
    rows = Exchange.objects.order_by().values_list(
        "pk",
        "teacher_id",
        "from_school_id",
        "to_school_id",
        "start_date",
        "planned_end",
        "kind",
        "status",
        "establishment_moved",
        "community_id",
        "notes",
    )
    return (StoredExchange(*row) for row in in_batches(rows, "teacher_id", teacher_ids))


def record_for(candidates: list[StoredExchange], status: str) -> StoredExchange | None:
    """Which stored record a file row is: the same teacher, schools and start date may
    have been filed, withdrawn and filed again; prefer the one in the row's status, then
    one that holds time, then the latest (a record new from this file last of all)."""
    for wanted in (lambda e: e.status == status, lambda e: e.status in Exchange.LIVE, lambda e: True):
        matching = [e for e in candidates if wanted(e)]
        if matching:
            return max(matching, key=lambda e: e.pk or 0)
    return None


def new_exchange_row(exchange: StoredExchange) -> tuple:
    """The values of NEW_EXCHANGE_FIELDS for a record the file adds."""
    reject_reason = IMPORTED_REJECTION if exchange.status == Exchange.Status.REJECTED else ""
    return (*(getattr(exchange, f) for f in NEW_EXCHANGE_FIELDS[:-1]), reject_reason)


def save_changes(changed: dict[int, StoredExchange]) -> None:
    """The few stored records a file changes, saved whole, each with its history record."""
    for exchange in in_batches(Exchange.objects.all(), "pk", list(changed)):
        for field_name in COMPARED:
            setattr(exchange, field_name, getattr(changed[exchange.pk], field_name))
        if exchange.status == Exchange.Status.REJECTED and not exchange.reject_reason:
            exchange.reject_reason = IMPORTED_REJECTION
        exchange._history_user = acting_user()
        exchange.save()
        progress.advance(progress.WRITTEN)


class FileCommunities:
    """The communities of each 学年 a file touches, read once per 学年."""

    def __init__(self):
        self._schools = {}  # 学年 -> communities_by_school
        self._type_and_core = types_and_cores()
        self._roster_years = sorted({year for _, year in self._type_and_core})

    def shared(self, from_id: int, to_id: int, year: int) -> int | None:
        if year not in self._schools:
            self._schools[year] = communities_by_school(year)
        return shared_community_id(from_id, to_id, year, self._schools[year])

    def has_roster(self, year: int) -> bool:
        return roster_year_among(self._roster_years, year) is not None

    def type_and_core(self, community_id: int, year: int) -> tuple[str, int]:
        return self._type_and_core[community_id, roster_year_among(self._roster_years, year)]
