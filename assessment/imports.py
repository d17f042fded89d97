"""The 经费 file (jiaogongti.import_kinds)."""

from jiaogongti.import_kinds import ImportKind, register

from .importer import TEMPLATE, import_funds
from .lists import AllocationList
from .models import Allocation

FUNDS = register(
    ImportKind(
        name="funds",
        upload_url="admin:assessment_allocation_import",
        title="导入教共体经费",
        importer=import_funds,
        template=TEMPLATE,
        help_text="表头：学年 | 教共体 | 类别 | 拨付学校 | 金额（元） | 说明。文件替换其中各（学年, 教共体）原有的拨付记录，"
        "其他不变；重复导入同一文件，金额不会翻倍。",
        list_sheet=lambda allocations=None: AllocationList(Allocation.objects.all() if allocations is None else allocations),
    )
)
