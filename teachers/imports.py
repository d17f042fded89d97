"""The teacher file (jiaogongti.import_kinds)."""

from jiaogongti.import_kinds import ImportKind, register

from .importer import import_teachers, teacher_file
from .lists import TeacherList

TEACHERS = register(
    ImportKind(
        name="teachers",
        upload_url="admin:teachers_teacher_import",
        title="导入教师",
        importer=import_teachers,
        template=teacher_file.TEMPLATE,
        help_text="表头：工号 | 姓名 | 学校 | 学科 | 职称 | 入职日期，可另加一列“编制学校”（不填则与学校相同）。工号为键，重复导入只更新。"
        "身份证号等长工号请在 Excel 中把该列设为“文本”，否则 Excel 会丢失位数。",
        list_sheet=TeacherList,
    )
)
