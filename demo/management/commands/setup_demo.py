import io
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from communities.models import RosterPlan
from communities.roster import import_roster
from communities.selectors import community_years_of
from demo import build
from demo.assessment import assessment_demo
from demo.facts import fill_in_unknown_facts
from demo.live import live_exchanges
from demo.story import closed_year_with_correction, raised_allowance, teachers_years
from demo.work import communities_work
from evaluation.importer import import_scores
from exchanges.calendar import advance_exchanges
from exchanges.importer import import_exchanges
from inbox.services import notify_ending_soon
from jiaogongti.school_year import current_school_year
from schools.accounts import account_upsert
from schools.models import School
from teachers.importer import import_teachers

ROSTER_2021 = Path(settings.BASE_DIR) / "fixtures" / "ruian_roster_2021.csv"
PASSWORD = "jgt-demo-2021"
DEMO_HEAD_SCHOOL = "瑞安市塘下镇第二小学"
DEMO_DISTRICT = "塘下"
INFERRED_LIST = "demo_inferred_school_facts.csv"


class Command(BaseCommand):
    help = "载入 2021学年名单（实施方案附件2）和演示数据（教师、历年交流、两年成绩，本学年的计划、活动、同步课堂），并创建演示账号。可重复执行。"

    def handle(self, *args, **options):
        self.stdout.write(str(import_roster(str(ROSTER_2021), year=2021)))
        # The plan's own text: 2021年我市组建教共体小学30个，初中（含九年一贯制）23个.
        RosterPlan.objects.update_or_create(
            school_year=2021,
            defaults={"primary_count": 30, "middle_count": 23, "source": "瑞安市实施方案 三、建设模式"},
        )
        self._inferred_facts()
        self._accounts()
        self._import("演示教师", import_teachers, build.TEACHER_HEADER, build.teacher_rows(self._schools()))
        today = timezone.localdate()
        self._import("演示交流记录", import_exchanges, build.EXCHANGE_HEADER, build.exchange_rows(today))
        years = [current_school_year() - 1, current_school_year()]
        self._import("演示成绩", import_scores, build.SCORE_HEADER, build.score_rows(years))
        live_exchanges(DEMO_HEAD_SCHOOL, today)
        for said in teachers_years(DEMO_HEAD_SCHOOL):
            self.stdout.write(f"演示任职经历：{said}")
        for said in communities_work(current_school_year(), today, DEMO_HEAD_SCHOOL):
            self.stdout.write(said)
        for said in assessment_demo(current_school_year()):
            self.stdout.write(said)
        advance_exchanges(today)
        notify_ending_soon(today)
        for said in raised_allowance(current_school_year()):
            self.stdout.write(f"演示政策参数：{said}")
        for said in closed_year_with_correction(current_school_year() - 1):
            self.stdout.write(f"演示归档：{said}")
        self.stdout.write(
            "\n以上教师、交流记录和成绩均为演示数据（姓名带“（演示）”，工号以 DEMO 开头），仅供试用。\n"
            "演示账号（密码均为 " + PASSWORD + "）：\n"
            "  市教育局：用户名 bureau  → http://127.0.0.1:8000/admin/\n"
            f"  {DEMO_DISTRICT}学区：用户名 tangxia  → http://127.0.0.1:8000/portal/\n"
            f"  校长（{DEMO_HEAD_SCHOOL}）：用户名 head  → http://127.0.0.1:8000/portal/\n"
            f"  核心校校长（{self._core_school_name()}，填写计划和同步课堂一张表）：用户名 core  → http://127.0.0.1:8000/portal/\n"
        )

    def _schools(self):
        return list(School.objects.select_related("district").order_by("name"))

    def _inferred_facts(self):
        inferred = fill_in_unknown_facts()
        if not inferred:
            return
        listed = Path(settings.JGT_DATA_DIR) / INFERRED_LIST
        listed.parent.mkdir(parents=True, exist_ok=True)
        labels = {**dict(School.Locality.choices), **dict(School._meta.get_field("stage").flatchoices)}
        rows = [[f.school, labels[f.stage], labels[f.locality]] for f in inferred]
        listed.write_bytes(b"\xef\xbb\xbf" + build.as_csv(["学校", "学段（推断）", "城乡（推断）"], rows))
        self.stdout.write(f"{len(inferred)} 所学校的学段、城乡由校名和学区推断（演示用），清单：{listed}")

    def _accounts(self):
        account_upsert(username="bureau", password=PASSWORD, role="bureau")
        account_upsert(username="tangxia", password=PASSWORD, role="district", district_name=DEMO_DISTRICT)
        account_upsert(username="head", password=PASSWORD, role="school_head", school_name=DEMO_HEAD_SCHOOL)
        # The head of the core school of the head's community: who writes its plan and 一张表.
        account_upsert(username="core", password=PASSWORD, role="school_head", school_name=self._core_school_name())

    def _core_school_name(self) -> str:
        (community_year,) = community_years_of(School.objects.get(name=DEMO_HEAD_SCHOOL), current_school_year())
        return community_year.community.core_school.name

    def _import(self, what: str, importer, header, rows):
        result = importer(io.BytesIO(build.as_csv(header, rows)), filename=f"{what}.csv")
        self.stdout.write(f"{what}：{result}")
