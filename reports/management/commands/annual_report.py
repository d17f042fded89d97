from django.core.management.base import BaseCommand

from reports.annual_report import write_annual_report


class Command(BaseCommand):
    help = "导出年度报表（教共体名单、覆盖与类型、教师交流、Z值与奖励、特岗津贴），一个 Excel 工作簿。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="学年，如 2022")
        parser.add_argument("--output", required=True, help="输出的 .xlsx 文件路径")

    def handle(self, *args, **options):
        write_annual_report(options["year"], options["output"])
        self.stdout.write(f"已导出 {options['year']}学年年度报表：{options['output']}")
