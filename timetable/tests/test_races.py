"""Two core heads entering clashing sessions at the same moment (real parallel requests):
one is kept, the other told of the clash. Each writer checks the whole term, so the term's
lock makes the second wait for the first (on SQLite the write transaction already does)."""

import pytest
from django.urls import reverse

from conftest import make_community, make_school
from schools.models import Stage
from teachers.models import Teacher
from teachers.tests.test_races import in_parallel, logged_in
from timetable.models import Session

from .builders import head_of, term_community

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_clashing_sessions_entered_at_once_keep_one():
    community, core, members = term_community()
    middle = make_school("瑞安市陶山镇中学", district="陶山")
    second = make_community(core, [middle], year=2022, type="cooperative", segment=Stage.MIDDLE).community
    head_of(core, "core")
    teacher = Teacher.objects.get(school=core)

    def enter(target, listener, listener_class, lead_class):
        client = logged_in("core")
        url = reverse("portal:timetable", args=[target.pk]) + "?year=2022&term=1"
        fields = {
            "weekday": "1",
            "start_time": "08:00",
            "end_time": "08:40",
            "subject": "语文",
            "lead_school": core.pk,
            "lead_class": lead_class,
            "lead_teacher": teacher.staff_id,
            "first_week": "1",
            "last_week": "18",
            "listener_school_1": listener.pk,
            "listener_class_1": listener_class,
        }
        return client.post(url, fields, follow=True).content.decode()

    pages = in_parallel(
        lambda: enter(community, members[0], "三(2)班", "三(1)班"),
        lambda: enter(second, middle, "七(1)班", "七(5)班"),
    )
    assert Session.objects.count() == 1
    assert sorted("同步课堂已加入课表" in page for page in pages) == [False, True]
    assert any("冲突" in page and f"主讲教师{teacher.name}" in page for page in pages)
