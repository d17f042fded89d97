"""名师工作室 (issue: the communities' own work, 5): a lead teacher by 工号, members from the
community's schools, its activities."""

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_community, make_school
from jiaogongti.school_year import current_school_year
from schools.accounts import account_upsert
from teachers.models import Teacher
from teamwork.models import Activity, ActivityCategory, Studio

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Password-2021"


@pytest.fixture
def team(activity_categories):
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学", district="塘下")
    outsider = make_school("瑞安市飞云中学", district="飞云")
    community = make_community(core, [member], year=current_school_year(), type="co_built").community
    for staff_id, name, school in [("T001", "王名师", core), ("T002", "李青年", member), ("T009", "赵外校", outsider)]:
        Teacher.objects.create(staff_id=staff_id, name=name, school=school, establishment_school=school)
    head = account_upsert(username="core", password=PASSWORD, role="school_head", school_name=core.name).user
    member_head = account_upsert(username="member", password=PASSWORD, role="school_head", school_name=member.name).user
    return community, head, member_head


def studio_form(**fields):
    return {
        "name": "王名师语文工作室",
        "subject": "语文",
        "lead_staff_id": "T001",
        "member_staff_ids": "T002",
        "goals": "",
        **fields,
    }


def test_the_core_head_sets_up_a_studio_with_its_lead_and_members_by_staff_id(client, team):
    community, head, member_head = team
    client.force_login(head)
    response = client.post(
        reverse("portal:studio_new", args=[community.pk]), studio_form(member_staff_ids="T002、T002 T001"), follow=True
    )
    assert "已保存" in response.content.decode()
    studio = Studio.objects.get()
    assert studio.lead.staff_id == "T001" and [t.staff_id for t in studio.members.all()] == ["T002"]
    page = client.get(reverse("portal:community", args=[community.pk])).content.decode()
    assert "王名师语文工作室" in page and "李青年（瑞安市塘下镇第二小学）" in page


def test_rule_studio_teachers_are_of_the_communitys_schools(client, team):
    community, head, member_head = team
    client.force_login(head)
    page = client.post(
        reverse("portal:studio_new", args=[community.pk]), studio_form(member_staff_ids="T009、T404")
    ).content.decode()
    assert "成员赵外校（T009）是瑞安市飞云中学的教师，不在本教共体的学校中。" in page
    assert "成员工号「T404」不在教师名录中。" in page and not Studio.objects.exists()


def test_a_members_head_sees_studios_but_does_not_set_them_up(client, team):
    community, head, member_head = team
    client.force_login(member_head)
    assert client.post(reverse("portal:studio_new", args=[community.pk]), studio_form()).status_code == 403
    assert not Studio.objects.exists()


def test_a_studios_activity_is_recorded_as_its_own(client, team):
    community, head, member_head = team
    client.force_login(head)
    client.post(reverse("portal:studio_new", args=[community.pk]), studio_form())
    studio = Studio.objects.get()
    data = {
        "date": timezone.localdate().isoformat(),
        "category": ActivityCategory.objects.get(name="名师讲座").pk,
        "mode": "online",
        "teacher_count": "30",
        "pupil_count": "0",
        "topic": "整本书阅读教学",
        "studio": studio.pk,
    }
    client.post(reverse("portal:activity_new", args=[community.pk]), data)
    assert Activity.objects.get().studio == studio
    page = client.get(reverse("portal:community", args=[community.pk])).content.decode()
    assert '<td data-label="活动">1 次</td>' in page


def test_the_bureau_cannot_give_a_studio_an_outside_member_in_the_admin(bureau_client, team):
    community, head, member_head = team
    outsider = Teacher.objects.get(staff_id="T009")
    lead = Teacher.objects.get(staff_id="T001")
    data = {
        "community": community.pk,
        "name": "工作室",
        "lead": lead.pk,
        "members": [outsider.pk],
        "founded_year": current_school_year(),
        "subject": "",
        "goals": "",
    }
    page = bureau_client.post(reverse("admin:teamwork_studio_add"), data).content.decode()
    assert "不在本教共体的学校中" in page and not Studio.objects.exists()
