"""A community of a core school and three members, with a teacher at each, for the 一张表."""

from conftest import make_community, make_school
from schools.accounts import account_upsert
from teachers.models import Teacher

PASSWORD = "a-long-Password-2021"


def term_community(
    year=2022,
    core_name="瑞安市第二实验小学",
    members=("瑞安市塘下镇第二小学", "瑞安市陶山镇中心小学", "瑞安市湖岭镇中心小学"),
    prefix="T",
):
    core = make_school(core_name, district="直属")
    schools = [make_school(name, district="塘下") for name in members]
    community = make_community(core, schools, year=year, type="co_built").community
    for n, school in enumerate([core, *schools], start=1):
        Teacher.objects.create(
            staff_id=f"{prefix}{n:03d}", name=f"{school.name[3:5]}老师{n}", school=school, establishment_school=school
        )
    return community, core, schools


def head_of(school, username):
    return account_upsert(username=username, password=PASSWORD, role="school_head", school_name=school.name).user
