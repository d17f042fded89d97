"""The exchange planner's model: who goes where on 1 September of a 学年, as a small integer
programme (binary "teacher t goes to school s"), solved by HiGHS. Plain records in, plain
records out: nothing here reads the database, so the rules can be read and tested alone.

Hard (a plan never breaks them):
- a teacher goes at most once, and only if they may go (`Candidate.unavailable` empty);
- within their community: a member's teacher to its core school, a core's to a member;
- a member school loses no subject: per member and subject, the teachers who leave it are
  no more than those who arrive (对等交流).

Obligations, met wherever the hard rules allow, each shortfall explained with its numbers:
- a 共建型 member's teachers exchanged in the 学年 (those already exchanged, and each planned
  teacher who leaves or arrives) reach the 学年's 10 % of its 在职 teachers (四·(五));
- a 协作型 core school sends at least the number the bureau set for its community;
- a member school's new teacher goes to the core to shadow (跟岗锻炼);
- a core school's new teacher whose 服务期 has ended goes out.

Preferences, with the bureau's weights, choose among the moves the obligations need; every
move beyond what is needed costs more than all preferences gain, so none is proposed.

The bureau's changes to a proposal come first: a teacher it took out stays, and a move it
asked for (a teacher swapped in) is kept wherever the hard rules allow it; one they do not
allow is left out and explained, never a plan that breaks them.
"""

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

# HiGHS is imported where a plan is built and solved, not here: every command and web
# worker loads the planner's types (its admin does), and HiGHS with the numpy it brings
# costs each of them about 15 MB and 80 ms at start-up.
if TYPE_CHECKING:
    import highspy

CO_BUILT, COOPERATIVE = "co_built", "cooperative"  # communities.models.CommunityType codes
# One teacher short on an obligation outweighs any plan's preferences.
SHORTFALL_COST = 1000.0


@dataclass(frozen=True)
class Candidate:
    """A teacher 在职 at a school of the 学年's communities on 1 September."""

    id: int
    name: str
    school_id: int
    subject: str
    senior: bool = False  # 高级 or 正高级
    volunteer: bool = False  # 自愿报名
    unavailable: str = ""  # why they cannot go (交流中, 不宜交流 …); empty: they may
    returned_recently: bool = False  # back from an exchange within three years
    new_member_teacher: bool = False  # a member school's new teacher: to shadow at the core
    service_term_ended: bool = False  # a core school's new teacher whose 服务期 has ended


@dataclass(frozen=True)
class School:
    id: int
    name: str
    is_core: bool
    serving: int  # 在职 on 1 September
    exchanged: int = 0  # distinct teachers already exchanged to or from it in the 学年
    priority: bool = False  # 小规模, 寄宿制 or 薄弱
    lagging: dict[str, float] = field(default_factory=dict)  # subject -> how far its Z值 lags the county (0..1)
    gaps: dict[str, int] = field(default_factory=dict)  # subject -> teachers it lacks (学科缺口, its head's word)


@dataclass(frozen=True)
class Community:
    id: int
    type: str
    core_id: int
    member_ids: tuple[int, ...]
    core_sends: int = 1  # 协作型: teachers the core school sends at least
    already_sent: int = 0  # of them, sent in the 学年 already (filed or decided)


@dataclass(frozen=True)
class Weights:
    """What the bureau prefers among the moves the obligations need (per 学年, edited)."""

    volunteer: float = 4.0
    senior_to_member: float = 3.0
    lagging_subject: float = 2.0
    subject_gap: float = 3.0
    priority_school: float = 1.0
    recently_returned: float = -5.0

    @property
    def move(self) -> float:
        """What each move costs: more than every gain together, so that no move is
        proposed that no obligation needs (the preferences only choose among those)."""
        gains = (self.volunteer, self.senior_to_member, self.lagging_subject, self.subject_gap, self.priority_school)
        return -(1 + sum(max(gain, 0) for gain in gains))


@dataclass(frozen=True)
class Move:
    teacher_id: int
    from_school_id: int
    to_school_id: int
    why: tuple[str, ...]  # what chose this teacher, in Chinese


@dataclass(frozen=True)
class Obligation:
    school_id: int
    kind: str  # TEN_PERCENT, CORE_SENDS, SHADOWING, SERVICE_TERM
    label: str
    needed: int  # teachers the obligation asks for, beyond those already exchanged
    planned: int
    explanation: str  # why it is not met (empty when it is)
    existing: int = 0  # teachers the obligation counts already (filed or decided in the 学年)
    asked: int = 0  # what the obligation asks in all (existing ones may be more)

    @property
    def met(self) -> bool:
        return self.planned >= self.needed


TEN_PERCENT, CORE_SENDS, SHADOWING, SERVICE_TERM = "ten_percent", "core_sends", "shadowing", "service_term"
# Why a teacher free to go is not counted as 可派: the bureau took them out of the proposal.
TAKEN_OUT = "教育局移出"
# The first reason of a move the bureau asked for (a teacher it swapped in).
ASKED = "教育局调换指定"


@dataclass(frozen=True)
class Refused:
    """A move the bureau asked for that the plan could not keep, and why."""

    teacher_id: int
    to_school_id: int
    why: str


@dataclass(frozen=True)
class Plan:
    moves: list[Move]
    obligations: list[Obligation]
    objective: float
    bound: float  # the solver's proven bound on the objective
    gap: float  # relative distance between them (0: proven best)
    status: str
    refused: list[Refused] = field(default_factory=list)  # moves asked for and not kept


def ten_percent_needed(school: School, min_ratio: Decimal) -> int:
    """Teachers still to exchange for a 共建型 member to reach the ratio, as the report
    counts: exchanged ≥ ratio × 在职."""
    return max(math.ceil(min_ratio * school.serving) - school.exchanged, 0)


def solve(
    schools: list[School],
    communities: list[Community],
    candidates: list[Candidate],
    *,
    min_ratio: Decimal,
    weights: Weights = Weights(),
    time_limit: float = 60.0,
    required: frozenset[tuple[int, int]] = frozenset(),
    excluded: frozenset[int] = frozenset(),
    on_part: Callable[[int, int, int], None] | None = None,
) -> Plan:
    """The plan: the schools that communities tie together (a core school, the members of
    the communities it leads, and any community one of them is in besides) are a programme
    of their own (no teacher goes outside their community, so nothing ties two of them),
    solved apart; the objective and the bound are their sums.

    `required` (teacher id, school id) moves are kept wherever the hard rules allow, and
    `excluded` teachers stay: the bureau's changes to a proposal, with the rest solved again
    around them (or another plan held against this one's rules and objective).
    `on_part(k, parts, teachers)` hears of each programme before it is solved (progress)."""
    school_of = {school.id: school for school in schools}
    teachers_at = defaultdict(list)
    for teacher in candidates:
        teachers_at[teacher.school_id].append(teacher)
    parts = []
    groups = _tied_together(communities)
    for number, tied in enumerate(groups, start=1):
        school_ids = sorted({pk for community in tied for pk in (community.core_id, *community.member_ids)})
        staff = [teacher for pk in school_ids for teacher in teachers_at[pk]]
        if on_part is not None:
            on_part(number, len(groups), len(staff))
        parts.append(
            _solve_one(
                [school_of[pk] for pk in school_ids],
                tied,
                staff,
                min_ratio=min_ratio,
                weights=weights,
                time_limit=time_limit,
                required=required,
                excluded=excluded,
            )
        )
    objective, bound = sum(p.objective for p in parts), sum(p.bound for p in parts)
    statuses = {p.status for p in parts} - {"Optimal"}
    refused = [refusal for p in parts for refusal in p.refused]
    answered = {(r.teacher_id, r.to_school_id) for r in refused} | {
        (m.teacher_id, m.to_school_id) for p in parts for m in p.moves
    }
    return Plan(
        [move for p in parts for move in p.moves],
        [obligation for p in parts for obligation in p.obligations],
        objective,
        bound,
        (bound - objective) / abs(bound) if bound else 0.0,
        "、".join(sorted(statuses)) or "Optimal",
        refused + [_not_offered(key, candidates, excluded, school_of) for key in sorted(required - answered)],
    )


@dataclass
class Programme:
    """The integer programme of some schools, built and not yet solved (`programme`)."""

    highs: "highspy.Highs"
    goes: dict  # (teacher id, school id) -> its binary variable
    why: dict  # (teacher id, school id) -> what would choose the move
    teacher_of: dict
    shortfalls: list  # (obligation kind, school, teacher or None, needed, planned variables, existing, asked, slack)
    community_of_member: dict
    objective: object  # the expression maximised
    asked: dict  # (teacher id, school id) -> the variable of a move the bureau asked for


def programme(
    schools: list[School],
    communities: list[Community],
    candidates: list[Candidate],
    *,
    min_ratio,
    weights: Weights = Weights(),
    time_limit: float = 60.0,
    required=frozenset(),
    excluded=frozenset(),
) -> Programme:
    """The programme of these schools (`solve` builds one per core school and its members;
    `benchmarks/plan_exchanges.py` writes one out for other solvers to read)."""
    import highspy  # when solving: see the imports above

    school_of = {school.id: school for school in schools}
    community_of_member = {member_id: community for community in communities for member_id in community.member_ids}
    members_led = defaultdict(list)  # core school id -> the members of the communities it leads
    for community in communities:
        members_led[community.core_id].extend(community.member_ids)
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", float(time_limit))
    highs.setOptionValue("random_seed", 0)  # the same records give the same plan

    # x[t, s]: teacher t goes to school s.
    goes: dict[tuple[int, int], object] = {}
    gains: dict[tuple[int, int], float] = {}
    why: dict[tuple[int, int], tuple[str, ...]] = {}
    for teacher in sorted(candidates, key=lambda t: t.id):
        if teacher.unavailable or teacher.id in excluded:
            continue
        home = school_of[teacher.school_id]
        # A core's teacher to its members; a member's to its core (a school can be both).
        targets = [*members_led.get(home.id, ())]
        if home.id in community_of_member:
            targets.append(community_of_member[home.id].core_id)
        for target_id in targets:
            gain, reasons = _preference(teacher, school_of[target_id], weights)
            goes[teacher.id, target_id] = highs.addVariable(lb=0, ub=1, type=highspy.HighsVarType.kInteger)
            gains[teacher.id, target_id], why[teacher.id, target_id] = gain, reasons

    by_teacher = defaultdict(list)
    leaving, arriving = defaultdict(list), defaultdict(list)  # school id -> variables
    leaving_subject, arriving_subject = defaultdict(list), defaultdict(list)  # (school, subject) -> variables
    teacher_of = {teacher.id: teacher for teacher in candidates}
    for (teacher_id, target_id), variable in goes.items():
        teacher = teacher_of[teacher_id]
        by_teacher[teacher_id].append(variable)
        leaving[teacher.school_id].append(variable)
        arriving[target_id].append(variable)
        leaving_subject[teacher.school_id, teacher.subject].append(variable)
        arriving_subject[target_id, teacher.subject].append(variable)
    for variables in by_teacher.values():
        highs.addConstr(highs.qsum(variables) <= 1)
    for (school_id, subject), variables in leaving_subject.items():
        if school_id in community_of_member:  # a member loses no subject
            highs.addConstr(highs.qsum(variables) - highs.qsum(arriving_subject.get((school_id, subject), [])) <= 0)

    shortfalls = []  # as `Programme.shortfalls`

    def obligation(kind, school, teacher, needed, planned_variables, existing=0, asked=1):
        slack = highs.addVariable(lb=0, ub=needed)
        highs.addConstr(highs.qsum(planned_variables) + slack >= needed)
        shortfalls.append((kind, school, teacher, needed, planned_variables, existing, asked, slack))

    for community in communities:
        core = school_of[community.core_id]
        if community.type == CO_BUILT:
            for member_id in community.member_ids:
                member = school_of[member_id]
                # (One already at the ratio keeps its row: met, nothing asked.)
                obligation(
                    TEN_PERCENT,
                    member,
                    None,
                    ten_percent_needed(member, min_ratio),
                    leaving[member_id] + arriving[member_id],
                    existing=member.exchanged,
                    asked=math.ceil(min_ratio * member.serving),
                )
        elif community.type == COOPERATIVE and community.core_sends:
            sent = [v for (t, target), v in goes.items() if target in community.member_ids and teacher_of[t].school_id == core.id]
            needed = max(community.core_sends - community.already_sent, 0)
            obligation(CORE_SENDS, core, None, needed, sent, existing=community.already_sent, asked=community.core_sends)
    for teacher in candidates:
        if teacher.new_member_teacher:
            obligation(SHADOWING, school_of[teacher.school_id], teacher, 1, by_teacher.get(teacher.id, []))
        elif teacher.service_term_ended:
            obligation(SERVICE_TERM, school_of[teacher.school_id], teacher, 1, by_teacher.get(teacher.id, []))

    objective = highs.qsum(
        [(gains[key] + weights.move) * variable for key, variable in goes.items()]
        + [-SHORTFALL_COST * slack for *_, slack in shortfalls]
    )
    highs.setObjective(objective, highspy.ObjSense.kMaximize)
    asked = {key: variable for key, variable in goes.items() if key in required}
    return Programme(highs, goes, why, teacher_of, shortfalls, community_of_member, objective, asked)


def _tied_together(communities: list[Community]) -> list[list[Community]]:
    """The communities in groups that share a school (a core leading several, or a school
    that is one community's core and another's member), each group in a stable order."""
    parent: dict[int, int] = {}

    def root(school_id: int) -> int:
        while parent.setdefault(school_id, school_id) != school_id:
            parent[school_id] = parent[parent[school_id]]
            school_id = parent[school_id]
        return school_id

    for community in communities:
        for member_id in community.member_ids:
            parent[root(member_id)] = root(community.core_id)
    groups: dict[int, list[Community]] = defaultdict(list)
    for community in sorted(communities, key=lambda c: c.id):
        groups[root(community.core_id)].append(community)
    return [groups[key] for key in sorted(groups)]


def _solve_one(schools, communities, candidates, *, min_ratio, weights, time_limit, required, excluded) -> Plan:
    import highspy  # when solving: see the imports above

    built = programme(
        schools, communities, candidates,
        min_ratio=min_ratio, weights=weights, time_limit=time_limit, required=required, excluded=excluded,
    )  # fmt: skip
    highs, goes, why, teacher_of = built.highs, built.goes, built.why, built.teacher_of
    refused = _keep_asked(built)
    highs.run()
    info, model_status = highs.getInfo(), highs.getModelStatus()
    # A programme with nothing left to choose (every move given) is empty, and so optimal.
    empty = model_status == highspy.HighsModelStatus.kModelEmpty
    status = "Optimal" if empty else highs.modelStatusToString(model_status)
    chosen = [key for key, variable in goes.items() if highs.val(variable) > 0.5]
    school_of = {school.id: school for school in schools}
    moves = [
        Move(
            teacher_id,
            teacher_of[teacher_id].school_id,
            target_id,
            (
                *([ASKED] if (teacher_id, target_id) in built.asked else []),
                *_served(teacher_of[teacher_id], school_of[target_id], school_of, built.community_of_member, min_ratio),
                *why[teacher_id, target_id],
            ),
        )
        for teacher_id, target_id in chosen
    ]
    moved = {move.teacher_id for move in moves}
    obligations = [
        _obligation(
            kind,
            school,
            teacher,
            needed,
            round(sum(highs.val(v) for v in planned)),
            candidates,
            built.community_of_member,
            moved,
            excluded,
            min_ratio,
            existing,
            asked,
        )
        for kind, school, teacher, needed, planned, existing, asked, _ in built.shortfalls
    ]
    objective_value = info.objective_function_value
    # Without a teacher to choose the programme is a plain LP: its optimum is its bound.
    bound = info.mip_dual_bound if goes else objective_value
    return Plan(moves, obligations, objective_value, bound, info.mip_gap if goes else 0.0, status, refused)


def community_of_move(from_id: int, to_id: int, community_of_member: dict) -> Community | None:
    """The community a move is made within: the one whose core and member its two schools
    are (a school may be one community's core and another's member)."""
    for member_id, core_id in ((to_id, from_id), (from_id, to_id)):
        community = community_of_member.get(member_id)
        if community is not None and community.core_id == core_id:
            return community
    return None


def _served(teacher: Candidate, target: School, school_of, community_of_member, min_ratio) -> tuple[str, ...]:
    """The obligation a move is made for, first among its reasons: every move is one an
    obligation needs (a 跟岗 or 服务期 move says so among the preferences' reasons)."""
    if teacher.new_member_teacher or teacher.service_term_ended:
        return ()
    community = community_of_move(teacher.school_id, target.id, community_of_member)
    if community is not None and community.type == CO_BUILT:
        member = school_of[target.id if target.id != community.core_id else teacher.school_id]
        return (f"{member.name}交流人数达到在职教师的{(min_ratio * 100).normalize():f}%",)
    if community is not None and community.type == COOPERATIVE:
        return ("协作型核心校派出教师",)
    return ()


def _keep_asked(built: Programme) -> list[Refused]:
    """The moves the bureau asked for, fixed before the plan is solved: as many as the hard
    rules allow together (solved first for that alone); the rest refused, with the reason."""
    import highspy  # when solving: see the imports above

    if not built.asked:
        return []
    highs = built.highs
    highs.setObjective(highs.qsum(list(built.asked.values())), highspy.ObjSense.kMaximize)
    highs.run()
    # Stopped by the time limit, the moves of the best plan found are kept; of the others it
    # is not known whether a rule stops them.
    proven = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    kept = {key for key, variable in built.asked.items() if highs.val(variable) > 0.5}
    for key in kept:
        highs.changeColBounds(built.asked[key].index, 1, 1)
    highs.setObjective(built.objective, highspy.ObjSense.kMaximize)
    refused = []
    for teacher_id, to_id in sorted(set(built.asked) - kept):
        teacher = built.teacher_of[teacher_id]
        if not proven:
            why = f"在计算时限内未能确认{teacher.name}能否按要求交流，请稍后重新生成。"
        elif teacher.school_id in built.community_of_member:  # a member keeps its subjects
            why = f"{teacher.name}走后成员校将缺{teacher.subject}教师，核心校没有可对调的{teacher.subject}教师。"
        else:
            why = f"{teacher.name}与另一处指定的调换冲突，未能安排。"
        refused.append(Refused(teacher_id, to_id, why))
    return refused


def _not_offered(key, candidates, excluded, school_of) -> Refused:
    """A move asked for that the plan could not even consider, and why."""
    teacher_id, to_id = key
    teacher = next((c for c in candidates if c.id == teacher_id), None)
    if teacher is None:
        why = "该教师 9 月 1 日不在本学年教共体学校在职。"
    elif teacher_id in excluded:
        why = f"{teacher.name}已被移出计划。"
    elif teacher.unavailable:
        why = f"{teacher.name}不能交流：{teacher.unavailable}。"
    else:
        target = school_of[to_id].name if to_id in school_of else "指定学校"
        why = f"{teacher.name}现所在学校与{target}不在同一教共体，不能按要求交流。"
    return Refused(teacher_id, to_id, why)


def _preference(teacher: Candidate, target: School, weights: Weights) -> tuple[float, tuple[str, ...]]:
    gain, reasons = 0.0, []
    if teacher.volunteer:
        gain += weights.volunteer
        reasons.append("自愿报名")
    if not target.is_core:
        if teacher.senior:
            gain += weights.senior_to_member
            reasons.append("高级职称教师到成员校")
        if lag := target.lagging.get(teacher.subject, 0):
            gain += weights.lagging_subject * lag
            reasons.append(f"成员校{teacher.subject}学科Z值落后")
        if target.priority:
            gain += weights.priority_school
            reasons.append("优先支持小规模、寄宿制或薄弱学校")
    if target.gaps.get(teacher.subject):
        gain += weights.subject_gap
        reasons.append(f"补{target.name}{teacher.subject}学科缺口")
    if teacher.returned_recently:
        gain += weights.recently_returned
    if teacher.new_member_teacher and target.is_core:
        reasons.append("新教师到核心校跟岗")
    if teacher.service_term_ended:
        reasons.append("核心校新教师服务期满")
    return gain, tuple(reasons)


KIND_LABELS = {
    TEN_PERCENT: "共建型成员校交流人数不低于在职教师的 {ratio}",
    CORE_SENDS: "协作型核心校派出教师",
    SHADOWING: "成员校新教师到核心校跟岗",
    SERVICE_TERM: "核心校新教师服务期满后交流",
}


def _obligation(
    kind, school, teacher, needed, planned, candidates, community_of_member, moved, excluded, min_ratio, existing, asked
) -> Obligation:
    label = KIND_LABELS[kind].format(ratio=f"{(min_ratio * 100).normalize():f}%")
    if teacher is not None:
        label = f"{label}：{teacher.name}"
    explanation = (
        ""
        if planned >= needed
        else _why_short(kind, school, teacher, needed, planned, candidates, community_of_member, moved, excluded)
    )
    return Obligation(school.id, kind, label, needed, planned, explanation, existing, asked)


def _why_short(kind, school, teacher, needed, planned, candidates, community_of_member, moved, excluded) -> str:
    """The numbers behind a shortfall, as the bureau must defend it to a principal."""
    if teacher is not None:
        if teacher.unavailable:
            return f"{teacher.name}不能交流：{teacher.unavailable}。"
        if teacher.id in excluded:
            return f"{teacher.name}已由教育局移出计划。"
        return f"核心校没有{teacher.subject}学科的教师可到{school.name}对调，{teacher.name}走后该校将缺{teacher.subject}教师。"
    staff = [c for c in candidates if c.school_id == school.id]
    free = [c for c in staff if not c.unavailable and c.id not in excluded]
    held = defaultdict(int)
    for c in staff:
        if c.unavailable or c.id in excluded:
            held[c.unavailable or TAKEN_OUT] += 1
    if kind == TEN_PERCENT:
        parts = [f"在职 {school.serving}", f"需交流 {needed + school.exchanged}", f"已有 {school.exchanged}", f"计划 {planned}"]
    else:
        parts = [f"在职 {school.serving}", f"需派出 {needed}", f"计划 {planned}"]
    detail = "、".join(f"{reason} {count}" for reason, count in sorted(held.items(), key=lambda item: -item[1]))
    parts.append(f"可派 {len(free)}" + (f"（不能派：{detail}）" if detail else ""))
    said = "，".join(parts) + "。"
    unused = [c for c in free if c.id not in moved]
    if kind == TEN_PERCENT and unused:
        core_id = community_of_member[school.id].core_id
        partners = {
            c.subject
            for c in candidates
            if c.school_id == core_id and not c.unavailable and c.id not in moved and c.id not in excluded
        }
        unmatched = sorted({c.subject for c in unused} - partners)
        if unmatched:
            said += f"核心校没有可对调的{'、'.join(unmatched)}教师（成员校不能因交流缺学科）。"
    elif not unused:
        said += "本校已没有可派的教师。"
    return said
