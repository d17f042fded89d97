from jobs.commands import ImportCommand
from schools.importer import import_schools


class Command(ImportCommand):
    help = "导入学校名录（学校 | 学区 | 学段 | 城乡 | 办学性质 | 所属学校）。以学校名称为键，重复导入只更新。"
    title = "导入学校名录"
    importer = staticmethod(import_schools)
