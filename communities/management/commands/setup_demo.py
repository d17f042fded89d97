from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from communities.models import RosterPlan
from communities.roster import import_roster
from schools.accounts import account_upsert

ROSTER_2021 = Path(settings.BASE_DIR) / "fixtures" / "ruian_roster_2021.csv"
DEMO_BUREAU = ("bureau", "jgt-demo-2021")


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
        self.stdout.write(
            "\n演示账号（仅供试用）：\n"
            f"  市教育局：用户名 {username}  密码 {password}  → http://127.0.0.1:8000/admin/\n"
        )
