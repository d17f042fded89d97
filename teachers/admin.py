from copy import copy
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db.models import Max, Min
from django.forms.models import construct_instance
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from jiaogongti.history_admin import HistoryAdmin
from jiaogongti.policy import ENDING_SOON_DAYS, POLICY_TEXTS
from jiaogongti.school_year import (
    current_school_year,
    school_year_end,
    school_year_label,
    school_year_of,
    school_year_start,
)
from jobs.uploads import import_view
from schools.models import District
from schools.selectors import allowance_rates_text

from . import exchange_rules
from .exchange_check import check_exchange, shared_community_id
from .importer import import_exchanges, import_teachers
from .models import Exchange, Teacher
from .rules import (
    cooperative_without_core_sending,
    core_new_teachers_due,
    excellent_quota,
    exchange_compliance,
    mountain_senior_candidates,
    rural_allowances,
    shadowing_checks,
)
from .selectors import (
    effective_exchanges_in,
    ending_soon,
    inflow_teachers,
    noted_exchanges_starting_in,
    teachers_of_year,
    with_notes,
)
from .services import exchange_approve, exchange_finish, exchange_reject, exchange_start

DEFAULT_EXCELLENT_RATIO = 15  # % — no document fixes it; the bureau types its own


class RulesForm(forms.Form):
    year = forms.IntegerField(label="学年", min_value=2000, max_value=2100)
    district = forms.ModelChoiceField(
        label="学区", queryset=District.objects.order_by("name"), required=False, empty_label="全市"
    )
    base_ratio = forms.DecimalField(
        label="年度考核“优秀”基准比例（%）",
        min_value=0,
        max_value=100,
        decimal_places=1,
        help_text=f"流入教师在此基础上上浮 {POLICY_TEXTS.excellent_extra_points} 个百分点，单列核算",
    )
    service_years = forms.IntegerField(
        label="核心校新教师服务期（年）",
        min_value=1,
        max_value=10,
        required=False,
        help_text="实施方案未规定年限，请按本市规定填写后核算",
    )


@admin.register(Teacher)
class TeacherAdmin(HistoryAdmin):
    list_display = ["staff_id", "name", "school", "establishment_school", "subject", "title", "hire_date"]
    list_filter = ["title", "school__district"]
    list_select_related = ["school", "establishment_school"]
    search_fields = ["staff_id", "name", "school__name"]
    autocomplete_fields = ["school", "establishment_school"]
    sortable_by = ["staff_id"]
    change_list_template = "admin/teachers/teacher/change_list.html"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_teachers_view), name="teachers_teacher_import"),
            *super().get_urls(),
        ]

    def import_teachers_view(self, request):
        return import_view(
            request,
            self,
            title="导入教师",
            importer=import_teachers,
            help_text="表头：工号 | 姓名 | 学校 | 学科 | 职称 | 入职日期，可另加一列“编制学校”（不填则与学校相同）。工号为键，重复导入只更新。"
            "身份证号等长工号请在 Excel 中把该列设为“文本”，否则 Excel 会丢失位数。",
        )


class SchoolYearFilter(admin.SimpleListFilter):
    """Exchanges by the 学年 they start in (1 September to 31 August)."""

    title = "学年（按开始日期）"
    parameter_name = "school_year"

    def lookups(self, request, model_admin):
        dates = Exchange.objects.aggregate(first=Min("start_date"), last=Max("start_date"))
        if dates["first"] is None:
            return []
        first, last = school_year_of(dates["first"]), school_year_of(dates["last"])
        return [(y, school_year_label(y)) for y in range(last, first - 1, -1)]

    def queryset(self, request, queryset):
        # str(): the facet counts pass the lookup values themselves, which are ints.
        if self.value() and str(self.value()).isdigit():
            year = int(self.value())
            return queryset.filter(start_date__gte=school_year_start(year), start_date__lte=school_year_end(year))
        return queryset


class EndingSoonFilter(admin.SimpleListFilter):
    title = "期满"
    parameter_name = "ending"

    def lookups(self, request, model_admin):
        return [("90", f"{ENDING_SOON_DAYS} 天内期满（已批准或进行中）")]

    def queryset(self, request, queryset):
        if self.value() == "90":
            return ending_soon(queryset)
        return queryset


class NotedFilter(admin.SimpleListFilter):
    title = "提示"
    parameter_name = "noted"

    def lookups(self, request, model_admin):
        return [("yes", "有提示"), ("no", "无提示")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return with_notes(queryset)
        if self.value() == "no":
            return queryset.filter(notes=[])
        return queryset


class ExchangeActionForm(ActionForm):
    reason = forms.CharField(label="驳回理由", required=False, widget=forms.TextInput(attrs={"size": 40}))


class ExchangeAdminForm(forms.ModelForm):
    class Meta:
        model = Exchange
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            # ModelForm fills the instance only after clean(); check what is about to be saved.
            candidate = construct_instance(self, copy(self.instance))
            # The community is not typed in: it is the one both schools are in that 学年.
            candidate.community_id = self.instance.community_id = shared_community_id(
                candidate.from_school_id, candidate.to_school_id, school_year_of(candidate.start_date)
            )
            try:
                self.instance.notes = check_exchange(candidate)
            except ValidationError as error:
                # The model's check constraints say these two themselves, after clean().
                said_by_constraints = (exchange_rules.TWO_SCHOOLS.message, exchange_rules.ENDS_AFTER_START.message)
                messages = [m for m in error.messages if m not in said_by_constraints]
                if messages:
                    raise forms.ValidationError(messages) from error
        return cleaned


@admin.register(Exchange)
class ExchangeAdmin(HistoryAdmin):
    form = ExchangeAdminForm
    action_form = ExchangeActionForm
    list_display = [
        "teacher",
        "from_school",
        "to_school",
        "kind",
        "start_date",
        "planned_end",
        "establishment_moved",
        "status",
        "notes_count",
        "reject_reason",
    ]
    list_filter = [
        "status",
        NotedFilter,
        SchoolYearFilter,
        EndingSoonFilter,
        "kind",
        ("community__core_school", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["teacher", "from_school", "to_school"]
    search_fields = ["teacher__name", "teacher__staff_id", "from_school__name", "to_school__name"]
    autocomplete_fields = ["teacher", "from_school", "to_school"]
    # The status moves only through the actions (approve, reject with a reason, …), which
    # follow the allowed transitions; the community follows from the two schools.
    readonly_fields = ["community", "status", "reject_reason", "notes_shown", "filed_by", "filed_at"]
    # Once a teacher has gone, who went where and whether the 编制 moved are what the
    # start and finish actions acted on (the 编制 followed them): fixed from then on.
    fixed_once_started = ["teacher", "from_school", "to_school", "establishment_moved"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status in (Exchange.Status.IN_PROGRESS, Exchange.Status.FINISHED):
            return [*self.fixed_once_started, *self.readonly_fields]
        return self.readonly_fields

    date_hierarchy = "start_date"
    sortable_by = ["start_date"]
    actions = ["approve", "reject", "start", "finish"]
    change_list_template = "admin/teachers/exchange/change_list.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_exchanges_view), name="teachers_exchange_import"),
            path("rules/", wrap(self.rules_view), name="teachers_exchange_rules"),
            path("rule-book/", wrap(self.rule_book_view), name="teachers_exchange_rule_book"),
            *super().get_urls(),
        ]

    def import_exchanges_view(self, request):
        return import_view(
            request,
            self,
            title="导入历年交流记录",
            importer=import_exchanges,
            help_text="表头：工号 | 派出学校 | 接收学校 | 类型 | 开始日期 | 结束日期 | 迁编 | 状态。结束日期不填则按"
            f"{POLICY_TEXTS.term_years}年一轮计算。"
            "新的交流请由学校在门户中申报。",
        )

    def rules_view(self, request):
        # Links (e.g. from the dashboard) give only the 学年: the ratio keeps its default.
        form = RulesForm({"year": current_school_year(), "base_ratio": DEFAULT_EXCELLENT_RATIO, **request.GET.dict()})
        form.is_valid()  # what is wrong is shown; what is right is still used
        year = form.cleaned_data.get("year", current_school_year())
        base_ratio = form.cleaned_data.get("base_ratio", Decimal(DEFAULT_EXCELLENT_RATIO))
        district = form.cleaned_data.get("district")
        service_years = form.cleaned_data.get("service_years")

        def in_district(school) -> bool:  # one 学区 (a dashboard bar's link), or the county
            return district is None or school.district_id == district.id

        inflow = inflow_teachers(year)
        # Read once, for the 10% rule and the 特岗津贴.
        teachers, exchanges = teachers_of_year(year), effective_exchanges_in(year)
        compliance = [row for row in exchange_compliance(year, teachers=teachers, exchanges=exchanges) if in_district(row.school)]
        quota_rows = [
            (row.school, inflow.get(row.school.id, 0), excellent_quota(inflow.get(row.school.id, 0), base_ratio / 100))
            for row in compliance
            if inflow.get(row.school.id)
        ]
        allowances = [row for row in rural_allowances(year, teachers=teachers, exchanges=exchanges) if in_district(row.school)]
        on = min(timezone.localdate(), school_year_end(year))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{school_year_label(year)} 教师交流政策核算" + (f"（{district.name}学区）" if district else ""),
            "form": form,
            "compliance": compliance,
            "shadowing": [check for check in shadowing_checks(year) if in_district(check.teacher.school)],
            "service_years": service_years,
            "service_due": (
                [item for item in core_new_teachers_due(year, service_years) if in_district(item.teacher.school)]
                if service_years
                else None
            ),
            "mountain": [item for item in mountain_senior_candidates(on) if in_district(item.current_school)],
            "mountain_on": on,
            "quota_rows": quota_rows,
            "allowances": allowances,
            "allowance_total": sum(row.amount for row in allowances),
            "allowance_rates": allowance_rates_text(),
            "cooperative_notes": cooperative_without_core_sending(year),
            "noted_exchanges": noted_exchanges_starting_in(year),
        }
        return TemplateResponse(request, "admin/teachers/rules.html", context)

    def rule_book_view(self, request):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "交流规则（系统据此拒绝或提示）",
            "rules": exchange_rules.RULES.values(),
        }
        return TemplateResponse(request, "admin/teachers/rule_book.html", context)

    @admin.display(description="提示")
    def notes_shown(self, exchange):
        if not exchange.notes:
            return "—"
        return format_html_join(mark_safe("<br>"), "{}", ((note["message"],) for note in exchange.notes))

    @admin.display(description="提示")
    def notes_count(self, exchange):
        return f"{len(exchange.notes)} 条" if exchange.notes else ""

    def _apply(self, request, queryset, change, done_message):
        done, failed = 0, []
        for exchange in queryset.select_related("teacher"):
            try:
                change(exchange)
                done += 1
            except ValidationError as error:
                failed.append(f"{exchange.teacher.name}：{'；'.join(error.messages)}")
        if done:
            messages.success(request, done_message.format(count=done))
        for failure in failed:
            messages.error(request, failure)

    @admin.action(description="批准所选交流")
    def approve(self, request, queryset):
        self._apply(request, queryset, exchange_approve, "已批准 {count} 条交流。")

    @admin.action(description="驳回所选交流（须填写驳回理由）")
    def reject(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            messages.error(request, "驳回必须填写理由：请在“驳回理由”框中填写后再执行。")
            return
        self._apply(request, queryset, lambda e: exchange_reject(e, reason=reason), "已驳回 {count} 条交流。")

    @admin.action(description="标记为进行中")
    def start(self, request, queryset):
        self._apply(request, queryset, exchange_start, "{count} 条交流已标记为进行中。")

    @admin.action(description="标记为已结束（期满归队）")
    def finish(self, request, queryset):
        self._apply(request, queryset, exchange_finish, "{count} 条交流已标记为已结束。")
