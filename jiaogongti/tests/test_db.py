import datetime

import pytest
from django.db import connection

from conftest import make_school
from jiaogongti import db
from jiaogongti.db import IMPORT_PAGE_CACHE_KIB, DayNumber, day_number
from jiaogongti.importing import ImportResult, run_in_transaction
from schools.models import School
from teachers.models import Teacher

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "date",
    [datetime.date(1999, 12, 31), datetime.date(2000, 2, 29), datetime.date(2021, 9, 1), datetime.date(2100, 3, 1)],
)
def test_the_database_reads_a_date_as_the_day_number_python_gives_it(date):
    Teacher.objects.create(staff_id="T1", name="某老师", school=make_school("某小学"), hire_date=date)
    (read,) = Teacher.objects.values_list(DayNumber("hire_date"), flat=True)
    assert read == day_number(date) == date.toordinal()


def test_no_date_reads_as_no_day_number():
    Teacher.objects.create(staff_id="T1", name="某老师", school=make_school("某小学"))
    assert list(Teacher.objects.values_list(DayNumber("hire_date"), flat=True)) == [None]


class QueuedWrites:
    """What `statistics_kept_up` queues behind an import's writes, recorded."""

    def __init__(self, done: list):
        self.done = done

    def submit(self, keys, write, *args):
        self.done.append(("queued", write, *args))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE and its figures are PostgreSQL's")
def test_the_tables_an_import_fills_are_analysed_as_they_fill_behind_its_writes(monkeypatch):
    """After the 1st, 2nd, 4th … chunk, once enough rows passed; queued behind the writes.
    (Recorded, not run: what ANALYZE says of a table's size outlives a test's rollback.)"""
    monkeypatch.setattr(db, "ANALYZE_FROM_ROWS", 4)
    done = []
    chunks = [[n] * 2 for n in range(1, 6)]  # five chunks of two rows
    for chunk in db.statistics_kept_up(chunks, QueuedWrites(done), School):
        done.append(("chunk", chunk[0]))
    analysed = ("queued", db.analyze, (School,))
    # Not after the 1st (two rows), after the 2nd and the 4th; never before a chunk's write.
    assert done == [("chunk", 1), ("chunk", 2), analysed, ("chunk", 3), ("chunk", 4), analysed, ("chunk", 5)]


def test_a_small_import_leaves_the_figures_alone():
    queued = []
    assert list(db.statistics_kept_up([[1], [2]], QueuedWrites(queued), School)) == [[1], [2]]
    assert queued == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the page cache is SQLite's")
def test_an_import_holds_sqlite_page_cache_to_its_default_and_gives_the_connection_its_own_back():
    def page_cache():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return cursor.fetchone()[0]

    kept = page_cache()
    during = []
    run_in_transaction(lambda: during.append(page_cache()) or ImportResult("完成"), dry_run=True)
    assert during == [-IMPORT_PAGE_CACHE_KIB]
    assert page_cache() == kept
