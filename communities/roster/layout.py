"""The 附件2 layout's fixed texts, shared by the reader and the sheet, and a file's
communities as read from it."""

from dataclasses import dataclass, field

from schools.models import Stage

from ..models import CommunityType

HEADER = ["序号", "学区", "成员校（校区）", "学区", "核心校", "拟建类型"]
SECTION_TITLES = {Stage.PRIMARY: "一、小学：", Stage.MIDDLE: "二、初中、九年一贯制："}
TYPE_NAMES = {t.label: t.value for t in CommunityType} | {t.label[:2]: t.value for t in CommunityType}  # 融合型 or 融合


@dataclass
class RosterMember:
    row: int
    name: str
    district: str
    is_campus: bool


@dataclass
class RosterCommunity:
    row: int
    segment: str
    core_name: str
    core_district: str
    type: str
    members: list[RosterMember] = field(default_factory=list)
