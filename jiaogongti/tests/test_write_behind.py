"""`WriteBehind`: an import's writes one chunk behind its reads, on its own connection and
transaction, one at a time and in order; a read waits for the write in flight when they
name the same keys; the first error is the one raised."""

import threading
from contextvars import ContextVar

import pytest
from django.db import IntegrityError, connection, transaction

from conftest import make_school
from jiaogongti.write_behind import WriteBehind, _Turn
from schools.models import School

pytestmark = pytest.mark.django_db(transaction=False)
WAIT = 10  # seconds: far longer than any of these steps takes


def test_writes_run_in_order_one_at_a_time_in_the_callers_transaction():
    done = []

    def write(name):
        make_school(name)
        done.append(name)

    with transaction.atomic():
        with WriteBehind() as writes:
            for name in ["一校", "二校", "三校"]:
                writes.submit([name], write, name)
        assert done == ["一校", "二校", "三校"]
        assert School.objects.filter(name__in=done).count() == 3
        transaction.set_rollback(True)
    assert not School.objects.filter(name__in=done).exists()


def test_a_read_of_other_keys_goes_on_while_a_write_is_in_flight_and_of_the_same_keys_waits():
    release, finished = threading.Event(), threading.Event()

    def slow_write():
        release.wait(WAIT)
        finished.set()

    with transaction.atomic(), WriteBehind() as writes:
        writes.submit({"T001", "T002"}, slow_write)
        writes.wait_for({"T003"})  # other teachers: no wait
        assert not finished.is_set()
        threading.Timer(0.2, release.set).start()
        writes.wait_for({"T002", "T009"})
        assert finished.is_set()


def test_the_write_sees_the_callers_context():
    acting: ContextVar = ContextVar("acting", default=None)
    seen = []
    token = acting.set("教育局")
    try:
        with transaction.atomic(), WriteBehind() as writes:
            writes.submit([1], lambda: seen.append(acting.get()))
    finally:
        acting.reset(token)
    assert seen == ["教育局"]


def test_a_failed_write_is_what_is_raised_even_if_the_next_read_failed_after_it():
    def failing_write():
        raise IntegrityError("exchange_no_overlap")

    with pytest.raises(IntegrityError, match="exchange_no_overlap"):
        with transaction.atomic(), WriteBehind() as writes:
            writes.submit([1], failing_write)
            writes.wait_for([2])  # may or may not have seen it fail yet
            raise RuntimeError("a read on the connection the failed write left aborted")


def test_the_next_submit_raises_the_write_before_it():
    def failing_write():
        raise ValueError("第一块写入失败")

    with pytest.raises(ValueError, match="第一块写入失败"):
        with transaction.atomic(), WriteBehind() as writes:
            writes.submit([1], failing_write)
            writes.submit([2], lambda: pytest.fail("a write after a failed one must not run"))


@pytest.mark.django_db(transaction=True)
def test_it_belongs_to_a_transaction():
    with pytest.raises(RuntimeError):
        with WriteBehind():
            pass


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SET CONSTRAINTS is PostgreSQL's")
def test_foreign_keys_are_checked_as_each_write_ends_and_deferred_again_after():
    school = make_school("一校")

    def to_no_district():
        School.objects.filter(pk=school.pk).update(district_id=999_999)

    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic(), WriteBehind() as writes:
            writes.submit([1], to_no_district)
        with WriteBehind():
            pass
        to_no_district()  # deferred again: it would be refused only at the commit
        transaction.set_rollback(True)


def test_the_connections_turn_goes_to_whoever_asked_first_not_to_the_thread_that_just_had_it():
    turn = _Turn()
    order, asked = [], threading.Event()

    def reader():
        asked.set()
        with turn:
            order.append("reader")

    with turn:
        thread = threading.Thread(target=reader)
        thread.start()
        asked.wait(WAIT)
        while not turn._waiting:  # the reader is in line
            pass
    with turn:  # the writer, straight on to its next statement
        order.append("writer")
    thread.join(WAIT)
    assert order == ["reader", "writer"]
