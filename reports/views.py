"""The bureau's dashboard and the annual report download (staff only)."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse

from communities.selectors import roster_years
from jiaogongti.converters import MAX_ID
from jiaogongti.forms import YearChoiceForm
from jiaogongti.school_year import current_school_year, school_year_label, school_year_over
from jiaogongti.text import whole_number
from jobs.admin import job_page_url
from jobs.services import job_submit_report
from schools.models import District

from .annual_report import annual_report_filename, write_annual_report_file
from .charts import dashboard_charts
from .closing import closed_dashboard, closure_in_force, dashboard_changes
from .dashboard import kept_dashboard
from .work import communities_work


def _year(request):
    """The 学年 picker and the 学年 asked for: any with a roster, and the current one (the
    default)."""
    current = current_school_year()
    return YearChoiceForm.year_of(request, [*roster_years(), current], default=current)


def _roster_note(roster_year):
    if roster_year is not None:
        return f"教共体名单采用 {school_year_label(roster_year)} 名单。"
    years = roster_years()
    if years:
        return f"该学年早于最早的教共体名单（{school_year_label(years[-1])}），当时还没有教共体。"
    return "尚无任何学年的教共体名单，请先在“教共体”中导入名单。"


@staff_member_required
def dashboard_view(request):
    form, year = _year(request)
    if form.problem:  # a mistyped address: say which 学年 is shown instead
        messages.warning(request, f"{form.problem}，已显示{school_year_label(year)}。")
    closure = closure_in_force(year)
    # A closed 学年 shows what was kept on closing, and how much the records now differ.
    board = kept_dashboard(year) if closure is None else closed_dashboard(closure)
    changes = None if closure is None else dashboard_changes(closure, kept_dashboard(year))
    context = {
        **admin.site.each_context(request),
        "closure": closure,
        "closed_changes": changes,
        "is_nav_sidebar_enabled": False,  # the charts need the width
        "title": f"{school_year_label(year)} 教共体数据看板",
        "policy": board.policy,  # the 学年's figures, wherever the page writes one
        "year": year,
        "form": form,
        "board": board,
        "charts": dashboard_charts(board),
        "roster_note": _roster_note(board.roster_year),
        "report_link": reverse("reports:annual_report") + f"?year={year}",
    }
    return render(request, "reports/dashboard.html", context)


@staff_member_required
def closed_changes_view(request):
    """What the records now give differently from a closed 学年's kept dashboard."""
    form, year = _year(request)
    closure = closure_in_force(year)
    context = {
        **admin.site.each_context(request),
        "title": f"{school_year_label(year)} 归档后变化",
        "year": year,
        "closure": closure,
        "changes": [] if closure is None else dashboard_changes(closure, kept_dashboard(year)),
        "report_link": reverse("reports:annual_report") + f"?year={year}",
    }
    return render(request, "reports/closed_changes.html", context)


@staff_member_required
def communities_work_view(request):
    """Each community's activities against its plan and its lessons: the rows behind the
    dashboard's 活动完成计划 and 同步课堂开课率, for the county or one 学区."""
    form, year = _year(request)
    district = District.objects.filter(pk=whole_number(request.GET.get("district"), 1, MAX_ID)).first()
    context = {
        **admin.site.each_context(request),
        "title": f"{school_year_label(year)} 教共体工作完成情况" + (f"（{district.name}学区）" if district else ""),
        "year": year,
        "form": form,
        "district": district,
        "districts": District.objects.order_by("name"),
        "work": communities_work(year, district.pk if district else None),
        "in_progress": not school_year_over(year),
    }
    return render(request, "reports/communities_work.html", context)


@staff_member_required
def annual_report_download(request):
    form, year = _year(request)
    if form.problem:  # never a workbook of another 学年 than asked for
        return HttpResponseBadRequest(f"{form.problem}。", content_type="text/plain; charset=utf-8")
    # Made in the background (a province's report takes longer than a request may): the
    # job's page shows the progress, then the download.
    job = job_submit_report(
        writer=write_annual_report_file,
        title=f"{school_year_label(year)}年度报表",
        filename=annual_report_filename(year),
        options={"year": year},
        user=request.user,
    )
    return redirect(job_page_url(job))
