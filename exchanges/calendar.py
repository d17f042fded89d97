"""The calendar moves exchanges (contracts.md, `advance_exchanges`): an approved exchange
whose start date has come goes 进行中, a running one whose planned end has passed ends
(期满归队), each through the very services a clerk's click uses, so the 编制 moves as it
would and the history says the system did it, and why. Run every day by the scheduler
(`exchanges.tasks.advance_exchanges_daily`); a second run the same day changes nothing."""

import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError

from jiaogongti.history import changes_because

from .models import Exchange
from .services import exchange_finish, exchange_start

STARTED = "系统按日期自动更新：开始日期已到"
FINISHED = "系统按日期自动更新：计划结束日期已过（期满归队）"


class Advanced(NamedTuple):
    started: list[Exchange]
    finished: list[Exchange]


def advance_exchanges(today: datetime.date) -> Advanced:
    # Started first: an approved exchange whose whole term is past ends in the same run.
    started = _move_each(Exchange.objects.filter(status=Exchange.Status.APPROVED, start_date__lte=today), exchange_start, STARTED)
    finished = _move_each(
        Exchange.objects.filter(status=Exchange.Status.IN_PROGRESS, planned_end__lt=today), exchange_finish, FINISHED
    )
    return Advanced(started, finished)


def _move_each(due, move, reason: str) -> list[Exchange]:
    """Each in a transaction of its own (the service's): one the bureau changed meanwhile is
    left as they left it, and the others still move."""
    moved = []
    with changes_because(reason):
        for exchange in due.select_related("teacher", "from_school", "to_school").order_by("start_date", "pk"):
            try:
                move(exchange)
            except ValidationError:
                continue  # its status changed since it was read: nothing is due any more
            moved.append(exchange)
    return moved
