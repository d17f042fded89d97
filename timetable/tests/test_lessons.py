"""研讨 after each synchronous class (issue: the communities' own work, 7): a lesson is held
or not; a held lesson's 同步教研 links to it; 开课率 and 研讨率 per community."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from teachers.models import Teacher
from teamwork.models import Activity
from timetable.lessons import lesson_discussed, lesson_mark, lesson_rates, lessons_of, scheduled_lesson_count
from timetable.models import Lesson, Session
from timetable.sessions import SessionDraft, session_add

from .builders import head_of, term_community

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(activity_categories):
    community, core, members = term_community(year=2021)
    teacher = Teacher.objects.get(school=core)
    draft = SessionDraft(
        2, datetime.time(9, 0), datetime.time(9, 40), "数学", core, "四（1）班", teacher, 1, 10, [(members[0], "四（2）班")]
    )
    return session_add(community=community, year=2021, term=1, draft=draft)


def test_a_sessions_lessons_fall_on_its_weekday_of_each_week(session):
    lessons = lessons_of(session)
    assert [lesson.week for lesson in lessons] == list(range(1, 11))
    assert lessons[0].day == datetime.date(2021, 9, 7)  # the Tuesday of week 1 (term began Monday 6 September)
    assert lessons[-1].day == datetime.date(2021, 11, 9)


def test_rule_a_held_lessons_discussion_is_a_sync_research_activity(session):
    lesson_mark(session, 1, held=True, user=None)
    activity = lesson_discussed(session, 1, topic="四年级数学同步课堂研讨", mode="online", teacher_count=8, user=None)
    assert (activity.category.name, activity.host_school, activity.date) == (
        "同步教研",
        session.lead_school,
        datetime.date(2021, 9, 7),
    )
    assert [s.name for s in activity.schools.all()] == ["瑞安市塘下镇第二小学"]
    assert Lesson.objects.get(week=1).discussion == activity
    with pytest.raises(ValidationError, match="已经记录过"):
        lesson_discussed(session, 1, topic="再来一次", mode="online", teacher_count=1, user=None)
    with pytest.raises(ValidationError, match="不能改为未开课"):
        lesson_mark(session, 1, held=False, user=None)


def test_rule_a_discussion_needs_a_held_lesson_and_a_lesson_must_be_due(session):
    lesson_mark(session, 2, held=False, user=None)
    with pytest.raises(ValidationError, match="请先登记这节课已开课"):
        lesson_discussed(session, 2, topic="研讨", mode="online", teacher_count=1, user=None)
    with pytest.raises(ValidationError, match="不在这节同步课堂的起止周"):
        lesson_mark(session, 11, held=True, user=None)


def test_rule_held_rate_and_discussed_rate(session):
    for week in (1, 2, 3, 4):
        lesson_mark(session, week, held=week != 4, user=None)
    lesson_discussed(session, 1, topic="研讨一", mode="online", teacher_count=5, user=None)
    rates = lesson_rates(2021)[session.community_id]
    assert (rates.due, rates.held, rates.discussed) == (10, 3, 1)  # the whole term is past
    assert (rates.held_percent, rates.discussed_percent) == (30, 33)
    assert scheduled_lesson_count(2021) == {session.community_id: 10}


def test_heads_of_the_sessions_schools_record_lessons_others_do_not(client, session):
    url = reverse("portal:session", args=[session.community_id, session.pk])
    client.force_login(head_of(session.listeners.get().school, "listener"))
    client.post(url, {"week": "1", "action": "held"})
    page = client.post(
        url, {"week": "1", "action": "discussed", "topic": "课后研讨", "mode": "on_site", "teacher_count": "6"}, follow=True
    )
    assert "第 1 周的同步教研已记录" in page.content.decode()
    assert Activity.objects.get().topic == "课后研讨"
    other_member = session.community.years.get().memberships.get(position=3).school
    client.force_login(head_of(other_member, "bystander"))  # a member not in this session
    assert client.get(url).status_code == 200
    assert client.post(url, {"week": "2", "action": "held"}).status_code == 403 and Lesson.objects.count() == 1


def test_a_mangled_week_is_told_not_an_error_page(client, session):
    client.force_login(head_of(session.lead_school, "lead"))
    url = reverse("portal:session", args=[session.community_id, session.pk])
    page = client.post(url, {"week": "abc", "action": "held"}, follow=True)
    assert page.status_code == 200 and "不在这节同步课堂的起止周" in page.content.decode() and not Lesson.objects.exists()


def test_rule_lessons_of_weeks_a_session_no_longer_has_do_not_count(session):
    for week in (1, 2, 3, 4):
        lesson_mark(session, week, held=True, user=None)
    Session.objects.filter(pk=session.pk).update(last_week=2)  # a new table ends it earlier
    rates = lesson_rates(2021)[session.community_id]
    assert (rates.due, rates.held, rates.held_percent) == (2, 2, 100)
