from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.lists import ScoreList
from evaluation.models import SubjectScore
from jiaogongti.exporting import write_workbook
from schools.lists import SchoolList
from teachers.lists import ExchangeList, TeacherList

LISTS = {"schools": SchoolList, "teachers": TeacherList, "exchanges": ExchangeList, "scores": ScoreList}


class Command(BaseCommand):
    help = "导出学校、教师、交流记录或成绩清单（.xlsx），列与对应的导入相同，改后可直接导回。"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(LISTS), help="schools、teachers、exchanges 或 scores")
        parser.add_argument("--output", required=True, help="写入的 .xlsx 文件")
        parser.add_argument("--year", type=int, help="成绩的学年（只用于 scores）")

    def handle(self, *args, kind, output, year, **options):
        if not output.lower().endswith(".xlsx"):
            raise CommandError(f"--output「{output}」应是 .xlsx 文件。")
        if year is not None and kind != "scores":
            raise CommandError("--year 只用于 scores（成绩）。")
        sheet = ScoreList(SubjectScore.objects.filter(result__school_year=year)) if year else LISTS[kind]()
        write_workbook([sheet], output)
        self.stdout.write(f"已导出到 {Path(output).resolve()}")
