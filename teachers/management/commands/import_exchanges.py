from jobs.commands import ImportCommand
from teachers.importer import import_exchanges


class Command(ImportCommand):
    help = "导入历年交流记录（工号 | 派出学校 | 接收学校 | 类型 | 开始日期 | 结束日期 | 迁编 | 状态）。"
    title = "导入历年交流记录"
    importer = staticmethod(import_exchanges)
