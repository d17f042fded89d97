"""The 同步课堂 "一张表" (issue: the communities' own work, 6): sessions at clock times,
entered by the core school, clashes refused across every community of the term."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_community, make_school
from schools.models import Stage
from teachers.models import Teacher
from timetable.models import Session, TermDates
from timetable.sessions import SessionDraft, session_add
from timetable.terms import lesson_day, term_dates

from .builders import head_of, term_community

pytestmark = pytest.mark.django_db
T = datetime.time
EIGHT, EIGHT_FORTY = T(8, 0), T(8, 40)


def draft(
    lead_school,
    teacher,
    listeners,
    *,
    weekday=1,
    start=EIGHT,
    end=EIGHT_FORTY,
    weeks=(1, 18),
    lead_class="三(1)班",
    subject="语文",
):
    return SessionDraft(weekday, start, end, subject, lead_school, lead_class, teacher, *weeks, listeners)


def test_rule_term_weeks_begin_on_the_first_monday_unless_the_bureau_sets_dates():
    assert term_dates(2022, 1)[0] == datetime.date(2022, 9, 5)  # 1 September 2022 was a Thursday
    assert term_dates(2022, 2)[0] == datetime.date(2023, 2, 20)  # 15 February 2023 was a Wednesday
    TermDates.objects.create(school_year=2022, term=2, first_day=datetime.date(2023, 2, 8), weeks=19)
    assert term_dates(2022, 2) == (datetime.date(2023, 2, 8), 19)
    # Week 1 begins on a Wednesday: its Monday lesson is the Monday after.
    assert lesson_day(datetime.date(2023, 2, 8), 1, 1) == datetime.date(2023, 2, 13)
    assert lesson_day(datetime.date(2022, 9, 5), 3, 5) == datetime.date(2022, 9, 23)


def test_rule_the_same_teacher_twice_at_overlapping_times_is_a_clash():
    community, core, members = term_community()
    teacher = Teacher.objects.get(school=core)
    session_add(community=community, year=2022, term=1, draft=draft(core, teacher, [(members[0], "三(2)班")]))
    with pytest.raises(ValidationError) as refused:
        later = draft(core, teacher, [(members[1], "四(1)班")], start=T(8, 30), end=T(9, 10), lead_class="四(3)班")
        session_add(community=community, year=2022, term=1, draft=later)
    (message,) = refused.value.messages
    assert message.startswith("这节课与已有的「") and "主讲教师" in message and "第1–18周星期一 08:30–08:40" in message
    assert Session.objects.count() == 1


def test_rule_the_same_class_of_a_school_twice_is_a_clash_even_written_differently():
    community, core, members = term_community()
    teachers = list(Teacher.objects.filter(school=core)) + [Teacher.objects.get(school=members[0])]
    session_add(community=community, year=2022, term=1, draft=draft(core, teachers[0], [(members[0], "三(2)班")]))
    with pytest.raises(ValidationError, match="瑞安市塘下镇第二小学三（2）班在第1–18周"):
        # The member's class listens to one lesson and is led in another at the same time.
        session_add(
            community=community,
            year=2022,
            term=1,
            draft=draft(members[0], teachers[1], [(core, "五(1)班")], lead_class="三（2）班"),
        )


def test_rule_no_clash_when_times_weeks_or_days_only_touch():
    community, core, members = term_community()
    teacher = Teacher.objects.get(school=core)
    session_add(community=community, year=2022, term=1, draft=draft(core, teacher, [(members[0], "三(2)班")]))
    for later in [
        draft(core, teacher, [(members[0], "三(2)班")], start=T(8, 40), end=T(9, 20)),  # right after
        draft(core, teacher, [(members[0], "三(2)班")], weeks=(19, 20)),  # later weeks
        draft(core, teacher, [(members[0], "三(2)班")], weekday=2),  # another day
    ]:
        session_add(community=community, year=2022, term=1, draft=later)
    assert Session.objects.count() == 4


def test_rule_clashes_are_found_across_communities_of_the_term():
    """A core school may lead two communities (its primary and its middle section): its
    teacher cannot teach both at once."""
    community, core, members = term_community()
    middle_member = make_school("瑞安市陶山镇中学", district="陶山")
    second = make_community(core, [middle_member], year=2022, type="cooperative", segment=Stage.MIDDLE).community
    teacher = Teacher.objects.get(school=core)
    session_add(community=community, year=2022, term=1, draft=draft(core, teacher, [(members[0], "三(2)班")]))
    with pytest.raises(ValidationError) as refused:
        session_add(
            community=second, year=2022, term=1, draft=draft(core, teacher, [(middle_member, "七(1)班")], lead_class="七(5)班")
        )
    (message,) = refused.value.messages
    assert (
        f"已有的「{community.code}（瑞安市第二实验小学教共体）星期一 08:00–08:40 语文" in message
        and f"主讲教师{teacher.name}" in message
    )
    assert not Session.objects.filter(community=second).exists()
    # In another term the same hour is free.
    session_add(
        community=second, year=2022, term=2, draft=draft(core, teacher, [(middle_member, "七(1)班")], lead_class="七(5)班")
    )


def test_rule_a_session_is_of_the_communitys_schools_and_its_lead_school_teacher():
    community, core, members = term_community()
    member_teacher = Teacher.objects.get(school=members[0])
    with pytest.raises(ValidationError) as refused:
        session_add(
            community=community,
            year=2022,
            term=1,
            draft=draft(core, member_teacher, [], start=T(9, 0), end=T(8, 0), weeks=(5, 3)),
        )
    assert refused.value.messages == [
        f"主讲教师{member_teacher.name}（{member_teacher.staff_id}）不是瑞安市第二实验小学的教师。",
        "至少要有一个听课班级。",
        "开始时间 09:00 应早于结束时间 08:00。",
        "起始周 5、结束周 3 应在第 1 至 30 周之间，且起始周不晚于结束周。",
    ]


def session_post(**fields):
    return {
        "weekday": "1",
        "start_time": "08:00",
        "end_time": "08:40",
        "subject": "语文",
        "lead_class": "三(1)班",
        "first_week": "1",
        "last_week": "18",
        "listener_class_1": "三(2)班",
        **fields,
    }


def test_the_core_head_enters_the_table_and_a_clash_is_explained(client):
    community, core, members = term_community()
    client.force_login(head_of(core, "core"))
    url = reverse("portal:timetable", args=[community.pk]) + "?year=2022&term=1"
    fields = session_post(lead_school=core.pk, lead_teacher="T001", listener_school_1=members[0].pk)
    response = client.post(url, fields, follow=True).content.decode()
    assert "同步课堂已加入课表" in response
    clash = session_post(
        lead_school=core.pk,
        lead_teacher="T001",
        listener_school_1=members[1].pk,
        listener_class_1="一(1)班",
        lead_class="二(1)班",
    )
    page = client.post(url, clash).content.decode()
    assert "这节课与已有的「" in page and "主讲教师" in page and Session.objects.count() == 1
    page = client.get(url).content.decode()
    assert "瑞安市塘下镇第二小学三（2）班" in page and "第 1–18 周（18 节）" in page


def test_a_members_head_sees_the_table_but_does_not_enter_it(client):
    community, core, members = term_community()
    client.force_login(head_of(members[0], "member"))
    url = reverse("portal:timetable", args=[community.pk]) + "?year=2022&term=1"
    assert client.get(url).status_code == 200 and "加入一节同步课堂" not in client.get(url).content.decode()
    fields = session_post(lead_school=core.pk, lead_teacher="T001", listener_school_1=members[0].pk)
    assert client.post(url, fields).status_code == 403 and not Session.objects.exists()


def test_a_head_outside_the_community_gets_404(client):
    community, core, members = term_community()
    other = term_community(core_name="瑞安市安阳实验中学", members=("瑞安市飞云中学",), prefix="S")[1]
    client.force_login(head_of(other, "other"))
    assert client.get(reverse("portal:timetable", args=[community.pk])).status_code == 404


def test_a_session_with_recorded_lessons_is_not_deleted(client):
    community, core, members = term_community(year=2021)
    session = session_add(
        community=community, year=2021, term=1, draft=draft(core, Teacher.objects.get(school=core), [(members[0], "三(2)班")])
    )
    session.lessons.create(week=1, held=True)
    client.force_login(head_of(core, "core"))
    page = client.post(reverse("portal:session_delete", args=[community.pk, session.pk]), follow=True).content.decode()
    assert "已有 1 次开课记录，不能删除" in page and Session.objects.exists()


def test_rule_a_class_does_not_listen_to_itself():
    community, core, members = term_community()
    teacher = Teacher.objects.get(school=core)
    with pytest.raises(ValidationError, match="听课班级不能是主讲班级本身"):
        session_add(community=community, year=2022, term=1, draft=draft(core, teacher, [(core, "三（1）班")]))
