"""The clock: what runs by itself, when."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from jobs.scheduling import catch_up, make_scheduler
from teachers.tasks import advance_exchanges_daily


def test_the_calendar_task_is_scheduled_every_day_ten_past_midnight_in_the_bureaus_time():
    (job,) = make_scheduler().get_jobs()
    assert job.id == advance_exchanges_daily.name and job.func == advance_exchanges_daily.enqueue
    shanghai = ZoneInfo("Asia/Shanghai")
    after = datetime.datetime(2026, 12, 1, 23, 0, tzinfo=shanghai)
    assert job.trigger.get_next_fire_time(None, after) == datetime.datetime(2026, 12, 2, 0, 10, tzinfo=shanghai)


@pytest.mark.django_db
def test_starting_the_scheduler_catches_up_at_once(monkeypatch):
    """A day the machine was off: the first thing a started scheduler does is queue each task."""
    queued = []
    monkeypatch.setattr(type(advance_exchanges_daily), "enqueue", lambda task, *a, **k: queued.append(task.name))
    catch_up()
    assert queued == [advance_exchanges_daily.name]
