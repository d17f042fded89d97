"""The activity file (jiaogongti.import_kinds)."""

from jiaogongti.import_kinds import ImportKind, register

from .importer import TEMPLATE, import_activities
from .lists import ActivityList

ACTIVITIES = register(
    ImportKind(
        name="activities",
        upload_url="admin:teamwork_activity_import",
        title="导入教共体活动",
        importer=import_activities,
        template=TEMPLATE,
        help_text="表头：教共体 | 日期 | 类别 | 形式 | 主办学校 | 参与学校 | 教师人次 | 学生人次 | 主题。"
        "同一教共体、日期、类别、主办学校和主题为同一项活动，重复导入不会增加。",
        list_sheet=ActivityList,
    )
)
