import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import date_format

from exchanges.calendar import advance_exchanges


class Command(BaseCommand):
    help = "按日期推进交流状态：开始日期已到的“已批准”转为“进行中”，计划结束日期已过的“进行中”转为“已结束（期满归队）”。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按这一天推进（YYYY-MM-DD），用于补跑；默认今天")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(f"--today「{options['today']}」应写成 YYYY-MM-DD，如 2024-09-01。") from error
        advanced = advance_exchanges(today)
        self.stdout.write(
            f"{date_format(today)}：{len(advanced.started)} 条交流转为进行中，{len(advanced.finished)} 条交流期满结束。"
        )
        for label, exchanges in (("开始", advanced.started), ("结束", advanced.finished)):
            for exchange in exchanges:
                self.stdout.write(
                    f"  {label}：{exchange.teacher.name}（{exchange.teacher.staff_id}）{exchange.from_school} → {exchange.to_school}"
                )
