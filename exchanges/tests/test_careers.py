"""What an exchange does for a teacher's career (domain.md, "A teacher's years"; 五·(一)–(四)),
each rule by name, and the pages that show it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities.models import Community
from conftest import make_community, make_school, set_district_rate
from exchanges.careers import career_of, inflow_excellent_quota, record_appraisal
from exchanges.models import AppraisalGrade, Exchange
from policy.figures import RUIAN_PLAN, row_values
from policy.models import PolicyYear
from schools.accounts import account_upsert
from teachers.models import PostGrade, Teacher
from teachers.register import move_teacher
from teachers.tests.builders import D, exchange

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    """A 城区 core school, a 镇区 and a 乡村 member (the 乡村 one in a 山区 学区), 共建型 from 2021."""
    core = make_school("城区核心校", district="直属", locality="urban", ownership="public", stage="primary")
    town = make_school("镇区成员校", district="塘下", locality="town", ownership="public", stage="primary")
    village = make_school("乡村成员校", district="高楼", locality="rural", ownership="public", stage="primary")
    set_district_rate(village.district, 800, mountain=True)
    make_community(core, [town, village], year=2021, type="co_built")
    return core, town, village


def test_rural_experience_counts_months_at_rural_schools_and_city_to_town_exchanges_as_such(county):
    core, town, village = county
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=core, hire_date=D(2020, 9, 1))
    exchange(teacher, town, D(2021, 9, 1), D(2022, 8, 31), status="finished")  # 12 months 视同
    exchange(teacher, village, D(2022, 9, 1), D(2023, 2, 28), status="finished")  # 6 months at a 乡村 school
    months = career_of(teacher, D(2023, 8, 31)).months
    assert (months.rural, months.deemed_rural, months.rural_experience) == (6, 12, 18)
    assert (months.member, months.mountain, months.total) == (18, 6, 36)


def test_a_town_to_town_exchange_is_not_rural_experience(county):
    core, town, village = county
    other_town = make_school("另一镇区学校", district="塘下", locality="town", ownership="public", stage="primary")
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=other_town, hire_date=D(2020, 9, 1))
    exchange(teacher, town, D(2021, 9, 1), D(2022, 8, 31), status="finished", from_school=other_town)
    assert career_of(teacher, D(2022, 8, 31)).months.rural_experience == 0


def test_the_months_follow_the_teachers_schools_over_time_and_stop_when_they_leave(county):
    core, town, village = county
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=village, hire_date=D(2019, 9, 1))
    move_teacher(teacher, core, D(2021, 9, 1))  # two years at the 乡村 school, then the city
    teacher.refresh_from_db()
    teacher.left_on, teacher.leaving_reason = D(2022, 8, 31), "retired"
    career = career_of(teacher, D(2030, 1, 1))
    assert (career.months.rural, career.months.total, career.on) == (24, 36, D(2022, 8, 31))


def test_a_lower_post_grade_after_a_co_built_exchange_is_a_note(county):
    core, town, village = county
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=town, hire_date=D(2010, 9, 1))
    term = exchange(teacher, core, D(2021, 9, 1), D(2022, 8, 31), status="finished", from_school=town)
    Exchange.objects.filter(pk=term.pk).update(community=Community.objects.get(core_school=core))  # as filed
    PostGrade.objects.create(teacher=teacher, level=9, since=D(2018, 1, 1))
    PostGrade.objects.create(teacher=teacher, level=10, since=D(2022, 9, 1))
    (step,) = career_of(teacher, D(2023, 1, 1)).steps
    assert (step.grade_before.level, step.grade_after.level, step.grade_fell) == (9, 10, True)
    assert "岗位等级由专业技术九级降为专业技术十级" in career_of(teacher, D(2023, 1, 1)).notes[0]


def test_a_higher_post_grade_after_an_exchange_is_no_note(county):
    core, town, village = county
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=town, hire_date=D(2010, 9, 1))
    exchange(teacher, core, D(2021, 9, 1), D(2022, 8, 31), status="finished", from_school=town)
    PostGrade.objects.create(teacher=teacher, level=9, since=D(2018, 1, 1))
    PostGrade.objects.create(teacher=teacher, level=8, since=D(2022, 9, 1))
    assert career_of(teacher, D(2023, 1, 1)).notes == []


def test_the_receiving_school_grades_its_exchange_teachers_within_the_inflow_excellent_quota(county):
    core, town, village = county
    PolicyYear.objects.update_or_create(from_year=2021, defaults=row_values(RUIAN_PLAN))  # base 15 % + 5
    staff = [Teacher.objects.create(staff_id=f"T{i}", name=f"老师{i}", school=town) for i in range(7)]
    terms = [exchange(teacher, core, D(2021, 9, 1), D(2024, 8, 31), from_school=town) for teacher in staff]
    assert inflow_excellent_quota(core, 2021) == 1  # 7 × 20 % = 1.4
    record_appraisal(terms[0], 2021, AppraisalGrade.EXCELLENT)
    with pytest.raises(ValidationError, match="优秀”名额为 1 名"):
        record_appraisal(terms[1], 2021, AppraisalGrade.EXCELLENT)
    record_appraisal(terms[1], 2021, AppraisalGrade.COMPETENT)
    record_appraisal(terms[0], 2021, AppraisalGrade.EXCELLENT)  # the same one again: still within
    with pytest.raises(ValidationError, match="不在本校交流"):
        record_appraisal(terms[2], 2019, AppraisalGrade.COMPETENT)


def test_the_heads_pages_show_the_career_and_print_the_certificate(client, county):
    core, town, village = county
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=core, hire_date=D(2020, 9, 1))
    exchange(teacher, village, D(2021, 9, 1), D(2022, 8, 31), status="finished", from_school=core)
    head = account_upsert(username="head", password="a-long-Password-2021", role="school_head", school_name=core.name).user
    client.force_login(head)
    page = client.get(reverse("portal:teacher", args=[core.pk, teacher.pk])).content.decode()
    assert "城区核心校 → 乡村成员校" in page and "农村学校任教经历合计" in page
    certificate = client.get(reverse("portal:teacher_certificate", args=[core.pk, teacher.pk])).content.decode()
    assert "交流任教经历证明" in certificate and "瑞安市教育局（盖章）" in certificate
    assert "在乡村学校任教 1 年（12 个月）" in certificate
    # Another school's head sees nothing of them.
    other = account_upsert(username="other", password="a-long-Password-2021", role="school_head", school_name=town.name).user
    client.force_login(other)
    assert client.get(reverse("portal:teacher", args=[town.pk, teacher.pk])).status_code == 404


def test_the_bureau_opens_a_teachers_career_and_certificate_in_the_admin(bureau_client, county):
    core, town, village = county
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=core, hire_date=D(2020, 9, 1))
    assert "任职与交流经历" in bureau_client.get(reverse("admin:teachers_teacher_change", args=[teacher.pk])).content.decode()
    career = bureau_client.get(reverse("admin:exchanges_teacher_career", args=[teacher.pk])).content.decode()
    assert "城区核心校" in career and 'id="certificate-link"' in career
    assert bureau_client.get(reverse("admin:exchanges_teacher_certificate", args=[teacher.pk])).status_code == 200
    assert bureau_client.get(reverse("admin:exchanges_teacher_career", args=[999999])).status_code == 404


def test_a_head_records_the_yearly_grade_of_a_teacher_exchanged_to_the_school(client, county):
    core, town, village = county
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=town)
    term = exchange(teacher, core, D(2021, 9, 1), D(2024, 8, 31), from_school=town)
    head = account_upsert(username="head", password="a-long-Password-2021", role="school_head", school_name=core.name).user
    client.force_login(head)
    url = reverse("portal:appraisals", args=[core.pk]) + "?year=2021"
    assert "张老师" in client.get(url).content.decode()
    page = client.post(url, {"exchange": term.pk, "grade": "competent"}, follow=True).content.decode()
    assert "已记录张老师" in page and term.appraisals.get().grade == "competent"
    assert client.post(url, {"exchange": "abc", "grade": "competent"}).status_code == 404
