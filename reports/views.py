"""The bureau's dashboard and the annual report download (staff only)."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse

from communities.selectors import roster_years
from jiaogongti.forms import YearChoiceForm
from jiaogongti.school_year import current_school_year, school_year_label
from jobs.admin import job_page_url
from jobs.services import job_submit_report

from .dashboard import bars, dashboard
from .figures import TOTAL
from .sheets import annual_report_filename, write_annual_report_file


def _year(request):
    """The 学年 picker and the 学年 asked for: any with a roster, and the current one (the
    default)."""
    current = current_school_year()
    return YearChoiceForm.year_of(request, [*roster_years(), current], default=current)


def _percent(value):
    return "—" if value is None else f"{value:.1%}"


def _yuan(value):
    return f"{value:,} 元"


def _admin(name, **query):
    return reverse(name) + ("?" + urlencode(query) if query else "")


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
    board = dashboard(year)
    lines = board.districts
    rules_link = _admin("admin:teachers_exchange_rules", year=year)
    rewards_link = _admin("admin:evaluation_rewards", year=year)
    charts = [
        {
            "title": "乡村、镇区公办学校加入教共体（覆盖率）",
            "county": f"{board.county.coverage_covered} / {board.county.coverage_targets}（{_percent(board.county.coverage_ratio)}）",
            "county_link": _admin(
                "admin:schools_school_changelist", ownership__exact="公办", locality__in="乡村,镇区", in_community="none"
            ),
            "rows": bars(
                [line for line in lines if line.coverage_targets],
                lambda line: line.coverage_ratio,
                _percent,
                lambda line: _admin(
                    "admin:schools_school_changelist",
                    district__id__exact=line.district.id,
                    ownership__exact="公办",
                    locality__in="乡村,镇区",
                ),
            ),
            "note": "目标：2021年乡村和镇区公办义务教育学校全覆盖。"
            + (
                f"另有 {board.unclassified_schools} 所学校未填“城乡”或“办学性质”，未计入；请在学校名录中补填。"
                if board.unclassified_schools
                else ""
            ),
        },
        {
            "title": "融合型、共建型教共体占比",
            # The county figure as the report's 覆盖与类型 sheet has it (every community of the
            # roster); the bars count each community in the 学区 of its members.
            "county": f"{board.type_shares[TOTAL].close_types} / {board.type_shares[TOTAL].total}"
            f"（{_percent(board.type_shares[TOTAL].share)}，目标 {_percent(board.target)}）",
            "county_link": _admin("admin:communities_communityyear_changelist", school_year=board.roster_year or year),
            "rows": bars(
                [line for line in lines if line.communities],
                lambda line: line.close_share,
                _percent,
                lambda line: _admin(
                    "admin:communities_communityyear_changelist",
                    school_year=board.roster_year or year,
                    memberships__school__district__id__exact=line.district.id,
                ),
            ),
            "note": "按成员校所在学区统计；至“十四五”末不低于 80%。",
        },
        {
            "title": "共建型成员校交流达 10% 的比例",
            "county": f"{board.county.co_built_compliant} / {board.county.co_built_members} 所达标（{_percent(board.county.compliance_ratio)}）",
            "county_link": rules_link,
            "rows": bars(
                [line for line in lines if line.co_built_members],
                lambda line: line.compliance_ratio,
                _percent,
                lambda line: _admin("admin:teachers_exchange_rules", year=year, district=line.district.id),
            ),
            "note": "每年交流人数不低于成员校在职教师数的 10%。"
            + (
                f"另有 {board.county.co_built_without_teachers} 所共建型成员校没有本学年的教师记录，无法核算，未计入；请导入教师名单。"
                if board.county.co_built_without_teachers
                else ""
            ),
        },
        {
            "title": "成员校 Z值提升奖励（应发）",
            "county": f"{board.county.members_rewarded} / {board.county.members_with_results} 所提升 5 分及以上，"
            f"应发合计 {_yuan(board.county.rewards)}，已确认 {_yuan(board.county.rewards_granted)}",
            "county_link": rewards_link,
            "rows": bars(
                [line for line in lines if line.members_with_results], lambda line: line.rewards, _yuan, lambda line: rewards_link
            ),
            "note": "毕业班每班 1 万元。",
        },
        {
            "title": "特岗津贴（全学年）",
            "county": f"{board.county.allowance_teachers} 人，合计 {_yuan(board.county.allowance)}",
            "county_link": rules_link + "#allowance",
            "rows": bars(
                [line for line in lines if line.allowance],
                lambda line: line.allowance,
                _yuan,
                lambda line: _admin("admin:teachers_exchange_rules", year=year, district=line.district.id) + "#allowance",
            ),
            "note": "高楼、湖岭 800 元/月；马屿、陶山 600 元/月。",
        },
    ]
    context = {
        **admin.site.each_context(request),
        "is_nav_sidebar_enabled": False,  # the charts need the width
        "title": f"{school_year_label(year)} 教共体数据看板",
        "year": year,
        "form": form,
        "board": board,
        "charts": charts,
        "roster_note": _roster_note(board.roster_year),
        "report_link": reverse("reports:annual_report") + f"?year={year}",
    }
    return render(request, "reports/dashboard.html", context)


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
