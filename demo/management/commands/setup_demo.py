import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from communities.models import RosterPlan
from communities.roster import import_roster
from jiaogongti.school_year import current_school_year, school_year_start
from schools.accounts import account_upsert
from schools.models import School
from teachers.models import Exchange, Teacher
from teachers.services import exchange_approve, exchange_file, exchange_start

ROSTER_2021 = Path(settings.BASE_DIR) / "fixtures" / "ruian_roster_2021.csv"
DEMO_BUREAU = ("bureau", "jgt-demo-2021")
DEMO_HEAD = ("head", "jgt-demo-2021", "瑞安市塘下镇第二小学")
DEMO_CORE = "瑞安市第二实验小学"
# 演示数据: clearly fake teachers, so nobody mistakes them for real staff.
DEMO_TEACHERS = [
    ("DEMO0001", "演示教师甲", DEMO_HEAD[2], "语文", Teacher.Title.INTERMEDIATE, datetime.date(2015, 9, 1)),
    ("DEMO0002", "演示教师乙", DEMO_HEAD[2], "数学", Teacher.Title.JUNIOR, datetime.date(2021, 9, 1)),
    ("DEMO0003", "演示教师丙", DEMO_HEAD[2], "英语", Teacher.Title.SENIOR, datetime.date(2008, 9, 1)),
    ("DEMO0004", "演示教师丁", DEMO_CORE, "科学", Teacher.Title.SENIOR, datetime.date(2010, 9, 1)),
]


class Command(BaseCommand):
    help = "载入 2021学年名单（实施方案附件2）并创建演示账号。可重复执行。"

    def handle(self, *args, **options):
        self.stdout.write(str(import_roster(str(ROSTER_2021), year=2021)))
        # The plan's own text: 2021年我市组建教共体小学30个，初中（含九年一贯制）23个.
        RosterPlan.objects.update_or_create(
            school_year=2021,
            defaults={"primary_count": 30, "middle_count": 23, "source": "瑞安市实施方案 三、建设模式"},
        )
        username, password = DEMO_BUREAU
        account_upsert(username=username, password=password, role="bureau")
        head, head_password, head_school = DEMO_HEAD
        account_upsert(username=head, password=head_password, role="school_head", school_name=head_school)
        self._demo_teachers_and_exchange()
        self.stdout.write(
            "\n演示账号（仅供试用，教师与交流记录均为演示数据）：\n"
            f"  市教育局：用户名 {username}  密码 {password}  → http://127.0.0.1:8000/admin/\n"
            f"  校长（{head_school}）：用户名 {head}  密码 {head_password}  → http://127.0.0.1:8000/portal/\n"
        )

    def _demo_teachers_and_exchange(self):
        for staff_id, name, school, subject, title, hired in DEMO_TEACHERS:
            Teacher.objects.update_or_create(
                staff_id=staff_id,
                defaults={
                    "name": name,
                    "school": School.objects.get(name=school),
                    "subject": subject,
                    "title": title,
                    "hire_date": hired,
                },
            )
        member, core = School.objects.get(name=DEMO_HEAD[2]), School.objects.get(name=DEMO_CORE)
        # A filing waiting for the bureau, starting this 学年 ...
        filed = Teacher.objects.get(staff_id="DEMO0003")
        if not Exchange.objects.filter(teacher=filed).exists():
            exchange_file(
                teacher=filed, to_school=core, kind=Exchange.Kind.ROTATION, start_date=school_year_start(current_school_year())
            )
        # ... and a core-school teacher whose three-year term ends within 90 days.
        visiting = Teacher.objects.get(staff_id="DEMO0004")
        if not Exchange.objects.filter(teacher=visiting).exists():
            ends = timezone.localdate() + datetime.timedelta(days=60)
            exchange = exchange_file(
                teacher=visiting,
                to_school=member,
                kind=Exchange.Kind.SUPPORT,
                start_date=ends.replace(year=ends.year - 3) + datetime.timedelta(days=1),
            )
            exchange_start(exchange_approve(exchange))
