"""What happened to an exchange, for whoever wants to know (the inbox tells the people
concerned): sent once the change is committed, never for one rolled back."""

from django.db import transaction
from django.dispatch import Signal

# kwargs: exchange, event (one of EVENTS)
exchange_event = Signal()
FILED, APPROVED, REJECTED, WITHDRAWN, STARTED, ENDING = "filed", "approved", "rejected", "withdrawn", "started", "ending"


def announce(exchange, event: str) -> None:
    transaction.on_commit(lambda: exchange_event.send(sender=type(exchange), exchange=exchange, event=event))
