from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.lists import ScoreList
from evaluation.models import SubjectScore
from jiaogongti.exporting import write_workbook
from jiaogongti.import_kinds import import_kinds


def exported_kinds() -> dict:
    """The import kinds whose records export back in the import's columns."""
    return {name: kind for name, kind in import_kinds().items() if kind.list_sheet}


class Command(BaseCommand):
    help = "导出清单（.xlsx），列与对应的导入相同，改后可直接导回：" + "、".join(exported_kinds()) + "。"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(exported_kinds()), help="、".join(exported_kinds()))
        parser.add_argument("--output", required=True, help="写入的 .xlsx 文件")
        parser.add_argument("--year", type=int, help="成绩的学年（只用于 scores）")

    def handle(self, *args, kind, output, year, **options):
        if not output.lower().endswith(".xlsx"):
            raise CommandError(f"--output「{output}」应是 .xlsx 文件。")
        if year is not None and kind != "scores":
            raise CommandError("--year 只用于 scores（成绩）。")
        sheet = ScoreList(SubjectScore.objects.filter(result__school_year=year)) if year else exported_kinds()[kind].list_sheet()
        write_workbook([sheet], output)
        self.stdout.write(f"已导出到 {Path(output).resolve()}")
