from assessment.importer import import_funds
from jobs.commands import ImportCommand


class Command(ImportCommand):
    help = "导入教共体经费拨付（学年 | 教共体 | 类别 | 拨付学校 | 金额（元） | 说明）；替换文件中各（学年, 教共体）的拨付记录。"
    title = "导入教共体经费"
    importer = staticmethod(import_funds)
