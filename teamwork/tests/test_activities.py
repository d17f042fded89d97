"""Activities (issue: the communities' own work, 3): any school head of the community
records one their school hosted; the same one twice is refused; counts against the plan."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_community, make_school
from schools.accounts import account_upsert
from teamwork.models import Activity, ActivityCategory, CommunityPlan, PlannedActivities

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Password-2021"


@pytest.fixture
def team(activity_categories):
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学", district="塘下")
    community = make_community(core, [member], year=2021, type="co_built").community
    head = account_upsert(username="head", password=PASSWORD, role="school_head", school_name=member.name).user
    return community, core, member, head


def record(client, community, **fields):
    data = {"mode": "on_site", "teacher_count": "12", "pupil_count": "0", **fields}
    return client.post(reverse("portal:activity_new", args=[community.pk]), data, follow=True).content.decode()


def test_a_member_head_records_an_activity_of_their_school_once(client, team):
    community, core, member, head = team
    client.force_login(head)
    today = timezone.localdate()
    lesson_prep = ActivityCategory.objects.get(name="集体备课")
    fields = {"date": today.isoformat(), "category": lesson_prep.pk, "schools": [core.pk], "topic": "三年级语文单元备课"}
    assert "活动已记录" in record(client, community, **fields)
    activity = Activity.objects.get()
    assert (activity.host_school, list(activity.schools.all()), activity.topic) == (member, [core], "三年级语文单元备课")
    assert "这项活动已经记录过" in record(client, community, **fields)
    assert Activity.objects.count() == 1


def test_the_communitys_page_counts_activities_against_the_plan(client, team):
    community, core, member, head = team
    lesson_prep = ActivityCategory.objects.get(name="集体备课")
    year = timezone.localdate().year if timezone.localdate().month >= 9 else timezone.localdate().year - 1
    plan = CommunityPlan.objects.create(community=community, school_year=year, goals="目标")
    PlannedActivities.objects.create(plan=plan, category=lesson_prep, count=4)
    client.force_login(head)
    record(client, community, date=timezone.localdate().isoformat(), category=lesson_prep.pk, topic="单元备课")
    page = client.get(reverse("portal:community", args=[community.pk]), {"year": year}).content.decode()
    assert '<td data-label="类别">集体备课</td><td data-label="计划">4</td><td data-label="已开展">1</td>' in page


def test_a_head_outside_the_community_cannot_record_for_it(client, team):
    community, core, member, head = team
    stranger = make_school("瑞安市飞云中学", district="飞云")
    client.force_login(account_upsert(username="other", password=PASSWORD, role="school_head", school_name=stranger.name).user)
    assert client.get(reverse("portal:activity_new", args=[community.pk])).status_code == 404


def test_rule_another_communitys_school_may_take_part_but_not_host(client, team):
    """附件1 一·(四): communities host each other's schools; the host is of the community."""
    from django.core.exceptions import ValidationError

    from teamwork.activities import activity_record

    community, core, member, head = team
    outsider = make_school("瑞安市飞云中学", district="飞云")
    fields = dict(
        community=community,
        date=datetime.date(2022, 3, 1),
        category=ActivityCategory.objects.first(),
        mode="online",
        teacher_count=1,
        pupil_count=0,
        topic="网络教研",
    )
    activity = activity_record(host_school=member, schools=[outsider], **fields)
    assert list(activity.schools.all()) == [outsider]
    with pytest.raises(ValidationError, match="主办学校「瑞安市飞云中学」在 2021学年不是本教共体的学校"):
        activity_record(host_school=outsider, schools=[], **{**fields, "topic": "另一次"})


def test_two_identical_submissions_at_once_store_one_and_tell_the_other(team, monkeypatch):
    """The second passes the check before the first is stored: the database's constraint
    refuses it, and the head is told it is already recorded."""
    from django.core.exceptions import ValidationError

    from teamwork import activities

    community, core, member, head = team
    fields = dict(
        community=community,
        host_school=member,
        date=datetime.date(2022, 3, 1),
        category=ActivityCategory.objects.first(),
        mode="online",
        schools=[],
        teacher_count=1,
        pupil_count=0,
        topic="网络教研",
    )
    activities.activity_record(**fields)
    monkeypatch.setattr(activities, "already_recorded", lambda *args: False)  # as if both checked at once
    with pytest.raises(ValidationError, match="这项活动已经记录过"):
        activities.activity_record(**fields)
    assert Activity.objects.count() == 1
