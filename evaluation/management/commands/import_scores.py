from evaluation.importer import import_scores
from jobs.commands import ImportCommand


class Command(ImportCommand):
    help = "导入教学质量考核成绩（学年 | 学段 | 学校 | 科目 | 参考人数 | 平均分 | 标准差 | 毕业班数），并重新计算 Z值。"
    title = "导入考核成绩"
    importer = staticmethod(import_scores)
