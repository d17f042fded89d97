"""The school heads' portal (/portal/): their school, community, teachers and exchanges.

Every view first finds the school within `schools_visible_to(request.user)`; anything
outside it is a 404, so nothing of another school leaks, not even that it exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from communities.selectors import community_years_of, roster_year_for
from evaluation.models import SchoolResult
from evaluation.rewards import member_rises
from exchanges.careers import appraisable, career_page_context, inflow_count, inflow_excellent_quota, record_appraisal
from exchanges.exchange_check import filing_choices
from exchanges.lists import ExchangeList
from exchanges.models import AppraisalGrade, Exchange, ExchangeAppraisal
from exchanges.selectors import away_teachers, ending_soon, status_history
from exchanges.services import exchange_file, exchange_filing_notes, exchange_withdraw
from exchanges.ten_percent import exchange_compliance
from jiaogongti.converters import MAX_ID
from jiaogongti.forms import YearChoiceForm
from jiaogongti.list_export import xlsx_response
from jiaogongti.once import submit_once
from jiaogongti.school_year import current_school_year, school_year_label
from jiaogongti.text import whole_number
from schools.models import School
from schools.selectors import schools_visible_to
from teachers.departures import report_departure
from teachers.lists import TeacherList
from teachers.models import DepartureReport, Teacher
from teachers.register import teachers_serving

from .forms import DepartureReportForm, ExchangeFilingForm
from .summaries import school_summaries


def _school_for(request, school_id) -> School:
    return get_object_or_404(schools_visible_to(request.user).select_related("district"), pk=school_id)


def _exchanges_of(school: School):
    return (
        Exchange.objects.filter(Q(from_school=school) | Q(to_school=school))
        .select_related("teacher", "from_school", "to_school")
        .order_by("-start_date", "-id")
    )


@login_required
def portal_home(request):
    schools = schools_visible_to(request.user)
    if request.user.is_staff:
        return redirect("admin:index")
    if schools.count() == 1:
        return redirect("portal:school", school_id=schools.get().pk)
    year = current_school_year()
    context = {"summaries": school_summaries(schools, year), "year_label": school_year_label(year)}
    return render(request, "portal/choose_school.html", context)


@login_required
def school_home(request, school_id):
    school = _school_for(request, school_id)
    year = current_school_year()
    ending = ending_soon(_exchanges_of(school))
    return render(
        request,
        "portal/school.html",
        {
            "school": school,
            "year_label": school_year_label(year),
            "roster_year": roster_year_for(year),
            "community_years": community_years_of(school, year),
            "teacher_count": teachers_serving(school, timezone.localdate()).count(),
            "ending_soon": ending,
            "results": _results_with_rises(school),
            "compliance": next(iter(exchange_compliance(year, schools=[school])), None),
        },
    )


def _results_with_rises(school: School) -> list[tuple]:
    """The school's results, newest first, each with its rise and reward as a member school
    (None where it was not a member or has no result the year before)."""
    results = list(SchoolResult.objects.filter(school=school).order_by("-school_year", "stage"))
    rises = {
        (year, rise.stage): rise for year in {r.school_year for r in results} for rise in member_rises(year, schools=[school])
    }
    return [(result, rises.get((result.school_year, result.stage))) for result in results]


@login_required
def teacher_list(request, school_id):
    school = _school_for(request, school_id)
    today = timezone.localdate()
    visiting = (
        Exchange.objects.filter(
            # Not 已结束: a finished exchange whose planned end is still ahead ended early.
            to_school=school,
            status__in=[Exchange.Status.APPROVED, Exchange.Status.IN_PROGRESS],
            start_date__lte=today,
            planned_end__gte=today,
        )
        .select_related("teacher__establishment_school", "from_school")
        .order_by("teacher__name")
    )
    teachers = list(teachers_serving(school, today).select_related("establishment_school").order_by("name"))
    reported = {
        report.teacher_id: report
        for report in DepartureReport.objects.filter(teacher__school=school, status=DepartureReport.Status.PENDING)
    }
    for teacher in teachers:
        teacher.pending_departure = reported.get(teacher.pk)
    return render(
        request,
        "portal/teachers.html",
        {
            "school": school,
            "teachers": teachers,
            "departed": school.teachers.filter(left_on__lt=today).order_by("-left_on", "name"),
            "visiting": visiting,
        },
    )


def _teacher_of(school: School, teacher_id) -> Teacher:
    """A teacher of the school (now, or last before they left): a school they moved away
    from sees nothing of their later career."""
    return get_object_or_404(school.teachers.all(), pk=teacher_id)


@login_required
def teacher_page(request, school_id, teacher_id):
    """A teacher's schools over time, exchanges, and what they count for (exchanges.careers)."""
    school = _school_for(request, school_id)
    teacher = _teacher_of(school, teacher_id)
    context = {"school": school, **career_page_context(teacher, timezone.localdate())}
    return render(request, "portal/teacher.html", context)


@login_required
def teacher_certificate(request, school_id, teacher_id):
    """The 交流任教经历证明 to print, for the bureau to sign and seal."""
    school = _school_for(request, school_id)
    teacher = _teacher_of(school, teacher_id)
    back = reverse("portal:teacher", args=[school.pk, teacher.pk])
    return render(request, "exchanges/certificate.html", {**career_page_context(teacher, timezone.localdate()), "back": back})


@login_required
def appraisals(request, school_id):
    """The receiving school's yearly 考核 of the teachers exchanged to it (四·(五)), within
    its inflow 优秀 quota (五·(三))."""
    school = _school_for(request, school_id)
    form, year = _appraisal_year(request)
    if request.method == "POST":
        exchange = get_object_or_404(appraisable(school, year), pk=whole_number(request.POST.get("exchange", ""), 1, MAX_ID))
        try:
            record_appraisal(exchange, year, request.POST.get("grade", ""), by=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, f"已记录{exchange.teacher.name} {school_year_label(year)}年度考核。")
        return redirect(f"{reverse('portal:appraisals', args=[school.pk])}?year={year}")
    recorded = {a.exchange_id: a for a in ExchangeAppraisal.objects.filter(exchange__to_school=school, school_year=year)}
    rows = [(exchange, recorded.get(exchange.pk)) for exchange in appraisable(school, year)]
    context = {
        "school": school,
        "form": form,
        "year": year,
        "year_label": school_year_label(year),
        "rows": rows,
        "grades": AppraisalGrade.choices,
        "quota": inflow_excellent_quota(school, year),
        "excellent": sum(1 for _, a in rows if a and a.grade == AppraisalGrade.EXCELLENT),
        "inflow": inflow_count(school, year),
    }
    return render(request, "portal/appraisals.html", context)


def _appraisal_year(request):
    """The 学年 asked for, else the last one: a 考核 is given when the 学年 ends."""
    current = current_school_year()
    return YearChoiceForm.year_of(request, list(range(current, current - 6, -1)), default=current - 1)


@login_required
@submit_once
def departure_report(request, school_id, teacher_id):
    """A head reports that a teacher of their school has left (离岗); the bureau confirms."""
    school = _school_for(request, school_id)
    teacher = get_object_or_404(teachers_serving(school, timezone.localdate()), pk=teacher_id)
    form = DepartureReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report_departure(teacher, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"已报告{teacher.name}离岗，等待市教育局确认；确认前该教师仍按在职计算。")
            return redirect("portal:teachers", school_id=school.pk)
    return render(request, "portal/departure_form.html", {"school": school, "teacher": teacher, "form": form})


@login_required
def exchange_list(request, school_id):
    school = _school_for(request, school_id)
    return render(request, "portal/exchanges.html", {"school": school, "exchanges": _exchanges_of(school)})


@login_required
@submit_once
def exchange_new(request, school_id):
    school = _school_for(request, school_id)
    community_years = community_years_of(school, current_school_year())
    # A core school leading two communities may send to the members of either.
    choices = filing_choices(school.pk, community_years)
    # Those 在职 there today: a teacher who has left is no longer offered.
    teachers = teachers_serving(school, timezone.localdate()).order_by("name")
    form = ExchangeFilingForm(
        request.POST or None,
        teachers=teachers,
        away=away_teachers(teachers.values("pk")),
        receiving_schools=School.objects.filter(pk__in=choices.receiving_school_ids).order_by("name"),
        kinds=choices.kinds,
    )
    notes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filing = {
            "teacher": data["teacher"],
            "to_school": data["to_school"],
            "kind": data["kind"],
            "start_date": data["start_date"],
            "planned_end": data["planned_end"],
            "establishment_moved": data["establishment_moved"],
            "filed_by": request.user,
            "from_school": school,
            "remark": data["remark"],
        }
        try:
            # A filing that raises 提示 is shown with them first; the head submits it knowingly.
            notes = [] if request.POST.get("confirmed") else exchange_filing_notes(**filing)
            if not notes:
                exchange_file(**filing)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if not notes:
                messages.success(request, "交流申报已提交，等待市教育局审批。")
                return redirect("portal:exchanges", school_id=school.pk)
    return render(
        request,
        "portal/exchange_form.html",
        {"school": school, "form": form, "community_years": community_years, "notes": notes},
    )


@login_required
def teacher_export(request, school_id):
    """The school's own teachers, in the columns of the teacher import."""
    school = _school_for(request, school_id)
    return xlsx_response([TeacherList(school.teachers.all())], f"{school.name}_教师_{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def exchange_export(request, school_id):
    """The exchanges the school sends or receives, in the columns of the exchange import."""
    school = _school_for(request, school_id)
    return xlsx_response([ExchangeList(_exchanges_of(school))], f"{school.name}_交流记录_{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def exchange_detail(request, school_id, exchange_id):
    school = _school_for(request, school_id)
    exchange = get_object_or_404(_exchanges_of(school).select_related("community__core_school", "filed_by"), pk=exchange_id)
    return render(
        request,
        "portal/exchange_detail.html",
        {"school": school, "exchange": exchange, "status_history": status_history(exchange)},
    )


@login_required
def exchange_print(request, school_id, exchange_id):
    """The 教师交流申报表 to print and sign: the record as filed, with places for each side."""
    school = _school_for(request, school_id)
    exchange = get_object_or_404(_exchanges_of(school).select_related("community__core_school", "teacher"), pk=exchange_id)
    return render(request, "portal/exchange_print.html", {"school": school, "exchange": exchange})


@login_required
def exchange_withdraw_view(request, school_id, exchange_id):
    school = _school_for(request, school_id)
    if request.method != "POST":  # an opened link, not the button: show the list
        return redirect("portal:exchanges", school_id=school.pk)
    # Only the sending school withdraws what it filed.
    exchange = get_object_or_404(Exchange.objects.filter(from_school=school), pk=exchange_id)
    try:
        exchange_withdraw(exchange)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已撤回 {exchange.teacher.name} 的交流申报。")
    return redirect("portal:exchanges", school_id=school.pk)
