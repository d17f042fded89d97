"""The teacher and exchange files (jiaogongti.import_kinds)."""

from jiaogongti.import_kinds import ImportKind, register

from .importer import exchange_columns, import_exchanges, import_teachers, teacher_file
from .lists import ExchangeList, TeacherList

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

EXCHANGES = register(
    ImportKind(
        name="exchanges",
        upload_url="admin:teachers_exchange_import",
        title="导入历年交流记录",
        importer=import_exchanges,
        template=exchange_columns.TEMPLATE,
        help_text="表头：工号 | 派出学校 | 接收学校 | 类型 | 开始日期 | 结束日期 | 迁编 | 状态。结束日期不填则按"
        "开始日期所在学年的交流轮岗年限计算。新的交流请由学校在门户中申报。",
        list_sheet=ExchangeList,
    )
)
