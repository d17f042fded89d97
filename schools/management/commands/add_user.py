import os
from getpass import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from schools.accounts import account_upsert
from schools.models import Account


class Command(BaseCommand):
    help = "创建或更新门户账号。密码取自环境变量 JGT_PASSWORD，未设置时交互输入（不接受命令行参数）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Account.Role.values)
        parser.add_argument("--school", default="", help="校长账号所属学校的完整名称")
        parser.add_argument("--district", default="", help="学区账号所属学区")

    def handle(self, *args, **options):
        password = os.environ.get("JGT_PASSWORD")
        if not password:
            if not os.isatty(0):
                raise CommandError("请通过环境变量 JGT_PASSWORD 提供密码。")
            password = getpass("密码：")
            if password != getpass("再次输入密码："):
                raise CommandError("两次输入的密码不一致。")
        try:
            account = account_upsert(
                username=options["username"],
                password=password,
                role=options["role"],
                school_name=options["school"],
                district_name=options["district"],
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(f"账号已就绪：{account}")
