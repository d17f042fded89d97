from jobs.commands import ImportCommand
from teachers.importer import import_teachers


class Command(ImportCommand):
    help = "导入教师（工号 | 姓名 | 学校 | 学科 | 职称 | 入职日期）。以工号为键，重复导入只更新。"
    title = "导入教师"
    importer = staticmethod(import_teachers)
