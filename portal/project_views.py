"""项目评估 in the portal: the core school's head applies, reads the bureau's result, adds
evidence after 退回补充; the community's other heads and 学区 staff read it. The bureau
reviews on the same page (a form only it is shown)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessment.models import ProjectReview
from assessment.projects import (
    grade_of_score,
    may_apply,
    project_apply,
    project_history,
    project_resubmit,
    project_return,
    project_review,
    project_withdraw,
)
from communities.selectors import communities_visible_to
from jiaogongti.attachments import attachment_response
from jiaogongti.once import submit_once
from jiaogongti.school_year import current_school_year
from schools.models import School
from teamwork.activities import community_schools
from teamwork.roles import may_write_plan

from .project_forms import ProjectForm, ResubmitForm, ReviewForm


def _project_for(request, project_id) -> ProjectReview:
    visible = communities_visible_to(request.user)
    return get_object_or_404(
        ProjectReview.objects.filter(community__in=visible).select_related("community__core_school"), pk=project_id
    )


def _refused(form, refused: ValidationError) -> None:
    for message in refused.messages:
        form.add_error(None, message)


@login_required
@submit_once
def project_new(request, community_id):
    community = get_object_or_404(communities_visible_to(request.user), pk=community_id)
    year = current_school_year()
    if not may_apply(request.user, community, year):
        raise PermissionDenied
    members = School.objects.filter(pk__in=[s.pk for s in community_schools(community, year)[1:]]).order_by("name")
    form = ProjectForm(request.POST or None, request.FILES or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            project = project_apply(
                community=community,
                year=year,
                user=request.user,
                documents=data.pop("documents"),
                **{**data, "members": list(data["members"])},
            )
        except ValidationError as refused:
            _refused(form, refused)
        else:
            messages.success(request, "项目评估已申报，等待教育局评审。")
            return redirect("portal:project", project_id=project.pk)
    return render(request, "portal/project_form.html", {"community": community, "form": form})


@login_required
@submit_once
def project_page(request, project_id):
    project = _project_for(request, project_id)
    is_applicant = may_write_plan(request.user, project.community)
    resubmit = ResubmitForm(initial={"evidence": project.evidence}) if is_applicant else None
    review = ReviewForm(initial={"comments": project.comments}) if request.user.is_staff else None
    if request.method == "POST":
        resubmit, review = _decide(request, project, is_applicant) or (resubmit, review)
        if resubmit is None and review is None:
            return redirect("portal:project", project_id=project.pk)
    context = {
        "project": project,
        "community": project.community,
        "is_applicant": is_applicant,
        "resubmit": resubmit,
        "review": review,
        "history": project_history(project),
    }
    return render(request, "portal/project.html", context)


def _decide(request, project, is_applicant):
    """A POST on the project's page: the bureau's review or return, the applicant's more
    evidence. Returns the bound forms to show again when refused, else (None, None)."""
    action = request.POST.get("action")
    if action in ("review", "return"):
        if not request.user.is_staff:
            raise PermissionDenied
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "return":
                    project_return(project, comments=data["comments"], user=request.user)
                    messages.success(request, "已退回补充，申报学校会在项目页看到评审意见。")
                else:
                    if data["score"] is None:
                        raise ValidationError("请填写评审得分。")
                    grade = data["grade"] or grade_of_score(data["score"])
                    project_review(project, score=data["score"], grade=grade, comments=data["comments"], user=request.user)
                    messages.success(request, "评审结果已保存。")
                return None, None
            except ValidationError as refused:
                _refused(form, refused)
        return None, form
    if not is_applicant:
        raise PermissionDenied
    form = ResubmitForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            project_resubmit(
                project, evidence=form.cleaned_data["evidence"], documents=form.cleaned_data["documents"], user=request.user
            )
            messages.success(request, "已补充材料并重新申报。")
            return None, None
        except ValidationError as refused:
            _refused(form, refused)
    return form, None


@login_required
@require_POST
def project_withdraw_view(request, project_id):
    project = _project_for(request, project_id)
    if not may_write_plan(request.user, project.community):
        raise PermissionDenied
    try:
        project_withdraw(project, user=request.user)
        messages.success(request, "项目评估申报已撤回。")
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
    return redirect("portal:project", project_id=project.pk)


@login_required
def project_document(request, project_id, document_id):
    project = _project_for(request, project_id)
    document = get_object_or_404(project.documents, pk=document_id)
    return attachment_response(document.file, content_type=document.content_type, original_name=document.original_name)


def projects_url(community_id: int) -> str:
    return f"{reverse('portal:community', args=[community_id])}#projects"
