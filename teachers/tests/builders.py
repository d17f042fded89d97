"""Small builders the rule tests share."""

import datetime

from exchanges.models import Exchange
from teachers.models import Teacher

D = datetime.date


def teachers_of(school, count, prefix):
    return [Teacher.objects.create(staff_id=f"{prefix}{i}", name=f"{prefix}{i}", school=school) for i in range(count)]


def exchange(teacher, to_school, start, end, status="in_progress", kind="rotation", from_school=None):
    return Exchange.objects.create(
        teacher=teacher,
        from_school=from_school or teacher.school,
        to_school=to_school,
        kind=kind,
        start_date=start,
        planned_end=end,
        status=status,
        reject_reason="不符合条件" if status == "rejected" else "",
    )
