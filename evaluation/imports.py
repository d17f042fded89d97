"""The score file (jiaogongti.import_kinds)."""

from jiaogongti.import_kinds import ImportKind, register

from .importer import TEMPLATE, import_scores
from .lists import ScoreList

SCORES = register(
    ImportKind(
        name="scores",
        upload_url="admin:evaluation_scores_import",
        title="导入考核成绩",
        importer=import_scores,
        template=TEMPLATE,
        help_text="表头：学年 | 学段 | 学校 | 科目 | 参考人数 | 平均分 | 标准差 | 毕业班数，每校每科一行。"
        "学段填 小学 或 初中；标准差为该校学生该科成绩的总体标准差。导入后自动重新计算 Z值。",
        list_sheet=ScoreList,
    )
)
