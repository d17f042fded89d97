"""Periods are counted by the calendar (domain.md, "A teacher's years"): one year runs to the
same day a year later, three years to the third anniversary, a leap day included; never
blocks of 365 days."""

import datetime

from jiaogongti.dates import anniversary, last_day_of_years

D = datetime.date


def test_rule_a_year_runs_to_the_same_day_a_year_later():
    assert anniversary(D(2021, 9, 1), 1) == D(2022, 9, 1)
    assert last_day_of_years(D(2021, 9, 1), 3) == D(2024, 8, 31)  # 1,096 days: 2024 has a 29 February
    assert (last_day_of_years(D(2021, 9, 1), 3) - D(2021, 9, 1)).days + 1 == 1096


def test_rule_a_leap_day_start_completes_at_the_end_of_february():
    assert anniversary(D(2024, 2, 29), 1) == D(2025, 3, 1)
    assert last_day_of_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert last_day_of_years(D(2024, 2, 29), 4) == D(2028, 2, 28)  # 2028 is a leap year: the 29th begins the fifth
    assert anniversary(D(2024, 2, 29), 4) == D(2028, 2, 29)


def test_rule_month_ends_stay_month_ends():
    assert anniversary(D(2023, 1, 31), 1) == D(2024, 1, 31)
    assert last_day_of_years(D(2023, 3, 1), 1) == D(2024, 2, 29)
