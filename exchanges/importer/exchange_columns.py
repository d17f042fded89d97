"""The exchange file's columns and vocabularies (contracts.md, "Exchanges"): what each
column takes, as the import reads it, the template explains it and the preview names it."""

from jiaogongti.choices import by_label
from jiaogongti.list_export import ImportTemplate

from ..models import Exchange

EXCHANGE_COLUMNS = ["工号", "派出学校", "接收学校", "类型", "开始日期", "结束日期", "迁编", "状态"]
# What a file writes -> the stored code. A file writes 已结束, as the status's label without
# its （期满归队）; either is understood.
KINDS = by_label(Exchange.Kind.choices)
STATUSES = {label.removesuffix("（期满归队）"): code for label, code in by_label(Exchange.Status.choices).items()}
STATUSES |= by_label(Exchange.Status.choices)
# The stored code -> what a file (and so every export) writes: the contract's vocabulary.
STATUS_IN_FILES = {code: label for label, code in list(STATUSES.items())[: len(Exchange.Status)]}
TEMPLATE = ImportTemplate(
    title="历年交流记录",
    columns=EXCHANGE_COLUMNS,
    example=["33038119900101123X", "瑞安市塘下镇第二小学", "瑞安市第二实验小学", "交流轮岗", "2021-09-01", "", "是", "已结束"],
    notes=[
        ("工号", "教师的工号或身份证号（须先导入教师）"),
        ("派出学校", "教师派出的学校（新申报和未结束的记录须是教师所在学校）"),
        ("接收学校", "接收的学校，与派出学校同属一个教共体"),
        ("类型", "、".join(KINDS)),
        ("开始日期", "如 2021-09-01"),
        ("结束日期", "如 2024-08-31；空着则按开始日期所在学年的交流轮岗年限（政策参数）计算"),
        ("迁编", "是 或 否"),
        ("状态", "、".join(list(STATUSES)[: len(Exchange.Status)])),
    ],
)
# What a row may change of a stored record, as the preview names it.
CHANGE_LABELS = {"kind": "类型", "planned_end": "结束日期", "establishment_moved": "迁编", "status": "状态"}
CHANGE_SHOWN = {"kind": lambda code: Exchange.Kind(code).label, "status": lambda code: Exchange.Status(code).label}
CLOSED = (Exchange.Status.FINISHED, Exchange.Status.REJECTED, Exchange.Status.WITHDRAWN)
