"""Heads mark next 学年's volunteers, those who should not go (with a reason) and the
subjects they lack; the bureau sets what a 协作型 core sends and its weights; the plan
reads them all."""

import datetime

import pytest
from django.urls import reverse

from conftest import make_community, make_school
from jiaogongti.school_year import current_school_year
from planner.models import CommunityObligation, PlanningWeights, SubjectGap, TeacherIntention
from planner.plans import propose
from schools.accounts import account_upsert
from teachers.models import Teacher

pytestmark = pytest.mark.django_db
NEXT = current_school_year() + 1


def staff(school, prefix, subjects):
    return [
        Teacher.objects.create(
            staff_id=f"{prefix}{n}", name=f"{prefix}老师{n}", school=school, subject=s, hire_date=datetime.date(2010, 9, 1)
        )
        for n, s in enumerate(subjects)
    ]


@pytest.fixture
def county(client):
    core, member = make_school("核心校", district="直属"), make_school("成员校")
    community = make_community(core, [member], year=2021, type="co_built").community
    core_staff, member_staff = staff(core, "C", ["数学"] * 20), staff(member, "M", ["数学"] * 20)  # 20 在职: 2 to exchange
    user = account_upsert(username="head", password="a-long-Password-2021", role="school_head", school_name=member.name).user
    client.force_login(user)
    return client, core, member, community, core_staff, member_staff


def test_a_head_marks_volunteers_and_the_unsuitable_with_a_reason_and_the_plan_follows(county):
    client, core, member, community, core_staff, member_staff = county
    url = reverse("portal:planning", args=[member.pk])
    assert f"{NEXT}学年交流意向" in client.get(url).content.decode()
    refused = client.post(url, {"teacher": member_staff[3].pk, "choice": "unsuitable", "reason": " "}, follow=True)
    assert "不宜交流须写明理由" in refused.content.decode() and not TeacherIntention.objects.exists()
    for teacher, choice, reason in [(member_staff[3], "unsuitable", "毕业班班主任"), (member_staff[7], "volunteer", "")]:
        client.post(url, {"teacher": teacher.pk, "choice": choice, "reason": reason})
        client.post(url, {"teacher": teacher.pk, "choice": choice, "reason": reason})  # sent twice: stored once
    assert TeacherIntention.objects.filter(school_year=NEXT).count() == 2
    # Another school's teacher is not this head's to mark.
    other = client.post(url, {"teacher": core_staff[0].pk, "choice": "volunteer"}, follow=True)
    assert "不是本校在职教师" in other.content.decode()

    plan = propose(NEXT)
    (move,) = [m for m in plan.solved.moves if m.from_school_id == member.pk]
    assert move.teacher_id == member_staff[7].pk and "自愿报名" in move.why
    assert {c.id: c.unavailable for c in plan.inputs.candidates}[member_staff[3].pk] == "不宜交流"
    # Taken back: nothing stored.
    client.post(url, {"teacher": member_staff[7].pk, "choice": ""})
    assert not TeacherIntention.objects.filter(teacher=member_staff[7]).exists()


def test_a_heads_subject_gap_is_kept_changed_and_cleared(county):
    client, core, member, *_ = county
    url = reverse("portal:planning", args=[member.pk])
    client.post(url, {"action": "gap", "subject": " 美术 ", "count": "2"})
    client.post(url, {"action": "gap", "subject": "美术", "count": "3"})
    assert list(SubjectGap.objects.values_list("school_year", "subject", "count")) == [(NEXT, "美术", 3)]
    bad = client.post(url, {"action": "gap", "subject": "音乐", "count": "abc"}, follow=True)
    assert "缺几人应为 0 至 99" in bad.content.decode()
    assert {s.id: s.gaps for s in propose(NEXT).inputs.schools}[member.pk] == {"美术": 3}
    client.post(url, {"action": "gap", "subject": "美术", "count": "0"})
    assert not SubjectGap.objects.exists()


def test_the_bureau_sets_a_cooperative_cores_sending_and_the_weights_per_year(county):
    client, core, member, community, *_ = county
    community.years.update(type="cooperative")
    CommunityObligation.objects.create(school_year=NEXT, community=community, core_sends=3)
    PlanningWeights.objects.create(from_year=NEXT - 1, volunteer=9)
    plan = propose(NEXT)
    (obligation,) = plan.solved.obligations
    assert (obligation.needed, obligation.planned) == (3, 3)
    assert len(plan.solved.moves) == 3
    from planner.intentions import weights_for

    assert weights_for(NEXT).volunteer == 9 and weights_for(NEXT - 2).volunteer == 4  # the defaults before any row


def test_a_members_lagging_subject_draws_a_core_teacher_of_that_subject(county):
    from evaluation.models import SchoolResult, SubjectScore
    from evaluation.zscore import recompute_year, subject_lags

    client, core, member, *_ = county
    last = NEXT - 1
    for school, average in [(member, 50.0), (core, 80.0)]:
        result = SchoolResult.objects.create(school_year=last, school=school, stage="primary", graduating_classes=2)
        SubjectScore.objects.create(result=result, subject="数学", candidates=40, average=average, std_dev=5.0)
    recompute_year(last)
    # 15 points below the county's 65, whose standard deviation over both schools is 15.8.
    assert subject_lags(last) == {member.pk: {"数学": pytest.approx(0.949, abs=0.001)}}
    plan = propose(NEXT)
    assert {s.id: s.lagging for s in plan.inputs.schools}[member.pk] == {"数学": pytest.approx(0.949, abs=0.001)}
    assert any("成员校数学学科Z值落后" in move.why for move in plan.solved.moves)
