"""What follows from a confirmed 考核 (五·(三)(四)): communities confirmed 优秀 get a larger
share of the year's 考核奖励 and 评优 quotas, and their core school's principal's bonus may
rise 10–20 % (the plan ties that rise to the members' size and results, not to the 考核:
the CoreAward decision in evaluation is shown the note below, never refused by it)."""

from evaluation.decision_checks import register_principal_bonus_note
from policy.figures import PRINCIPAL_BONUS_PERCENT

from .models import AssessmentResult, Grade


def core_school_excellent(core_school_id: int, year: int) -> bool:
    """A community the school leads was confirmed 优秀 in the 学年 (a core may lead two)."""
    return AssessmentResult.objects.filter(
        community__core_school_id=core_school_id, school_year=year, grade=Grade.EXCELLENT
    ).exists()


@register_principal_bonus_note
def bonus_without_excellent(award) -> str | None:
    if core_school_excellent(award.core_school_id, award.school_year):
        return None
    return (
        f"提示：该校所领教共体 {award.school_year}学年的年度考核尚未确认为“优秀”。校长绩效奖金上浮"
        f"（{PRINCIPAL_BONUS_PERCENT[0]}–{PRINCIPAL_BONUS_PERCENT[1]}%）按实施方案五·（三）视成员校规模及成效决定，已照常保存；请在“决定依据”中写明理由。"
    )
