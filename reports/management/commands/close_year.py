from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jiaogongti.forms import FIRST_YEAR, LAST_YEAR
from jiaogongti.school_year import school_year_label
from reports.closing import close_year, reopen_year


class Command(BaseCommand):
    help = "归档一个学年：保存年度报表和数据看板当日的全部数据，此后该学年的报表按归档数据输出并列出归档后变化；--reopen 重新开放（须说明理由）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="学年，如 2022")
        parser.add_argument("--reopen", action="store_true", help="重新开放已归档的学年")
        parser.add_argument("--reason", default="", help="重新开放的理由（--reopen 时必填）")

    def handle(self, *args, **options):
        year = options["year"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(f"学年“{year}”无效（应为 {FIRST_YEAR} 至 {LAST_YEAR} 之间的年份）。")
        label = school_year_label(year)
        try:
            if options["reopen"]:
                reopen_year(year, reason=options["reason"])
                self.stdout.write(f"{label}已重新开放（理由：{options['reason'].strip()}）。再次归档时保存当日的数据。")
                return
            closed = close_year(year)
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from refused
        when = timezone.localtime(closed.closure.closed_at).strftime("%Y-%m-%d %H:%M")
        if closed.newly:
            sheets = closed.closure.sheets.count()
            self.stdout.write(f"{label}已归档（{when}），保存年度报表 {sheets} 个工作表和数据看板。")
        else:
            self.stdout.write(f"{label}已于 {when} 归档，本次未作改动。")
