"""Heads' and the bureau's words for a 学年's plan: written here (each a natural key, so a
form sent twice stores it once), read by `inputs`."""

from django.core.exceptions import ValidationError
from django.db import transaction

from jiaogongti.text import normalize_text
from schools.models import School
from teachers.models import REASON_MAX_LENGTH, Teacher
from teachers.register import teachers_serving

from . import model
from .models import SUBJECT_MAX_LENGTH, CommunityObligation, PlanningWeights, SubjectGap, TeacherIntention

MAX_GAP = 99


@transaction.atomic
def mark_teacher(school: School, teacher_id: int, year: int, choice: str, reason: str = "", *, on, by=None) -> None:
    """A head's word on a teacher of their school (在职 there `on` the day): 自愿报名, 不宜交流
    (with a reason), or nothing (`choice` empty: the mark is taken back)."""
    teacher = teachers_serving(school, on).filter(pk=teacher_id).first()
    if teacher is None:
        raise ValidationError("这位教师不是本校在职教师。")
    reason = normalize_text(reason)
    if not choice:
        TeacherIntention.objects.filter(school_year=year, teacher=teacher).delete()
        return
    if choice not in TeacherIntention.Choice.values:
        raise ValidationError("请选择“自愿报名”或“不宜交流”。")
    if choice == TeacherIntention.Choice.UNSUITABLE and not reason:
        raise ValidationError(f"{teacher.name}：不宜交流须写明理由。")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(f"理由最多 {REASON_MAX_LENGTH} 个字。")
    TeacherIntention.objects.update_or_create(
        school_year=year, teacher=teacher, defaults={"choice": choice, "reason": reason, "recorded_by": by}
    )


@transaction.atomic
def set_subject_gap(school: School, year: int, subject: str, count: int | None, *, by=None) -> None:
    """The school lacks `count` teachers of `subject` (0 or none: no longer)."""
    subject = normalize_text(subject)
    if not subject or len(subject) > SUBJECT_MAX_LENGTH:
        raise ValidationError(f"请填写学科（最多 {SUBJECT_MAX_LENGTH} 个字）。")
    if count is None or not 0 <= count <= MAX_GAP:
        raise ValidationError(f"缺几人应为 0 至 {MAX_GAP} 之间的整数（0 表示不再缺）。")
    if count == 0:
        SubjectGap.objects.filter(school_year=year, school=school, subject=subject).delete()
        return
    SubjectGap.objects.update_or_create(
        school_year=year, school=school, subject=subject, defaults={"count": count, "recorded_by": by}
    )


# --- read by the planner -------------------------------------------------------------------


def intentions_in(year: int) -> dict[int, tuple[str, str]]:
    """Teacher id -> (choice, reason) for the 学年."""
    return {
        teacher_id: (choice, reason)
        for teacher_id, choice, reason in TeacherIntention.objects.filter(school_year=year).values_list(
            "teacher_id", "choice", "reason"
        )
    }


def gaps_in(year: int) -> dict[int, dict[str, int]]:
    """School id -> subject -> teachers it lacks, for the 学年."""
    gaps: dict[int, dict[str, int]] = {}
    for school_id, subject, count in SubjectGap.objects.filter(school_year=year).values_list("school_id", "subject", "count"):
        gaps.setdefault(school_id, {})[subject] = count
    return gaps


def core_sends_in(year: int) -> dict[int, int]:
    """Community id -> what the bureau set for its core to send in the 学年."""
    return dict(CommunityObligation.objects.filter(school_year=year).values_list("community_id", "core_sends"))


def weights_for(year: int) -> model.Weights:
    """The weights in force in the 学年: its own row or the latest before it, else the
    model's defaults."""
    row = PlanningWeights.objects.filter(from_year__lte=year).order_by("-from_year").first()
    if row is None:
        return model.Weights()
    return model.Weights(
        volunteer=float(row.volunteer),
        senior_to_member=float(row.senior_to_member),
        lagging_subject=float(row.lagging_subject),
        subject_gap=float(row.subject_gap),
        priority_school=float(row.priority_school),
        recently_returned=float(row.recently_returned),
    )


def teacher_choices(school: School, year: int, on) -> list[tuple[Teacher, TeacherIntention | None]]:
    """The school's teachers 在职 `on` the day, each with the head's mark for the 学年."""
    teachers = list(teachers_serving(school, on).order_by("subject", "name"))
    marks = {i.teacher_id: i for i in TeacherIntention.objects.filter(school_year=year, teacher__in=teachers)}
    return [(teacher, marks.get(teacher.pk)) for teacher in teachers]
