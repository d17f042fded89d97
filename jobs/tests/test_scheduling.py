"""The clock: what runs by itself, when."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from exchanges.tasks import advance_exchanges_daily
from inbox.tasks import notify_ending_soon_daily
from jobs.scheduling import catch_up, make_scheduler
from jobs.tasks import forget_old_submissions_daily


def test_the_daily_tasks_are_scheduled_after_midnight_in_the_bureaus_time():
    jobs = {job.id: job for job in make_scheduler().get_jobs()}
    daily = {advance_exchanges_daily.name, notify_ending_soon_daily.name, forget_old_submissions_daily.name}
    assert set(jobs) - {"reports.dashboard.warm_current_dashboard"} == daily
    shanghai = ZoneInfo("Asia/Shanghai")
    after = datetime.datetime(2026, 12, 1, 23, 0, tzinfo=shanghai)
    calendar, ending = jobs[advance_exchanges_daily.name], jobs[notify_ending_soon_daily.name]
    assert calendar.func == advance_exchanges_daily.enqueue
    assert calendar.trigger.get_next_fire_time(None, after) == datetime.datetime(2026, 12, 2, 0, 10, tzinfo=shanghai)
    # Told of terms ending soon after the calendar has moved the day's exchanges.
    assert ending.trigger.get_next_fire_time(None, after) == datetime.datetime(2026, 12, 2, 0, 20, tzinfo=shanghai)


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_is_worked_out_soon_after_a_change(settings, monkeypatch):
    """Every few seconds the scheduler looks whether the records changed since the current
    学年's dashboard was worked out, and works it out again, so no clerk waits for it."""
    from jiaogongti import figures_cache
    from reports import dashboard

    settings.JGT_KEEP_FIGURES = True
    warm = make_scheduler().get_job("reports.dashboard.warm_current_dashboard")
    assert warm.trigger.interval == datetime.timedelta(seconds=settings.JGT_KEEP_WARM_SECONDS)
    worked_out = []
    original = dashboard.dashboard
    monkeypatch.setattr(dashboard, "dashboard", lambda year: worked_out.append(year) or original(year))
    warm.func()
    warm.func()  # nothing changed: what was worked out is kept
    figures_cache.records_changed()
    warm.func()
    assert len(worked_out) == 2


@pytest.mark.django_db
def test_starting_the_scheduler_catches_up_at_once(monkeypatch):
    """A day the machine was off: the first thing a started scheduler does is queue each task."""
    queued = []
    monkeypatch.setattr(type(advance_exchanges_daily), "enqueue", lambda task, *a, **k: queued.append(task.name))
    catch_up()
    assert queued == [advance_exchanges_daily.name, notify_ending_soon_daily.name, forget_old_submissions_daily.name]


def test_stopping_the_scheduler_twice_is_quiet(monkeypatch):
    """Ctrl-C stops it, then `make run` sends TERM to everything: the second stop is no error."""
    import signal

    from jobs.management.commands.run_scheduler import Command

    handlers = {}
    monkeypatch.setattr(signal, "signal", lambda number, handler: handlers.setdefault(number, handler))
    monkeypatch.setattr("jobs.management.commands.run_scheduler.catch_up", lambda: None)

    def interrupted(scheduler):
        raise KeyboardInterrupt

    monkeypatch.setattr("apscheduler.schedulers.blocking.BlockingScheduler.start", interrupted)
    Command().handle()
    handlers[signal.SIGTERM]()  # after the interrupt: nothing raised
