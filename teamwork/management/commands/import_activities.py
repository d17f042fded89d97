from jobs.commands import ImportCommand
from teamwork.importer import import_activities


class Command(ImportCommand):
    help = "导入教共体活动（教共体 | 日期 | 类别 | 形式 | 主办学校 | 参与学校 | 教师人次 | 学生人次 | 主题）。"
    title = "导入教共体活动"
    importer = staticmethod(import_activities)
