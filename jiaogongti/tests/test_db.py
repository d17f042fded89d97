import datetime

import pytest
from django.db import connection

from conftest import make_school
from jiaogongti.db import IMPORT_PAGE_CACHE_KIB, DayNumber, day_number, statistics_kept_up
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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE and its figures are PostgreSQL's")
def test_the_tables_an_import_fills_are_analysed_as_they_fill():
    make_school("甲校")
    make_school("乙校")
    assert [chunk for chunk in statistics_kept_up([[1], [2], [3]], School)] == [[1], [2], [3]]
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [School._meta.db_table])
        assert cursor.fetchone()[0] == School.objects.count() == 2


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
