"""What follows from a confirmed 考核 (五·(三)(四)): communities confirmed 优秀 get a larger
share of the year's 考核奖励 and 评优 quotas, and their core school's principal's bonus may
rise 10–20 %. The CoreAward decision (evaluation) reads it through the check below."""

from evaluation.decision_checks import register_principal_bonus_check
from jiaogongti.policy import POLICY_TEXTS

from .models import AssessmentResult, Grade


def core_school_excellent(core_school_id: int, year: int) -> bool:
    """A community the school leads was confirmed 优秀 in the 学年 (a core may lead two)."""
    return AssessmentResult.objects.filter(
        community__core_school_id=core_school_id, school_year=year, grade=Grade.EXCELLENT
    ).exists()


@register_principal_bonus_check
def bonus_needs_excellent(award) -> str | None:
    if core_school_excellent(award.core_school_id, award.school_year):
        return None
    return (
        f"校长绩效奖金上浮（{POLICY_TEXTS.principal_bonus}）只用于年度考核确认为“优秀”的教共体的核心校；"
        f"该校所领教共体 {award.school_year}学年的考核尚未确认为优秀。"
    )
