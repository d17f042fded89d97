"""A proposed plan for 学年 Y (contracts.md, `plan_exchanges`): the records read
(`inputs`), the model solved (`model`), and the plan as the bureau reads and files it: the
exchanges in the columns of `import_exchanges`, and each school's obligations, met or
explained."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from communities.models import CommunityType
from exchanges.importer.exchange_columns import EXCHANGE_COLUMNS, STATUS_IN_FILES
from exchanges.models import Exchange, default_term_end
from jiaogongti import progress
from jiaogongti.exporting import Sheet, Styled, header, title
from jiaogongti.importing import YES_NO_TEXT
from teachers.models import Teacher

from . import model
from .inputs import PlanningInputs, planning_inputs
from .intentions import weights_for
from .what_if import WhatIf

# Beside the import's columns, for whoever reads the plan; the import passes them by.
EXTRA_COLUMNS = ["教师姓名", "学科", "职称", "选派理由"]
# HiGHS's words for how a solve ended, as the bureau reads them.
SOLVER_SAYS = {"Optimal": "已是最佳方案", "Time limit reached": "计算到时限为止，所给计划可能还不是最佳"}


def solver_says(plan: model.Plan) -> str:
    """How good the plan is, in a clerk's words: the solver proves how far from the best
    plan the rules allow it can be at most."""
    said = "、".join(SOLVER_SAYS.get(part, f"求解状态：{part}") for part in plan.status.split("、"))
    if plan.gap < 0.00005:
        return f"{said}（经计算证明，按现有规则和权重没有更好的方案）"
    return f"{said}（与可能的最佳方案相差至多 {plan.gap:.2%}）"


COMPLIANCE_COLUMNS = ["学校", "教共体类型", "义务", "在职教师数", "需交流人数", "已有人数", "计划人数", "是否达标", "说明"]


@dataclass
class ProposedPlan:
    inputs: PlanningInputs
    solved: model.Plan

    def kind_of(self, move: model.Move) -> str:
        """What the exchange is filed as: a new member teacher shadows (跟岗锻炼); a 协作型
        core's teacher goes as 支教; every other move is 交流轮岗 (一律迁编)."""
        teacher = self.candidate(move.teacher_id)
        if teacher.new_member_teacher:
            return Exchange.Kind.SHADOWING
        if self.community_of(move).type == CommunityType.COOPERATIVE:
            return Exchange.Kind.SUPPORT
        return Exchange.Kind.ROTATION

    def community_of(self, move: model.Move) -> model.Community:
        """The community the move is made within (the model makes no other)."""
        return model.community_of_move(move.from_school_id, move.to_school_id, self._community_of_member)

    def candidate(self, teacher_id: int) -> model.Candidate:
        return self._candidates[teacher_id]

    def __post_init__(self):
        self._candidates = {c.id: c for c in self.inputs.candidates}
        self._community_of_member = {m: c for c in self.inputs.communities for m in c.member_ids}


def propose(
    year: int,
    *,
    service_years: int | None = None,
    core_sends: int = 1,
    excluded: frozenset[int] = frozenset(),
    required: frozenset[tuple[int, int]] = frozenset(),
    time_limit: float = 60.0,
) -> ProposedPlan:
    """The plan from the records as they are, with the bureau's weights for the 学年
    (`excluded`: teachers the bureau took out of an earlier proposal; `required`: the
    (teacher, school) moves it swapped in)."""
    progress.step("读取在职教师、交流记录与各校填报")
    inputs = planning_inputs(year, service_years=service_years, core_sends=core_sends)
    solved = model.solve(
        inputs.schools,
        inputs.communities,
        inputs.candidates,
        min_ratio=inputs.figures.co_built_min_ratio,
        weights=weights_for(year),
        time_limit=time_limit,
        excluded=excluded,
        required=required,
        on_part=lambda number, parts, teachers: progress.step(f"求解：第 {number}/{parts} 组学校（{teachers} 名教师）"),
    )
    return ProposedPlan(inputs, solved)


class PlanSheet(Sheet):
    """交流计划: importable with `import_exchanges` as it stands (状态 已提交)."""

    name = "交流计划"
    column_widths = (22, 36, 36, 10, 12, 12, 6, 10, 12, 8, 8, 40)

    def __init__(self, plan: ProposedPlan):
        self.plan = plan

    def rows(self) -> Iterator[list]:
        yield header(*EXCHANGE_COLUMNS, *EXTRA_COLUMNS)
        names = self.plan.inputs.school_names
        teachers = Teacher.objects.in_bulk([move.teacher_id for move in self.plan.solved.moves])
        kinds, titles = dict(Exchange.Kind.choices), dict(Teacher.Title.choices)
        for move in sorted(self.plan.solved.moves, key=lambda m: (names[m.from_school_id], teachers[m.teacher_id].staff_id)):
            teacher, kind = teachers[move.teacher_id], self.plan.kind_of(move)
            yield [
                teacher.staff_id,
                names[move.from_school_id],
                names[move.to_school_id],
                kinds[kind],
                self.plan.inputs.first_day,
                default_term_end(self.plan.inputs.first_day, self.plan.inputs.figures),  # 三年一轮, as filing sets it
                YES_NO_TEXT[kind == Exchange.Kind.ROTATION],
                STATUS_IN_FILES[Exchange.Status.FILED],
                teacher.name,
                teacher.subject,
                titles.get(teacher.title, ""),
                "；".join(move.why),
            ]


@dataclass
class SchoolObligation:
    """One school's obligation of one kind, with what is planned for it."""

    school_id: int
    kind: str
    label: str
    serving: int  # the school's teachers 在职 on 1 September
    asked: int  # what the obligations ask in all (需交流人数)
    needed: int  # still to exchange
    existing: int  # filed or decided for the 学年 already
    planned: int  # the plan's teachers the obligations count (a swap counts both teachers)
    explanations: list[str]
    met: bool = True  # every obligation of the row (a core leading two 协作型 communities has two)

    @property
    def verdict(self) -> str:
        """是/否, as 达标情况 says it; a 10 % of a school with no teachers on record cannot be
        worked out (as the report has it)."""
        if self.kind == model.TEN_PERCENT and not self.serving:
            return "无法核算"
        return "是" if self.met else "否"


def school_obligations(plan: ProposedPlan) -> list[SchoolObligation]:
    """The model's obligations, one row per school and kind (a teacher's own, such as a new
    teacher's 跟岗, are counted under their school)."""
    rows: dict[tuple[int, str], SchoolObligation] = {}
    serving = {school.id: school.serving for school in plan.inputs.schools}
    for obligation in plan.solved.obligations:
        key = (obligation.school_id, obligation.kind)
        label = model.KIND_LABELS[obligation.kind].format(ratio=_percent(plan))
        row = rows.setdefault(
            key, SchoolObligation(obligation.school_id, obligation.kind, label, serving[obligation.school_id], 0, 0, 0, 0, [])
        )
        row.asked += obligation.asked
        row.needed += obligation.needed
        row.existing += obligation.existing
        row.planned += obligation.planned
        row.met = row.met and obligation.met
        if obligation.explanation:
            row.explanations.append(obligation.explanation)
    # New teachers filed to shadow already: met, and counted as the 10 %'s are.
    label = model.KIND_LABELS[model.SHADOWING]
    for school_id, count in plan.inputs.shadowing_filed.items():
        if school_id in serving:
            row = rows.setdefault(
                (school_id, model.SHADOWING),
                SchoolObligation(school_id, model.SHADOWING, label, serving[school_id], 0, 0, 0, 0, []),
            )
            row.asked += count
            row.existing += count
    return list(rows.values())


def _percent(plan: ProposedPlan) -> str:
    return f"{(plan.inputs.figures.co_built_min_ratio * 100).normalize():f}%"


class ComplianceSheet(Sheet):
    """达标情况: one row per school with an obligation in the 学年."""

    name = "达标情况"
    column_widths = (36, 10, 34, 12, 12, 10, 10, 10, 80)

    def __init__(self, plan: ProposedPlan):
        self.plan = plan

    def rows(self) -> Iterator[list]:
        yield header(*COMPLIANCE_COLUMNS)
        schools = {school.id: school for school in self.plan.inputs.schools}
        types = dict(CommunityType.choices)
        by_school = defaultdict(list)
        for row in school_obligations(self.plan):
            by_school[row.school_id].append(row)
        for school_id in sorted(by_school, key=lambda pk: schools[pk].name):
            school = schools[school_id]
            for row in by_school[school_id]:
                # A core's sending row is for the 协作型 community it leads (it may be a member elsewhere).
                community_type = (
                    CommunityType.COOPERATIVE if row.kind == model.CORE_SENDS else self.plan.inputs.community_type.get(school_id)
                )
                yield [
                    school.name,
                    types.get(community_type, ""),
                    row.label,
                    row.serving,
                    row.asked,
                    row.existing,
                    row.planned,
                    row.verdict,
                    " ".join(row.explanations),
                ]


class WhatIfSheet(Sheet):
    """共建型测算: the 协作型 communities that could become 共建型 for the 学年 to reach the
    type-share target, ranked by the records of the 学年 before it."""

    name = "共建型测算"
    column_widths = (6, 30, 50, 12, 12, 14, 12, 8, 16, 10)
    freeze = "A3"

    def __init__(self, what_if: "WhatIf"):
        self.what_if = what_if

    def rows(self) -> Iterator[list]:
        w = self.what_if
        target = f"{(w.target * 100).normalize():f}%"
        said = f"{w.year}学年融合型、共建型 {w.close_types}/{w.communities} 个，目标 {target}：" + (
            f"还需 {w.needed} 个协作型改为共建型（建议名单为排名前 {w.needed} 个）。" if w.needed else "已达到。"
        )
        yield title(said)
        yield header(
            "排名", "核心校", "成员校", "成员校在职教师数", "本学年交流人数", "已达比例的成员校", "活动完成率", "考核",
            "改为共建型后需交流（人/年）", "建议",
        )  # fmt: skip
        for rank, row in enumerate(w.candidates, start=1):
            yield [
                rank,
                row.core_school,
                "、".join(row.members),
                row.teachers,
                row.exchanged,
                f"{row.members_at_ratio}/{len(row.members)}",
                Styled(row.plan_met, "0%") if row.plan_met is not None else "",
                row.grade,
                row.to_move,
                "建议" if rank <= w.needed else "",
            ]
