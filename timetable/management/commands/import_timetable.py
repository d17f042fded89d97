from jobs.commands import ImportCommand
from timetable.importer import import_timetable


class Command(ImportCommand):
    help = (
        "导入某学年某学期的同步课堂一张表（教共体 | 星期 | 开始时间 | 结束时间 | 学科 | 主讲学校 | 主讲班级 | 主讲教师 | "
        "听课学校 | 听课班级 | 起始周 | 结束周）；替换文件中各教共体该学期的课表。"
    )
    title = "导入同步课堂一张表"
    importer = staticmethod(import_timetable)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True, help="学年，如 2022 表示 2022学年")
        parser.add_argument("--term", type=int, required=True, choices=[1, 2], help="学期：1 或 2")

    def importer_options(self, options) -> dict:
        return {"year": options["year"], "term": options["term"]}
