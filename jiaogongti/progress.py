"""How far a long piece of work has got, for whoever watches it (a background job's page).

Importers and the report call `advance(stage)` as they go, and work that counts no rows
(the planner) says what it is doing with `step(text)`; outside a job nobody listens and it
costs one context-variable read. A job installs a `Reporter` with `reporting()`:
it publishes the counts every half second and raises `Cancelled` there when the job was
cancelled, so a transaction in progress rolls back and the database stays as it was.
"""

import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

READ, CHECKED, WRITTEN = "read", "checked", "written"
STEP = "step"  # beside the counts: the step the work is at, as text
STAGE_LABELS = {READ: "已读取", CHECKED: "已检查", WRITTEN: "已写入"}
PUBLISH_EVERY = 0.5  # seconds


class Cancelled(Exception):
    """The job was cancelled while it ran; nothing it did in its transaction is kept."""


class Reporter:
    def __init__(self, publish: Callable[[dict], None], cancel_requested: Callable[[], bool]):
        self.counts = {READ: 0, CHECKED: 0, WRITTEN: 0}
        self.step = ""  # what the work is doing now, in the words of whoever watches
        self._publish = publish
        self._cancel_requested = cancel_requested
        self._last = 0.0

    def advance(self, stage: str, count: int) -> None:
        self.counts[stage] += count
        if time.monotonic() - self._last >= PUBLISH_EVERY:
            self._publish_now()

    def say(self, step: str) -> None:
        # Published at once: a step is said rarely, and may be followed by a long silence
        # (the planner solving one group) in which the page must not show the one before.
        self.step = step
        self._publish_now()

    def _publish_now(self) -> None:
        self._last = time.monotonic()
        self.flush()
        if self._cancel_requested():
            raise Cancelled()

    def flush(self) -> None:
        self._publish({**self.counts, STEP: self.step})


_current: ContextVar[Reporter | None] = ContextVar("progress_reporter", default=None)


def advance(stage: str, count: int = 1) -> None:
    reporter = _current.get()
    if reporter is not None:
        reporter.advance(stage, count)


def step(text: str) -> None:
    """Where the work has got, in Chinese for the job's page (published as `advance` is)."""
    reporter = _current.get()
    if reporter is not None:
        reporter.say(text)


@contextmanager
def reporting(reporter: Reporter):
    token = _current.set(reporter)
    try:
        yield reporter
    finally:
        _current.reset(token)
        reporter.flush()
