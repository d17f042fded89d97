"""The exchange file (jiaogongti.import_kinds)."""

from jiaogongti.import_kinds import ImportKind, register

from .importer import exchange_columns, import_exchanges
from .lists import ExchangeList

EXCHANGES = register(
    ImportKind(
        name="exchanges",
        upload_url="admin:exchanges_exchange_import",
        title="导入历年交流记录",
        importer=import_exchanges,
        template=exchange_columns.TEMPLATE,
        help_text="表头：工号 | 派出学校 | 接收学校 | 类型 | 开始日期 | 结束日期 | 迁编 | 状态。结束日期不填则按"
        "开始日期所在学年的交流轮岗年限计算。新的交流请由学校在门户中申报。",
        list_sheet=ExchangeList,
    )
)
