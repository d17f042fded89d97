"""The school registry's file (jiaogongti.import_kinds)."""

from jiaogongti.import_kinds import ImportKind, register

from .importer import TEMPLATE, import_schools
from .lists import SchoolList

SCHOOLS = register(
    ImportKind(
        name="schools",
        upload_url="admin:schools_school_import",
        title="导入学校名录",
        importer=import_schools,
        template=TEMPLATE,
        help_text="表头：学校 | 学区 | 学段 | 城乡 | 办学性质 | 所属学校（可另加 小规模 | 寄宿制 | 薄弱，填 是/否）。"
        "以学校名称为准，已有的学校会被更新，不会重复。",
        list_sheet=SchoolList,
    )
)
