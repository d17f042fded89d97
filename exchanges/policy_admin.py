"""The bureau's 政策核算 page (what the plan asks of the 学年, worked out by `rules`,
`career_rules` and `allowance`) and the rule book's own page: both reached from the
exchange list of the admin."""

from django import forms
from django.template.response import TemplateResponse
from django.utils import timezone

from communities.selectors import members_in
from jiaogongti.list_totals import ListTotal, money_figure, part_of_whole
from jiaogongti.school_year import current_school_year, school_year_end, school_year_label
from jiaogongti.templatetags.humanize_cn import yuan
from policy.figures import allowance_rates_text, figures_for
from schools.models import District
from teachers.register import year_teachers

from . import exchange_rules
from .allowance import rural_allowances
from .career_rules import core_new_teachers_due, mountain_senior_candidates, shadowing_checks
from .careers import excellent_exchange_teachers
from .core_sending import cooperative_without_core_sending
from .excellent_quota import excellent_quotas
from .selectors import effective_exchanges_in, inflow_teachers, noted_exchanges_starting_in
from .ten_percent import exchange_compliance


class RulesForm(forms.Form):
    year = forms.IntegerField(label="学年", min_value=2000, max_value=2100)
    district = forms.ModelChoiceField(
        label="学区", queryset=District.objects.order_by("name"), required=False, empty_label="全市"
    )
    service_years = forms.IntegerField(
        label="核心校新教师服务期（年）",
        min_value=1,
        max_value=10,
        required=False,
        help_text="实施方案未规定年限，请按本市规定填写后核算",
    )


def policy_page(request, model_admin):
    form = RulesForm({"year": current_school_year(), **request.GET.dict()})
    form.is_valid()  # what is wrong is shown; what is right is still used
    year = form.cleaned_data.get("year", current_school_year())
    district = form.cleaned_data.get("district")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"{school_year_label(year)} 教师交流政策核算" + (f"（{district.name}学区）" if district else ""),
        "form": form,
        "year": year,
        **policy_figures(
            year,
            district,
            service_years=form.cleaned_data.get("service_years"),
        ),
    }
    return TemplateResponse(request, "admin/exchanges/rules.html", context)


def policy_figures(year: int, district: District | None, *, service_years: int | None) -> dict:
    """Every figure of the page, for one 学区 (a dashboard bar's link) or the county."""
    figures = figures_for(year)

    def in_district(school) -> bool:
        return district is None or school.district_id == district.id

    # Read once, for the 10% rule and the 特岗津贴.
    teachers, exchanges = year_teachers(year), effective_exchanges_in(year)
    compliance = [row for row in exchange_compliance(year, teachers=teachers, exchanges=exchanges) if in_district(row.school)]
    allowances = [row for row in rural_allowances(year, teachers=teachers, exchanges=exchanges) if in_district(row.school)]
    on = min(timezone.localdate(), school_year_end(year))
    due = core_new_teachers_due(year, service_years) if service_years else None
    co_built = [row for row in compliance if row.applies]  # 融合型、协作型: the 10 % rule does not bind them
    counted = [row for row in co_built if row.teachers]
    compliant = sum(1 for row in counted if row.compliant)
    without_teachers = len(co_built) - len(counted)
    allowance_amount, allowance_teachers = sum(row.amount for row in allowances), sum(row.teachers for row in allowances)
    return {
        "co_built_rows": co_built,
        "compliance_total": ListTotal(
            part_of_whole(compliant, len(counted)),
            f"共建型成员校 {len(counted)} 所可核算，其中达标 {compliant} 所"
            + (f"；另有 {without_teachers} 所没有本学年的教师记录，无法核算，未计入" if without_teachers else ""),
        ),
        "shadowing": [check for check in shadowing_checks(year) if in_district(check.teacher.school)],
        "service_years": service_years,
        "service_due": None if due is None else [item for item in due if in_district(item.teacher.school)],
        "mountain": [item for item in mountain_senior_candidates(on) if in_district(item.current_school)],
        "mountain_on": on,
        "quota_rows": excellent_quotas(
            [row.school for row in compliance],
            inflow_teachers(year, members_in(year).values("school_id")),
            figures.excellent_base,
            figures.excellent_extra,
        ),
        "policy": figures.texts,
        "excellent_exchange_teachers": [
            appraisal for appraisal in excellent_exchange_teachers(year) if in_district(appraisal.exchange.to_school)
        ],
        "allowances": allowances,
        "allowance_total": ListTotal(money_figure(allowance_amount), f"{allowance_teachers} 人，{yuan(allowance_amount)} 元"),
        "allowance_rates": allowance_rates_text(year),
        "cooperative_notes": cooperative_without_core_sending(year),
        "noted_exchanges": noted_exchanges_starting_in(year),
    }


def rule_book_page(request, model_admin):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "交流规则（系统据此拒绝或提示）",
        "rules": exchange_rules.RULES.values(),
    }
    return TemplateResponse(request, "admin/exchanges/rule_book.html", context)
