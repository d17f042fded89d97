"""The portal's 同步课堂 pages: a community's table for a term (the core school enters
it), a session's lessons (held or not, and their 研讨), a school's own table and its
calendar feed address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from communities.selectors import communities_visible_to
from jiaogongti.forms import FIRST_YEAR
from jiaogongti.once import submit_once
from jiaogongti.school_year import current_school_year
from jiaogongti.text import whole_number
from schools.models import School
from schools.selectors import schools_visible_to
from teamwork.activities import community_schools
from teamwork.roles import may_write_plan
from timetable.feeds import feed_of, feed_renewed, may_renew_feed
from timetable.ical import sessions_of_school
from timetable.lessons import lesson_discussed, lesson_mark, lessons_of, may_record_lessons
from timetable.models import Session, Term
from timetable.sessions import session_add, session_remove
from timetable.terms import current_term, term_dates, term_label

from .timetable_forms import DiscussionForm, SessionForm


def _term_asked(request) -> tuple[int, int]:
    year, term = current_term()
    asked_year, asked_term = request.GET.get("year", ""), request.GET.get("term", "")
    # A term of a 学年 that can hold records: up to the next one (tables are drawn up ahead).
    year = whole_number(asked_year, FIRST_YEAR, current_school_year() + 1) or year
    if asked_term in ("1", "2"):
        term = int(asked_term)
    return year, term


def _terms_around(year: int) -> list[tuple[int, int, str]]:
    years = sorted({year, current_school_year(), current_school_year() + 1}, reverse=True)
    return [(y, t, term_label(y, t)) for y in years for t in (Term.SECOND, Term.FIRST)]


def _table_url(community_id: int, year: int, term: int) -> str:
    return f"{reverse('portal:timetable', args=[community_id])}?year={year}&term={term}"


@login_required
@submit_once
def community_timetable(request, community_id):
    community = get_object_or_404(communities_visible_to(request.user), pk=community_id)
    year, term = _term_asked(request)
    may_enter = may_write_plan(request.user, community)
    schools = School.objects.filter(pk__in=[s.pk for s in community_schools(community, year)]).order_by("name")
    form = SessionForm(request.POST or None, schools=schools) if may_enter else None
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied
        if form.is_valid():
            try:
                session_add(community=community, year=year, term=term, draft=form.draft(), user=request.user)
            except ValidationError as refused:
                for message in refused.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "同步课堂已加入课表。")
                return redirect(_table_url(community.pk, year, term))
    first_day, weeks = term_dates(year, term)
    sessions = (
        Session.objects.filter(community=community, school_year=year, term=term)
        .select_related("lead_school", "lead_teacher")
        .prefetch_related("listeners__school", "lessons")
    )
    context = {
        "community": community,
        "year": year,
        "term": term,
        "term_label": term_label(year, term),
        "terms": _terms_around(year),
        "first_day": first_day,
        "weeks": weeks,
        "sessions": sessions,
        "form": form,
        "may_enter": may_enter,
    }
    return render(request, "portal/timetable.html", context)


@login_required
@require_POST
def session_delete(request, community_id, session_id):
    community = get_object_or_404(communities_visible_to(request.user), pk=community_id)
    session = get_object_or_404(community.sync_sessions, pk=session_id)
    if not may_write_plan(request.user, community):
        raise PermissionDenied
    try:
        session_remove(session)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
    else:
        messages.success(request, f"已从课表删除：{session}。")
    return redirect(_table_url(community.pk, session.school_year, session.term))


@login_required
@submit_once
def session_page(request, community_id, session_id):
    """A session's lessons week by week: held or not, and the 研讨 after each."""
    community = get_object_or_404(communities_visible_to(request.user), pk=community_id)
    session = get_object_or_404(
        community.sync_sessions.select_related("lead_school", "lead_teacher").prefetch_related("listeners__school"), pk=session_id
    )
    may_record = may_record_lessons(request.user, session)
    discussion_form = DiscussionForm(request.POST or None) if request.POST.get("action") == "discussed" else DiscussionForm()
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        week_text = request.POST.get("week", "")
        week = whole_number(week_text, 0, 99) or 0  # a mangled form: no such week, said below
        try:
            if request.POST.get("action") == "discussed":
                if not discussion_form.is_valid():
                    raise ValidationError([e for errors in discussion_form.errors.values() for e in errors])
                lesson_discussed(session, week, user=request.user, **discussion_form.cleaned_data)
                messages.success(request, f"第 {week} 周的同步教研已记录。")
            else:
                lesson_mark(session, week, held=request.POST.get("action") == "held", user=request.user)
                messages.success(request, f"第 {week} 周已登记。")
        except ValidationError as refused:
            for message in refused.messages:
                messages.error(request, message)
        return redirect(f"{reverse('portal:session', args=[community.pk, session.pk])}#week-{week}")
    context = {
        "community": community,
        "session": session,
        "term_label": term_label(session.school_year, session.term),
        "lessons": lessons_of(session),
        "may_record": may_record,
        "discussion_form": discussion_form,
    }
    return render(request, "portal/session.html", context)


@login_required
def school_timetable(request, school_id):
    """The sessions a school takes part in this term, and its calendar feed address."""
    school = get_object_or_404(schools_visible_to(request.user), pk=school_id)
    year, term = _term_asked(request)
    feed = feed_of(school)
    feed_url = request.build_absolute_uri(reverse("timetable:feed", args=[feed.token]))
    context = {
        "school": school,
        "year": year,
        "term": term,
        "term_label": term_label(year, term),
        "terms": _terms_around(year),
        "sessions": sessions_of_school(school, year, term),
        "feed_url": feed_url,
        "may_renew": may_renew_feed(request.user, school),
    }
    return render(request, "portal/school_timetable.html", context)


@login_required
@require_POST
def feed_renew(request, school_id):
    school = get_object_or_404(schools_visible_to(request.user), pk=school_id)
    if not may_renew_feed(request.user, school):
        raise PermissionDenied  # 学区 staff read the address; the school's head replaces it
    feed_renewed(school)
    messages.success(request, "已生成新的订阅地址，旧地址从现在起失效：请在手机日历中重新订阅。")
    return redirect("portal:school_timetable", school_id=school.pk)
