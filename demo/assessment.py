"""The demo's money and assessment for the current 学年: each community's allocations
(imported as the bureau would, over the year's 5000万元 floor, most to member schools),
the 特色评价 the bureau entered, and 项目评估 of 协作型 communities — one reviewed, one
waiting, one sent back. The 考核 itself is left for the bureau to confirm."""

import datetime
import io
import random
from decimal import Decimal

from assessment.importer import COLUMNS as FUND_COLUMNS
from assessment.importer import import_funds
from assessment.models import DistinctiveScore, ProjectReview
from assessment.projects import project_apply, project_return, project_review
from communities.models import CommunityType
from communities.selectors import community_years_in
from jiaogongti.school_year import school_year_start
from teamwork.activities import community_schools

from .build import SEED, as_csv

PROJECTS = [
    (
        "城乡同步课堂提质项目",
        "成员校同步课堂每周开课，课后研讨全覆盖",
        Decimal("93.5"),
        "成效明显，成员校开课率和学生学业水平均有提升。",
    ),
    ("青年教师共同成长项目", "成员校青年教师三年内全部开设校级以上公开课", None, "请补充成员校青年教师公开课记录和获奖证明。"),
    ("乡村学校劳动教育共建项目", "共建劳动实践基地，每学期开展两次联合实践", None, None),
]


def assessment_demo(year: int) -> list[str]:
    rng = random.Random(SEED + 4)
    years = list(community_years_in(year).select_related("community__core_school").order_by("position", "id"))
    rows = []
    for community_year in years:
        schools = community_schools(community_year.community, year)
        for school in schools:
            share = 0.25 if school == schools[0] else 0.75 / max(len(schools) - 1, 1)
            amount = Decimal(rng.randint(900_000, 1_800_000)) * Decimal(str(share))
            category = rng.choice(["装备配置", "活动开展", "教师培训", "硬件改善"])
            rows.append([year, community_year.community.code, category, school.name, f"{amount:.2f}", "（演示）"])
    said = [str(import_funds(io.BytesIO(as_csv(FUND_COLUMNS, rows)), filename="演示经费.csv"))]
    for community_year in years:
        DistinctiveScore.objects.get_or_create(
            community=community_year.community,
            school_year=year,
            defaults={"score": Decimal(rng.randint(70, 98)), "note": "（演示）"},
        )
    cooperative = [cy.community for cy in years if cy.type == CommunityType.COOPERATIVE]
    for community, (title, goals, score, comments) in zip(cooperative, PROJECTS):
        if ProjectReview.objects.filter(community=community, school_year=year, title=title).exists():
            continue
        members = community_schools(community, year)[1:]
        project = project_apply(
            community=community,
            year=year,
            title=title,
            goals=goals,
            period_start=school_year_start(year),
            period_end=datetime.date(year + 1, 6, 30),
            members=members,
            evidence="（演示）成员校的变化与数据见附件。",
        )
        if score is not None:
            project_review(project, score=score, grade="excellent", comments=comments, user=None)
        elif comments:
            project_return(project, comments=comments, user=None)
    said.append(
        f"演示项目评估：{min(len(cooperative), len(PROJECTS))} 项（已评审、退回补充、待评审各一）；各教共体特色评价已录入。"
    )
    return said
