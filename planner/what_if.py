"""The 80 % question (二·目标): which 协作型 communities could become 共建型 next 学年 so
that 融合型 and 共建型 reach the target share, ranked by what their records show, and what
the 10 % rule would then ask of their members."""

import math
from dataclasses import dataclass
from decimal import Decimal

from assessment.models import Grade
from assessment.results import grades_of
from communities.models import CommunityType
from communities.selectors import communities_of_roster_rows, member_rows
from communities.type_share import TOTAL, type_shares
from exchanges.ten_percent import exchange_compliance
from jiaogongti.school_year import school_year_over
from policy.figures import figures_for
from teamwork.activities import plan_progress

from . import model


@dataclass
class Candidate:
    community_id: int
    core_school: str
    members: list[str]
    teachers: int  # the members' teachers 在职 on the 学年's first day
    exchanged: int  # of them exchanged in the 学年 (as the report counts)
    members_at_ratio: int  # members already at the 共建型 ratio
    plan_met: float | None  # activities held against the plan (0..1)
    grade: str  # the 学年's 考核, where it is over
    to_move: int  # teachers still to exchange next 学年 if it were 共建型 (at this 学年's numbers)


@dataclass
class WhatIf:
    year: int  # the 学年 whose records are read
    target: Decimal
    communities: int
    close_types: int
    needed: int  # 协作型 to become 共建型 to reach the target (0: reached)
    candidates: list[Candidate]


GRADE_RANK = {grade.label: rank for rank, grade in enumerate([Grade.EXCELLENT, Grade.GOOD, Grade.PASS, Grade.FAIL])}
IN_PROGRESS = "学年未结束"  # no 考核 is given before the 学年 ends


def co_built_what_if(year: int) -> WhatIf:
    """From the 学年's records: the 协作型 communities ranked by readiness (members already
    at the 10 %, activities against plan, 考核), each with what the rule would ask."""
    figures = figures_for(year)
    share = type_shares(year)[TOTAL]
    needed = max(math.ceil(figures.type_share_target * share.total) - share.close_types, 0)
    members = [row for row in member_rows(year) if row.type == CommunityType.COOPERATIVE]
    compliance = {row.school.id: row for row in exchange_compliance(year, members=members)}
    progress, grades, over = plan_progress(year), grades_of(year), school_year_over(year)
    by_community: dict[int, list] = {}
    for row in members:
        by_community.setdefault(row.community_year_id, []).append(row)
    community_of_year = communities_of_roster_rows(year)
    candidates = []
    for community_year_id, rows in by_community.items():
        community_id = community_of_year[community_year_id]
        teachers = sum(compliance[r.school.id].teachers for r in rows)
        exchanged = sum(compliance[r.school.id].exchanged for r in rows)
        at_ratio = sum(1 for r in rows if compliance[r.school.id].at_ratio)
        to_move = sum(
            model.ten_percent_needed(
                model.School(r.school.id, r.school.name, False, compliance[r.school.id].teachers), figures.co_built_min_ratio
            )
            for r in rows
        )
        planned = progress.get(community_id)
        candidates.append(
            Candidate(
                community_id,
                rows[0].core_school.name,
                [r.school.name for r in rows],
                teachers,
                exchanged,
                at_ratio,
                planned.met / planned.planned if planned and planned.planned else None,
                Grade(grades[community_id]).label if community_id in grades else ("" if over else IN_PROGRESS),
                to_move,
            )
        )
    candidates.sort(
        key=lambda c: (
            -(c.members_at_ratio / len(c.members)),
            -(c.plan_met or 0),
            GRADE_RANK.get(c.grade, len(GRADE_RANK)),
            c.to_move,
            c.core_school,
        )
    )
    return WhatIf(year, figures.type_share_target, share.total, share.close_types, needed, candidates)
