"""项目评估 (附件1 三·(五)): a 协作型 community's core school applies for a project; the
bureau reviews it (a score and a grade, comments, who and when) or sends it back for more
evidence; the applicant may resubmit or withdraw. Each move is kept in the history with
its reason, as exchanges' are."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from communities.models import Community, CommunityType
from communities.selectors import roster_year_for
from jiaogongti.attachments import CheckedFile
from schools.models import School
from teamwork.activities import community_schools
from teamwork.roles import may_write_plan

from .models import Grade, ProjectDocument, ProjectReview

Status = ProjectReview.Status
OPEN = (Status.APPLIED, Status.RETURNED)


def projects_apply_to(community_type: str) -> bool:
    """项目评估 is the 协作型's way (附件1 三·(五)): the one place that says so."""
    return community_type == CommunityType.COOPERATIVE


def project_applies(community: Community, year: int) -> bool:
    """Whether the community may apply in the 学年: by the type of the roster that holds it."""
    shown = community.years.filter(school_year=roster_year_for(year)).values_list("type", flat=True).first()
    return shown is not None and projects_apply_to(shown)


def may_apply(user, community: Community, year: int) -> bool:
    """The core school's head (or the bureau) of a 协作型 community."""
    return project_applies(community, year) and may_write_plan(user, community)


def _checked(
    community: Community, year: int, *, title, period_start: datetime.date, period_end: datetime.date, members
) -> list[str]:
    problems = []
    if not project_applies(community, year):
        problems.append(f"{year}学年该教共体不是协作型，项目评估由协作型教共体的核心校申报。")
    if period_start > period_end:
        problems.append("项目的开始日期应不晚于结束日期。")
    allowed = community_schools(community, year)[1:]
    outside = [school.name for school in members if school not in allowed]
    if outside:
        problems.append(f"「{'、'.join(outside)}」在 {year}学年不是本教共体的成员校。")
    if not members:
        problems.append("请选择参与项目的成员校。")
    if not title.strip():
        problems.append("项目名称为空。")
    return problems


def _documents_add(project: ProjectReview, documents: list[CheckedFile], user) -> None:
    for checked in documents:
        ProjectDocument(project=project).keep(checked, user)


@transaction.atomic
def project_apply(
    *,
    community: Community,
    year: int,
    title: str,
    goals: str,
    period_start: datetime.date,
    period_end: datetime.date,
    members: list[School],
    evidence: str,
    documents: list[CheckedFile] = (),
    user=None,
) -> ProjectReview:
    problems = _checked(community, year, title=title, period_start=period_start, period_end=period_end, members=members)
    if problems:
        raise ValidationError(problems)
    project = ProjectReview(
        community=community,
        school_year=year,
        title=title.strip(),
        goals=goals.strip(),
        period_start=period_start,
        period_end=period_end,
        evidence=evidence.strip(),
        applied_by=user,
    )
    _save(project, "申报项目评估", user)
    project.members.set(members)
    _documents_add(project, list(documents), user)
    return project


def _save(project: ProjectReview, reason: str, user) -> None:
    """Save with the history's 变更原因 and who did it (also outside a request)."""
    project._change_reason = reason
    if user is not None and getattr(user, "pk", None):
        project._history_user = user
    project.save()


def _locked(project: ProjectReview, *allowed) -> ProjectReview:
    """The row as it is now, locked: a stale page cannot undo another's decision."""
    current = ProjectReview.objects.select_for_update().get(pk=project.pk)
    if current.status not in allowed:
        raise ValidationError(f"该项目当前状态为“{current.get_status_display()}”，不能这样操作。")
    return current


@transaction.atomic
def project_resubmit(project: ProjectReview, *, evidence: str, documents: list[CheckedFile] = (), user=None) -> ProjectReview:
    """After 退回补充: more evidence, and it waits for review again."""
    project = _locked(project, Status.RETURNED)
    if not evidence.strip():
        raise ValidationError("请补充成效与佐证。")
    project.evidence, project.status = evidence.strip(), Status.APPLIED
    _save(project, "补充材料后重新申报", user)
    _documents_add(project, list(documents), user)
    return project


def grade_of_score(score: Decimal) -> str:
    """The usual bands (90/80/60), what the review form proposes; the bureau may choose."""
    if score >= 90:
        return Grade.EXCELLENT
    if score >= 80:
        return Grade.GOOD
    if score >= 60:
        return Grade.PASS
    return Grade.FAIL


@transaction.atomic
def project_review(project: ProjectReview, *, score: Decimal, grade: str, comments: str, user) -> ProjectReview:
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError("评审得分应在 0 到 100 之间。")
    if grade not in Grade.values:
        raise ValidationError("请选择评审等级。")
    project = _locked(project, Status.APPLIED)
    project.score, project.grade, project.comments = score, grade, comments.strip()
    project.status, project.reviewed_by, project.reviewed_at = Status.REVIEWED, user, timezone.now()
    _save(project, f"评审：{score} 分，{Grade(grade).label}", user)
    return project


@transaction.atomic
def project_return(project: ProjectReview, *, comments: str, user) -> ProjectReview:
    """Sent back for more evidence: the comments say what is missing."""
    if not comments.strip():
        raise ValidationError("退回补充时请写明需要补充的材料。")
    project = _locked(project, Status.APPLIED)
    project.comments, project.status, project.reviewed_by, project.reviewed_at = (
        comments.strip(),
        Status.RETURNED,
        user,
        timezone.now(),
    )
    _save(project, f"退回补充：{comments.strip()}", user)
    return project


@transaction.atomic
def project_withdraw(project: ProjectReview, *, user) -> ProjectReview:
    project = _locked(project, *OPEN)
    project.status = Status.WITHDRAWN
    _save(project, "申报人撤回", user)
    return project


def project_result(community_id: int, year: int) -> Decimal | None:
    """What a 学年's 项目评估 brings to the 考核: the best reviewed score, if any."""
    scores = ProjectReview.objects.filter(community_id=community_id, school_year=year, status=Status.REVIEWED).values_list(
        "score", flat=True
    )
    return max(scores, default=None)


def project_history(project: ProjectReview) -> list[tuple]:
    """Each move of the application, oldest first: (when, who, status, why)."""
    return [
        (
            record.history_date,
            record.history_user.get_username() if record.history_user else "系统",
            Status(record.status).label,
            record.history_change_reason or "",
        )
        for record in project.history.select_related("history_user").order_by("history_date", "history_id")
    ]
