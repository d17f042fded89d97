"""A term's 同步课堂 一张表 file (jiaogongti.import_kinds)."""

from django import forms

from jiaogongti.import_kinds import ImportKind, register
from jobs.uploads import UploadForm

from .importer import TEMPLATE, import_timetable
from .lists import SessionList


class TimetableUploadForm(UploadForm):
    year = forms.IntegerField(label="学年", min_value=2000, max_value=2100, help_text="如 2022 表示 2022学年")
    term = forms.TypedChoiceField(label="学期", coerce=int, choices=[(1, "第一学期"), (2, "第二学期")])
    field_order = ["year", "term", "file", "dry_run"]


TIMETABLE = register(
    ImportKind(
        name="timetable",
        upload_url="admin:timetable_session_import",
        title="导入同步课堂一张表",
        importer=import_timetable,
        template=TEMPLATE,
        help_text="表头：教共体 | 星期 | 开始时间 | 结束时间 | 学科 | 主讲学校 | 主讲班级 | 主讲教师 | 听课学校 | 听课班级 | 起始周 | 结束周。"
        "文件替换其中各教共体该学期的课表，其他教共体不变；与全市本学期课表冲突（同一教师或同一班级同时两节）的行会被指出，整份不导入。",
        asks=("year", "term"),
        form_class=TimetableUploadForm,
        list_sheet=SessionList,
    )
)
