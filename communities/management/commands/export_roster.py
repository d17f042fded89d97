from django.core.management.base import BaseCommand

from communities.roster import RosterSheet
from jiaogongti.exporting import write_workbook


class Command(BaseCommand):
    help = "导出某学年的教共体名单（附件2格式，可再导入）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="学年，如 2021")
        parser.add_argument("--output", required=True, help="输出的 .xlsx 文件路径")

    def handle(self, *args, **options):
        write_workbook([RosterSheet(options["year"])], options["output"])
        self.stdout.write(f"已导出 {options['year']}学年名单：{options['output']}")
