"""What a teacher's departure does to their exchanges (the register's `teacher_left`)."""

from django.utils import timezone

from jiaogongti.history import changes_because
from teachers.departures import departure_reason
from teachers.models import Teacher

from .models import Exchange
from .services import exchange_end_early, exchange_shorten_for_departure, exchange_start, exchange_withdraw_for_departure


def end_exchanges_of(teacher: Teacher, **_sent) -> list[Exchange]:
    """The live exchanges of a teacher who has left that run past their last day: one not
    yet begun by then is withdrawn, one running over it ends on it, one approved but still
    to begin is shortened."""
    left_on, why = teacher.left_on, departure_reason(teacher.left_on, teacher.leaving_reason)
    changed = []
    with changes_because(why):
        for exchange in Exchange.objects.filter(
            teacher=teacher,
            status__in=[Exchange.Status.FILED, Exchange.Status.APPROVED, Exchange.Status.IN_PROGRESS],
            planned_end__gt=left_on,
        ).order_by("start_date"):
            if exchange.status == Exchange.Status.FILED or exchange.start_date > left_on:
                exchange_withdraw_for_departure(exchange)
            elif exchange.status == Exchange.Status.APPROVED and exchange.start_date > timezone.localdate():
                exchange_shorten_for_departure(exchange, last_day=left_on, reason=why)  # still to begin: the calendar starts it
            else:
                if exchange.status == Exchange.Status.APPROVED:
                    exchange_start(exchange)
                exchange_end_early(exchange, on=left_on, reason=why)
            changed.append(exchange)
    return changed
