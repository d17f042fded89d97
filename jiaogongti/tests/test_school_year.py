import datetime

from jiaogongti.school_year import (
    school_year_end,
    school_year_months,
    school_year_of,
    school_year_start,
)


def test_school_year_starts_on_first_of_september():
    assert school_year_of(datetime.date(2021, 9, 1)) == 2021
    assert school_year_of(datetime.date(2021, 8, 31)) == 2020
    assert school_year_of(datetime.date(2022, 1, 15)) == 2021


def test_school_year_runs_to_thirty_first_of_august():
    assert school_year_start(2021) == datetime.date(2021, 9, 1)
    assert school_year_end(2021) == datetime.date(2022, 8, 31)


def test_school_year_has_twelve_months_from_september():
    months = school_year_months(2021)
    assert months[0] == datetime.date(2021, 9, 1)
    assert months[-1] == datetime.date(2022, 8, 1)
    assert len(months) == 12
