"""The roster file, a 学年's whole list in the 附件2 layout (jiaogongti.import_kinds)."""

from django import forms

from jiaogongti.import_kinds import ImportKind, register
from jobs.uploads import UploadForm

from .roster import RosterTemplate, import_roster


class RosterUploadForm(UploadForm):
    year = forms.IntegerField(
        label="学年", min_value=2000, max_value=2100, help_text="如 2021 表示 2021学年。文件即为该学年的完整名单。"
    )
    field_order = ["year", "file", "dry_run"]


ROSTER = register(
    ImportKind(
        name="roster",
        upload_url="admin:communities_roster_import",
        title="导入教共体名单（附件2格式）",
        importer=import_roster,
        template=RosterTemplate(),
        help_text="格式同实施方案附件2：先是分节标题“一、小学：”，接表头 序号 | 学区 | 成员校（校区） | 学区 | 核心校 | 拟建类型，"
        "再是数据行；核心校和拟建类型为空的行属于上一行的教共体。"
        "上传的文件即为该学年的完整名单；任一行有误则整份不导入。",
        asks=("year",),
        form_class=RosterUploadForm,
    )
)
