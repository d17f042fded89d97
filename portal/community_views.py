"""The portal's pages of one community: its page (schools, type history, the 学年's plan
and exchanges) and its plan, written by the core school's head."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessment.models import ProjectReview
from assessment.projects import may_apply, project_applies
from assessment.results import assessed, results_over_years
from communities.models import Community
from communities.selectors import communities_visible_to, roster_year_for
from exchanges.models import Exchange
from jiaogongti.attachments import attachment_response
from jiaogongti.forms import YearChoiceForm
from jiaogongti.once import submit_once
from jiaogongti.school_year import current_school_year, school_year_end, school_year_label, school_year_of, school_year_start
from schools.models import Account, School
from schools.selectors import account_of, schools_visible_to
from teamwork.activities import activity_record, community_schools, counts_against_plan
from teamwork.files import attachments_visible_to
from teamwork.models import Activity, ActivityCategory, Studio
from teamwork.plans import charter_applies, plan_of, plan_save, plan_year_open
from teamwork.roles import may_remove_attachment, may_write_plan
from teamwork.studios import studio_save
from timetable.lessons import lesson_rates, term_summaries

from .forms import ActivityForm, PlanForm, StudioForm

ACTIVITIES_PER_PAGE = 10


def _community_context(request, community) -> dict:
    """What a community's page shows, for the portal and the admin alike: its 编号, its
    schools and type in each 学年, and the chosen 学年's plan, activities, 一张表, studios
    and exchanges between its schools."""
    years = list(community.years.prefetch_related("memberships__school").order_by("-school_year"))
    # Every 学年 since its first roster: a roster holds until the next one.
    first = min((y.school_year for y in years), default=current_school_year())
    form, year = YearChoiceForm.year_of(request, list(range(first, current_school_year() + 1)), current_school_year())
    exchanges = (
        Exchange.objects.filter(
            community=community, start_date__lte=school_year_end(year), planned_end__gte=school_year_start(year)
        )
        .select_related("teacher", "from_school", "to_school")
        .order_by("-start_date")
    )
    visible = set(schools_visible_to(request.user).values_list("pk", flat=True))
    account = account_of(request.user)
    return {
        "community": community,
        "years": years,
        "shown": next((y for y in years if y.school_year == roster_year_for(year)), None),
        "year": year,
        "year_label": school_year_label(year),
        "form": form,
        "exchanges": [(e, e.from_school_id if e.from_school_id in visible else e.to_school_id) for e in exchanges],
        "visible": visible,
        "plan": plan_of(community, year),
        "may_write_plan": may_write_plan(request.user, community),
        "plan_year_open": plan_year_open(community, year),
        "may_record_activity": account is not None
        and account.role == Account.Role.SCHOOL_HEAD
        and account.school in community_schools(community, current_school_year()),
        "counts": counts_against_plan(community, year),
        # The latest first, a page at a time: a busy community holds dozens a year.
        "activities": Paginator(
            Activity.objects.filter(community=community, school_year=year)
            .select_related("category", "host_school", "studio")
            .prefetch_related("schools", "attachments")
            .order_by("-date", "-pk"),
            ACTIVITIES_PER_PAGE,
        ).get_page(request.GET.get("activities_page")),
        "terms": term_summaries(community, year),
        "projects_apply": project_applies(community, year),
        "may_apply": may_apply(request.user, community, current_school_year()) and year == current_school_year(),
        "projects": ProjectReview.objects.filter(community=community, school_year=year),
        "assessment_results": results_over_years(community),
        "current_assessment": next(iter(assessed(year, [community])), None),
        "rates": lesson_rates(year, [community]).get(community.pk),
        "studios": Studio.objects.filter(community=community, founded_year__lte=year)
        .select_related("lead__school")
        .prefetch_related("members__school", "activities"),
    }


@login_required
def community_page(request, community_id):
    """A community for the heads of its schools and the 学区 staff of their 学区."""
    community = get_object_or_404(communities_visible_to(request.user), pk=community_id)
    return render(request, "portal/community.html", _community_context(request, community))


@staff_member_required
def community_overview(request, community_id):
    """The same page for the bureau, inside the admin."""
    community = get_object_or_404(Community.objects.select_related("core_school"), pk=community_id)
    context = {**admin.site.each_context(request), **_community_context(request, community), "title": str(community)}
    return render(request, "admin/communities/community/overview.html", context)


@login_required
@submit_once
def plan_edit(request, community_id, year):
    community = get_object_or_404(communities_visible_to(request.user), pk=community_id)
    if not may_write_plan(request.user, community):
        raise PermissionDenied
    if not plan_year_open(community, year):
        raise Http404("该学年没有这个教共体的计划。")
    plan = plan_of(community, year)
    categories = list(ActivityCategory.objects.all())
    form = PlanForm(
        request.POST or None,
        request.FILES or None,
        plan=plan,
        categories=categories,
        with_charter=charter_applies(community, year),
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_save(community=community, year=year, user=request.user, **form.plan_values())
        except ValidationError as refused:  # e.g. more attachments than a record keeps
            for message in refused.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"{school_year_label(year)}计划已保存。")
            return redirect(f"{reverse('portal:community', args=[community.pk])}?year={year}")
    context = {"community": community, "form": form, "year_label": school_year_label(year), "year": year}
    return render(request, "portal/plan_form.html", context)


@login_required
@submit_once
def activity_new(request, community_id):
    """A school head of the community records an activity their school hosted."""
    community = get_object_or_404(communities_visible_to(request.user), pk=community_id)
    account = account_of(request.user)
    year = current_school_year()
    schools = community_schools(community, year)
    if account is None or account.role != Account.Role.SCHOOL_HEAD or account.school not in schools:
        raise PermissionDenied
    host = account.school
    partners = School.objects.filter(pk__in=[s.pk for s in schools if s != host]).order_by("name")
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        categories=ActivityCategory.objects.all(),
        partners=partners,
        studios=community.studios.all(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity_record(community=community, host_school=host, user=request.user, **form.cleaned_data)
        except ValidationError as refused:
            for message in refused.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "活动已记录。")
            return redirect(
                f"{reverse('portal:community', args=[community.pk])}?year={school_year_of(form.cleaned_data['date'])}"
            )
    return render(request, "portal/activity_form.html", {"community": community, "form": form, "host": host})


@login_required
@submit_once
def studio_edit(request, community_id, studio_id=None):
    """The core school's head sets up a 名师工作室 or changes its lead and members."""
    community = get_object_or_404(communities_visible_to(request.user), pk=community_id)
    if not may_write_plan(request.user, community):
        raise PermissionDenied
    studio = get_object_or_404(community.studios, pk=studio_id) if studio_id else None
    form = StudioForm.of(request.POST or None, studio)
    if request.method == "POST" and form.is_valid():
        year = studio.founded_year if studio else current_school_year()
        try:
            studio = studio_save(community=community, year=year, studio=studio, **form.studio_values())
        except ValidationError as refused:
            for message in refused.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"名师工作室「{studio}」已保存。")
            return redirect(f"{reverse('portal:community', args=[community.pk])}#studios")
    return render(request, "portal/studio_form.html", {"community": community, "form": form, "studio": studio})


@login_required
def attachment_view(request, attachment_id):
    """A kept file, for those who may see its community; to anyone else it does not exist."""
    attachment = get_object_or_404(attachments_visible_to(request.user), pk=attachment_id)
    return attachment_response(attachment.file, content_type=attachment.content_type, original_name=attachment.original_name)


@login_required
@require_POST
def attachment_delete(request, attachment_id):
    attachment = get_object_or_404(attachments_visible_to(request.user).select_related("community"), pk=attachment_id)
    if not may_remove_attachment(request.user, attachment):
        raise PermissionDenied
    year = attachment.plan.school_year if attachment.plan_id else attachment.activity.school_year
    attachment.delete()
    messages.success(request, f"附件「{attachment.original_name}」已删除。")
    return redirect(f"{reverse('portal:community', args=[attachment.community_id])}?year={year}")
