"""The calendar moves exchanges (contracts.md, `advance_exchanges`), each rule by name."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from exchanges.calendar import FINISHED, STARTED, advance_exchanges
from exchanges.models import Exchange
from teachers.models import Teacher

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def teacher(schools):
    core, member = schools
    return Teacher.objects.create(staff_id="T1", name="张老师", school=member)


def approved(teacher, to_school, start, end, moved=True):
    return Exchange.objects.create(
        teacher=teacher,
        from_school=teacher.school,
        to_school=to_school,
        kind="rotation",
        start_date=start,
        planned_end=end,
        establishment_moved=moved,
        status="approved",
    )


def test_an_approved_exchange_starts_on_its_start_date_and_its_establishment_goes_along(schools, teacher):
    core, member = schools
    exchange = approved(teacher, core, D(2024, 9, 1), D(2027, 8, 31))
    assert advance_exchanges(D(2024, 8, 31)) == ([], [])
    advanced = advance_exchanges(D(2024, 9, 1))
    assert [e.pk for e in advanced.started] == [exchange.pk] and advanced.finished == []
    exchange.refresh_from_db()
    teacher.refresh_from_db()
    assert exchange.status == "in_progress" and teacher.establishment_school_id == core.id


def test_a_running_exchange_ends_the_day_after_its_planned_end_and_the_establishment_comes_back(schools, teacher):
    core, member = schools
    exchange = approved(teacher, core, D(2024, 9, 1), D(2027, 8, 31))
    advance_exchanges(D(2024, 9, 1))
    assert advance_exchanges(D(2027, 8, 31)).finished == []  # its last day: still running
    assert [e.pk for e in advance_exchanges(D(2027, 9, 1)).finished] == [exchange.pk]
    exchange.refresh_from_db()
    teacher.refresh_from_db()
    assert exchange.status == "finished" and teacher.establishment_school_id == member.id


def test_an_approved_exchange_whose_term_is_past_passes_through_running_to_finished_in_one_run(schools, teacher):
    core, member = schools
    exchange = approved(teacher, core, D(2021, 9, 1), D(2022, 8, 31))
    advanced = advance_exchanges(D(2024, 9, 1))
    assert [e.pk for e in advanced.started] == [exchange.pk] == [e.pk for e in advanced.finished]
    exchange.refresh_from_db()
    teacher.refresh_from_db()
    assert exchange.status == "finished" and teacher.establishment_school_id == member.id
    statuses = list(exchange.history.order_by("history_date", "history_id").values_list("status", flat=True))
    assert statuses == ["approved", "in_progress", "finished"]


def test_a_second_run_the_same_day_changes_nothing(schools, teacher):
    core, member = schools
    approved(teacher, core, D(2024, 9, 1), D(2027, 8, 31))
    advance_exchanges(D(2024, 9, 1))
    records = Exchange.history.count()
    assert advance_exchanges(D(2024, 9, 1)) == ([], [])
    assert Exchange.history.count() == records


def test_only_approved_and_running_exchanges_move(schools, teacher):
    core, member = schools
    filed = approved(teacher, core, D(2021, 9, 1), D(2022, 8, 31))
    Exchange.objects.filter(pk=filed.pk).update(status="filed")
    assert advance_exchanges(D(2024, 9, 1)) == ([], [])
    assert Exchange.objects.get(pk=filed.pk).status == "filed"


def test_the_history_says_the_system_moved_it_and_why(schools, teacher):
    core, member = schools
    exchange = approved(teacher, core, D(2021, 9, 1), D(2022, 8, 31))
    advance_exchanges(D(2024, 9, 1))
    moves = exchange.history.exclude(status="approved").order_by("history_date", "history_id")
    assert [(m.history_user_id, m.history_change_reason) for m in moves] == [(None, STARTED), (None, FINISHED)]
    reasons = set(teacher.history.exclude(history_type="+").values_list("history_change_reason", flat=True))
    assert reasons == {STARTED, FINISHED}  # the 编制 went and came back, by the calendar


def test_the_command_prints_what_it_moved_and_refuses_a_date_it_cannot_read(schools, teacher, capsys):
    core, member = schools
    approved(teacher, core, D(2024, 9, 1), D(2027, 8, 31))
    call_command("advance_exchanges", "--today", "2024-09-01")
    out = capsys.readouterr().out
    assert "1 条交流转为进行中，0 条交流期满结束" in out and "开始：张老师（T1）" in out
    with pytest.raises(CommandError, match="应写成 YYYY-MM-DD"):
        call_command("advance_exchanges", "--today", "2024/9/1")


def test_the_daily_task_moves_what_is_due_today(schools, teacher):
    from exchanges.tasks import advance_exchanges_daily

    core, member = schools
    exchange = approved(teacher, core, D(2021, 9, 1), D(2022, 8, 31))  # long over, by any today
    advance_exchanges_daily.enqueue()  # the tests' queue runs it at once
    exchange.refresh_from_db()
    assert exchange.status == "finished"
