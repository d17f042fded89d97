"""Fixtures the report tests share."""

import datetime

import pytest

from conftest import make_community, make_school, set_district_rate
from exchanges.models import Exchange
from teachers.models import Teacher

D = datetime.date


@pytest.fixture
def county_2022():
    """学年 2022: a 共建型 community whose 高楼 member (800 元/月) has twelve teachers, one on exchange."""
    core = make_school("瑞安市实验小学", district="直属", locality="urban", ownership="public", stage="primary")
    gaolou = make_school("瑞安市高楼镇中心小学", district="高楼", locality="rural", ownership="public", stage="primary")
    other = make_school("瑞安市高楼镇枫岭小学", district="高楼", locality="rural", ownership="public", stage="primary")
    set_district_rate(gaolou.district, 800)
    make_community(core, [gaolou], year=2022, type="co_built")
    staff = [Teacher.objects.create(staff_id=f"M{i}", name=f"成员{i}", school=gaolou, hire_date=D(2010, 9, 1)) for i in range(12)]
    Exchange.objects.create(
        teacher=staff[0],
        from_school=gaolou,
        to_school=core,
        kind="rotation",
        status="in_progress",
        start_date=D(2022, 9, 1),
        planned_end=D(2025, 8, 31),
    )
    return core, gaolou, other, staff
