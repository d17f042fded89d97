"""The rule book of teacher exchanges (domain.md, "Teacher exchange"; the plan, 四·(五)).

Every rule is registered here once: what it says, where the documents say it, its kind and
its Chinese message. A rule is one of two kinds (domain.md's line):
- 拒绝 (refuse): what cannot be true, or what the documents forbid. Nothing is saved.
- 提示 (note): unusual against the guidance. The record is accepted and the note is kept
  with it (`Exchange.notes`), shown where the bureau reviews exchanges.

The rules about one exchange's own terms are pure functions of `ExchangeTerms` (below).
The rules that need the database (the teacher's other exchanges, the roster) are checked
where those reads are made (`exchange_check.check_exchange` for one record, the importer for a
file) and take their message and kind from here. The portal form, the admin forms, every
importer and the services all end up here; the page 交流规则 lists `RULES` itself.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.formats import date_format

from communities.models import CommunityType
from jiaogongti.dates import date_out_of_range
from jiaogongti.school_year import school_year_of
from teachers.models import REASON_MAX_LENGTH

from .models import EXCHANGE_DATE_RANGE, Exchange

REFUSE, NOTE = "refuse", "note"
KIND_LABELS = {REFUSE: "拒绝", NOTE: "提示"}


@dataclass(frozen=True)
class Rule:
    code: str
    title: str  # what the rule says, as the 交流规则 page lists it
    source: str  # where the documents say it
    kind: str  # REFUSE or NOTE
    message: str  # what the user is told; {placeholders} are filled by the check
    # The exchange's field a refusal is about: a form shows it there (and Django then leaves
    # that field's own database constraint, which says the same, unchecked). None: the record.
    field: str | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def says(self, **values) -> str:
        return self.message.format(**values)

    @property
    def message_shown(self) -> str:
        """The message as the 交流规则 page lists it: what each check fills in, as “…”."""
        if self.message == "{problem}":  # the date check says which date, against which bounds
            first, last = EXCHANGE_DATE_RANGE
            return f"说明哪个日期超出 {first.year}–{last.year} 年"
        return re.sub(r"\{\w+\}", "…", self.message)

    def found(self, **values) -> "Finding":
        return Finding(self, self.says(**values))


RULES: dict[str, Rule] = {}


def _rule(code: str, title: str, source: str, kind: str, message: str, field: str | None = None) -> Rule:
    RULES[code] = Rule(code, title, source, kind, message, field)
    return RULES[code]


PLAIN = "常理（不可能为真）"
PLAN = "《瑞安市城乡义务教育共同体建设实施方案》"

# --- Refused ---------------------------------------------------------------------------
DATES_PLAUSIBLE = _rule("dates_plausible", "开始、结束日期在 1990–2100 年之间", PLAIN, REFUSE, "{problem}")
TWO_SCHOOLS = _rule("two_schools", "派出学校和接收学校是两所学校", PLAIN, REFUSE, "派出学校和接收学校不能相同。", "to_school")
ENDS_AFTER_START = _rule("ends_after_start", "结束日期不早于开始日期", PLAIN, REFUSE, "结束日期不能早于开始日期。", "planned_end")
AFTER_HIRE = _rule(
    "after_hire",
    "交流开始时教师已经入职",
    PLAIN,
    REFUSE,
    "开始日期早于该教师的入职日期（{hired}），请检查开始日期或教师的入职日期。",
    "start_date",
)
OWN_TEACHER = _rule(
    "own_teacher",
    "教师由其所在学校派出（新申报及未结束的记录）",
    f"{PLAN}四·(五)；学校只能为本校教师申报",
    REFUSE,
    "该教师不属于派出学校，不能由派出学校申报交流：{teacher} 属于「{school}」，不是派出学校「{from_school}」。",
    "teacher",
)
SERVING = _rule(
    "serving",
    "离岗教师不再交流：开始日期须在教师离岗日期之前（新申报及改动的记录）",
    "教师离岗（退休、离职、调出本县）后不再在本县学校任教",
    REFUSE,
    "{teacher} 已于 {left_on} 离岗（{reason}），不能安排在此之后开始的交流。",
    "teacher",
)
NO_OVERLAP = _rule(
    "no_overlap",
    "同一教师的交流时间不重叠（已提交、已批准、进行中、已结束的记录）",
    PLAIN,
    REFUSE,
    "该教师在 {start} 至 {end} 已有一条交流记录（{status}），时间不能重叠。",
    "start_date",
)
# What the database's own last line (exchange_no_overlap, PostgreSQL) says: it names no record.
NO_OVERLAP_STORED = "该教师在这段时间已有一条交流记录，时间不能重叠。"
SHARE_A_COMMUNITY = _rule(
    "share_a_community",
    "两所学校在交流开始的学年同属一个教共体",
    f"{PLAN}四·(五)：教共体内教师交流",
    REFUSE,
    "接收学校与派出学校在 {year}学年不属于同一个教共体。",
    "to_school",
)
ROSTER_FOR_FILING = _rule(
    "roster_for_filing",
    "新申报的交流所在学年已有教共体名单（历年记录导入不受此限）",
    f"{PLAN}附件2",
    REFUSE,
    "开始日期在 {year}学年，该学年还没有教共体名单，请检查开始日期。",
    "start_date",
)
FILED_AHEAD = _rule(
    "filed_ahead",
    "学校新申报的交流最晚从下一学年开始（更远的日期是笔误）",
    "教育局审批（交流按学年安排）",
    REFUSE,
    "开始日期 {start} 在 {year}学年，太远了：新申报的交流最晚从下一学年（{next_year}学年）开始，请检查开始日期。",
    "start_date",
)
COMMUNITY_MATCHES = _rule(
    "community_matches", "记录的教共体是两所学校共同所在的教共体", PLAIN, REFUSE, "所填教共体不是这两所学校共同所在的教共体。"
)
REJECTION_HAS_REASON = _rule("rejection_has_reason", "驳回须写明理由", "教育局审批", REFUSE, "驳回必须填写理由。", "reason")
CHANGE_HAS_REASON = _rule(
    "change_has_reason", "提前结束、延期须写明理由", "教育局审批", REFUSE, "{action}必须填写理由。", "reason"
)
REASON_LENGTH = _rule(
    "reason_length",
    f"理由不超过 {REASON_MAX_LENGTH} 字",
    "教育局审批（理由须简明，列表中可读）",
    REFUSE,
    "理由不能超过 {limit} 字（现为 {length} 字），请精简后再提交。",
    "reason",
)
ENDS_EARLY_WITHIN_TERM = _rule(
    "ends_early_within_term",
    "提前结束的日期在开始日期之后、计划结束日期之前",
    PLAIN,
    REFUSE,
    "提前结束的日期应在 {start} 之后、{end} 之前。",
    "on",
)
EXTENDS_LATER = _rule(
    "extends_later",
    "延期后的结束日期晚于原计划结束日期",
    PLAIN,
    REFUSE,
    "延期后的结束日期应晚于原计划结束日期 {end}。",
    "planned_end",
)
ALLOWED_MOVE = _rule(
    "allowed_move",
    "状态按 已提交 → 已批准/已驳回/已撤回，已批准 → 进行中 → 已结束 变化",
    "教育局审批",
    REFUSE,
    "当前状态为「{status}」，不能{action}。",
)

# --- Accepted, with a note --------------------------------------------------------------
ROTATION_MOVES_ESTABLISHMENT = _rule(
    "rotation_moves_establishment",
    "交流轮岗一律迁编，期满归队",
    f"{PLAN}四·(五)",
    NOTE,
    "交流轮岗按规定一律迁编，这条记录未迁编（不迁编的短期交流通常记为“支教”等类型）。",
)
RESIDENT_IN_MERGED = _rule(
    "resident_in_merged",
    "驻教、走教用于融合型教共体各校区之间",
    f"{PLAN}四·(五)",
    NOTE,
    "驻教、走教通常用于融合型教共体内部，这两所学校所在的是{type}教共体。",
)
SHADOWING_NEW_TEACHER = _rule(
    "shadowing_new_teacher",
    "跟岗锻炼用于新教师（本学年或上一学年入职）",
    f"{PLAN}四·(五)",
    NOTE,
    "跟岗锻炼用于新教师：该教师 {hired} 入职，不是本学年或上一学年新入职的教师。",
)
SHADOWING_AT_CORE = _rule(
    "shadowing_at_core",
    "跟岗锻炼是成员校新教师到核心校跟岗",
    f"{PLAN}四·(五)",
    NOTE,
    "跟岗锻炼是成员校新教师到核心校跟岗，这条记录的接收学校不是核心校。",
)
FILED_LATE = _rule(
    "filed_late",
    "学校新申报的交流，开始日期尚未过去（历年记录由教育局导入）",
    "教育局审批",
    NOTE,
    "开始日期 {start} 已经过去：如是补报，请在申报理由中说明原因。",
    "start_date",
)
# Of a community's 学年, not of one record: shown on 政策核算 (`cooperative_without_core_sending`).
COOPERATIVE_CORE_SENDS = _rule(
    "cooperative_core_sends",
    "协作型教共体每学年由核心校派出教师到成员校（支教）",
    f"{PLAN}四·(五)",
    NOTE,
    "{community}是协作型教共体，{year}没有核心校派往成员校的交流记录。",
)


class ExchangeTerms(NamedTuple):
    """What the rules about one exchange's own terms look at. `community_type` and
    `core_school_id` are those of the community both schools share, None if none."""

    kind: str
    from_school_id: int | None
    to_school_id: int | None
    start_date: datetime.date | None
    planned_end: datetime.date | None
    establishment_moved: bool
    hire_date: datetime.date | None = None
    community_type: str | None = None
    core_school_id: int | None = None


@dataclass(frozen=True)
class Finding:
    rule: Rule
    message: str

    def as_note(self) -> dict:
        return {"rule": self.rule.code, "message": self.message}


def _dates_plausible(terms: ExchangeTerms) -> list[str]:
    return [
        problem
        for value, label in [(terms.start_date, "开始日期"), (terms.planned_end, "结束日期")]
        if value and (problem := date_out_of_range(value, label, EXCHANGE_DATE_RANGE))
    ]


def _ends_after_start(terms: ExchangeTerms) -> bool:
    return bool(terms.start_date and terms.planned_end and terms.planned_end < terms.start_date)


def _after_hire(terms: ExchangeTerms) -> dict | None:
    if terms.hire_date and terms.start_date and terms.start_date < terms.hire_date:
        return {"hired": date_format(terms.hire_date)}
    return None


def _shadowing_new_teacher(terms: ExchangeTerms) -> dict | None:
    # 新教师: hired in the 学年 it starts or the one before.
    if terms.kind == Exchange.Kind.SHADOWING and terms.hire_date and terms.start_date:
        if school_year_of(terms.start_date) - school_year_of(terms.hire_date) > 1:
            return {"hired": date_format(terms.hire_date)}
    return None


TERM_CHECKS: list[tuple[Rule, Callable[[ExchangeTerms], object]]] = [
    (TWO_SCHOOLS, lambda t: t.from_school_id is not None and t.from_school_id == t.to_school_id),
    (ENDS_AFTER_START, _ends_after_start),
    (AFTER_HIRE, _after_hire),
    (ROTATION_MOVES_ESTABLISHMENT, lambda t: t.kind == Exchange.Kind.ROTATION and not t.establishment_moved),
    (
        RESIDENT_IN_MERGED,
        lambda t: (
            t.kind in (Exchange.Kind.RESIDENT, Exchange.Kind.VISITING)
            and t.community_type not in (None, CommunityType.MERGED)
            and {"type": CommunityType(t.community_type).label}
        ),
    ),
    (SHADOWING_NEW_TEACHER, _shadowing_new_teacher),
    (
        SHADOWING_AT_CORE,
        lambda t: t.kind == Exchange.Kind.SHADOWING and t.core_school_id is not None and t.to_school_id != t.core_school_id,
    ),
]


def findings_for(terms: ExchangeTerms) -> list[Finding]:
    """Every rule about the exchange's own terms that it breaks, refusals and notes."""
    found = [Finding(DATES_PLAUSIBLE, problem) for problem in _dates_plausible(terms)]
    for rule, check in TERM_CHECKS:
        broken = check(terms)
        if broken:
            found.append(Finding(rule, rule.says(**broken) if isinstance(broken, dict) else rule.message))
    return found


def refusals(found: list[Finding]) -> list[str]:
    return [f.message for f in found if f.rule.kind == REFUSE]


def refused(found: list[Finding]) -> ValidationError:
    """The refusals among the findings, each at the field its rule is about."""
    errors = defaultdict(list)
    for finding in found:
        if finding.rule.kind == REFUSE:
            errors[finding.rule.field or NON_FIELD_ERRORS].append(finding.message)
    return ValidationError(dict(errors))


def notes(found: list[Finding]) -> list[dict]:
    return [f.as_note() for f in found if f.rule.kind == NOTE]
