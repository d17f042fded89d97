"""The annual report (contracts.md, "The annual report"): one workbook, a sheet each.

Each sheet is a `Sheet` that yields a header row and data rows; `write_annual_report`
hands them to the one workbook writer. The command and the web download both call it.
"""

from collections.abc import Iterator

from communities.models import CommunityType
from communities.roster import RosterSheet
from communities.selectors import coverage_unknown, roster_year_for
from communities.type_share import TOTAL, type_shares
from evaluation.rewards import core_awards_due, district_quality, grant_differs, grants_against_rises
from exchanges.allowance import rural_allowances
from jiaogongti.exporting import Sheet, Styled, header
from jiaogongti.school_year import school_year_over
from policy.figures import figures_for
from schools.models import RESULT_STAGES, SEGMENTS

from .cells import money, ratio, z
from .community_sheets import ActivitySheet, FundsSheet, assessment_sheet
from .figures import SharedReads, coverage


class CoverageSheet(Sheet):
    name = "覆盖与类型"
    column_widths = (18, 9, 9, 9, 12, 16, 12, 22, 20, 14, 12, 50)

    def __init__(self, year: int):
        self.year = year

    def notes(self) -> str:
        """The caveats the dashboard gives beside the same figures."""
        roster_year, figures = roster_year_for(self.year), figures_for(self.year)
        said = [
            f"教共体名单采用 {roster_year}学年名单" if roster_year else "该学年没有教共体名单",
            f"融合型、共建型占比目标：至“十四五”末（{figures.type_share_target_year}学年）不低于 {figures.texts.type_share_target}",
        ]
        if unknown := coverage_unknown().count():
            said.append(f"另有 {unknown} 所学校未填“城乡”或“办学性质”，未计入覆盖率")
        if not school_year_over(self.year):
            said.append("学年进行中，为截至今日的数据")
        return "；".join(said) + "。"

    def rows(self) -> Iterator[list]:
        yield header(
            "范围",
            *CommunityType.labels,
            "教共体合计",
            "融合型+共建型占比",
            "目标占比",
            "是否达到目标",
            "乡村、镇区公办学校数",
            "已加入教共体",
            "覆盖率",
            "说明",
        )
        shares = type_shares(self.year)
        by_segment, _ = coverage(self.year)
        notes = self.notes()
        for key, label in [*SEGMENTS, (TOTAL, "合计")]:
            share, cov = shares[key], by_segment[key]
            yield [
                label,
                share.counts[CommunityType.MERGED],
                share.counts[CommunityType.CO_BUILT],
                share.counts[CommunityType.COOPERATIVE],
                share.total,
                ratio(share.share),
                ratio(float(figures_for(self.year).type_share_target)),
                share.verdict(self.year),
                cov.targets,
                cov.covered,
                ratio(cov.ratio),
                notes if key == TOTAL else None,
            ]


class ExchangeSheet(Sheet):
    name = "教师交流"
    column_widths = (36, 12, 12, 14, 12, 10, 30)

    def __init__(self, year: int, reads: SharedReads):
        self.year = year
        self.reads = reads

    def rows(self) -> Iterator[list]:
        yield header("学校", "教共体类型", "在职教师数", "本年交流人数", "交流比例", "是否达标", "说明")
        reads = self.reads
        for row in reads.compliance:
            note = "没有本学年的本校教师记录，无法核算交流比例" if row.applies and not row.teachers else None
            yield [
                row.school.name,
                row.community_type_label,
                row.teachers,
                row.exchanged,
                ratio(row.ratio),
                row.compliant_label,
                note,
            ]


class RewardSheet(Sheet):
    name = "Z值与奖励"
    column_widths = (36, 10, 10, 10, 10, 16, 36, 18, 40)

    def __init__(self, year: int, reads: SharedReads):
        self.year = year
        self.reads = reads

    def rows(self) -> Iterator[list]:
        yield header("学校", "上年Z值", "本年Z值", "Z值提升", "毕业班数", "奖励金额（元）", "核心校", "已确认发放（元）", "说明")
        rises = self.reads.rises
        grants, unmatched = grants_against_rises(self.year, rises)
        for rise in rises:
            grant = grants.get((rise.school.id, rise.stage))
            yield [
                rise.school.name,
                z(rise.previous_z),
                z(rise.current_z),
                z(rise.rise),
                rise.graduating_classes,
                money(rise.reward),
                rise.core_school.name,
                money(grant.amount) if grant else None,
                (
                    f"确认发放时：Z值 {grant.previous_z:.2f} → {grant.current_z:.2f}、{grant.graduating_classes} 个毕业班，与现有数据不符"
                    if grant and grant_differs(grant, rise)
                    else None
                ),
            ]
        for grant in unmatched:  # confirmed for payment, though the records have changed since
            yield [
                grant.school.name,
                z(grant.previous_z),
                z(grant.current_z),
                z(grant.current_z - grant.previous_z),
                grant.graduating_classes,
                money(0),
                None,
                money(grant.amount),
                "已确认发放，但按现有数据该校本学年无考核结果或不再是成员校",
            ]


class CoreAwardSheet(Sheet):
    name = "核心校质量奖"
    column_widths = (36, 16, 8, 16, 40, 14)

    def __init__(self, year: int, reads: SharedReads):
        self.year = year
        self.reads = reads

    def rows(self) -> Iterator[list]:
        yield header(
            "核心校",
            "教育教学质量奖（元）",
            "系数",
            "应拨付（元）",
            f"Z值提升{figures_for(self.year).texts.rise_for_reward}分及以上的成员校",
            "校长奖金上浮",
        )
        for due in core_awards_due(self.year, self.reads.rises):
            bonus = due.award.principal_bonus_percent if due.award else None
            yield [
                due.core_school.name,
                money(due.quality_award),
                Styled(due.factor, "0.0"),
                money(due.payable),
                "、".join(school.name for school in due.qualifying_members) or None,
                None if bonus is None else Styled(bonus / 100, "0%"),
            ]


class DistrictQualitySheet(Sheet):
    name = "学区质量"
    column_widths = (12, 8, 10, 12)

    def __init__(self, year: int):
        self.year = year

    def rows(self) -> Iterator[list]:
        yield header("学区", "学段", "学校数", "平均Z值")
        for stage, rows in district_quality(self.year).items():
            for row in rows:
                yield [row.district.name, dict(RESULT_STAGES)[stage], row.schools, z(row.mean_z)]


class AllowanceSheet(Sheet):
    name = "特岗津贴"
    column_widths = (36, 10, 14, 10, 16, 10)

    def __init__(self, year: int, reads: SharedReads):
        self.year = year
        self.reads = reads

    def rows(self) -> Iterator[list]:
        yield header("学校", "学区", "月标准（元）", "教师人数", "金额（元）", "人月数")
        for row in rural_allowances(self.year, teachers=self.reads.teachers, exchanges=self.reads.exchanges):
            yield [
                row.school.name,
                row.district.name,
                money(row.monthly_rate),
                row.teachers,
                money(row.amount),
                row.teacher_months,
            ]


def annual_report_sheets(year: int) -> list[Sheet]:

    reads = SharedReads.of(year)
    # The contract's five sheets first, in its order; then the core-school awards and the
    # 学区 quality the rewards page shows; then the communities' own work.
    return [
        RosterSheet(year),
        CoverageSheet(year),
        ExchangeSheet(year, reads),
        RewardSheet(year, reads),
        AllowanceSheet(year, reads),
        CoreAwardSheet(year, reads),
        DistrictQualitySheet(year),
        ActivitySheet(year),
        FundsSheet(year),
        assessment_sheet(year, reads),
    ]
