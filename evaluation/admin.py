from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from communities.selectors import roster_years
from jiaogongti.converters import MAX_ID
from jiaogongti.forms import YearChoiceForm
from jiaogongti.history_admin import HistoryAdmin
from jiaogongti.list_export import ListExportMixin
from jiaogongti.list_totals import ListTotal, money_figure
from jiaogongti.school_year import current_school_year, school_year_label
from jiaogongti.templatetags.humanize_cn import two_decimals, yuan
from jiaogongti.text import whole_number
from jobs.uploads import import_view
from policy.figures import figures_for
from schools.models import District

from .imports import SCORES
from .lists import ScoreList
from .models import (
    CoreAward,
    RewardGrant,
    SchoolResult,
    SubjectScore,
    SubjectStatistics,
    SubjectWeight,
    ZSettings,
)
from .rewards import (
    core_awards_due,
    district_quality,
    grant_differs,
    grant_member_rewards,
    grants_against_rises,
    member_rises,
)
from .zscore import recompute_year


class SubjectScoreInline(admin.TabularInline):
    model = SubjectScore
    fields = ["subject", "candidates", "average", "std_dev"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SchoolResult)
class SchoolResultAdmin(ListExportMixin, admin.ModelAdmin):
    list_export_title = "考核成绩"

    def list_sheet(self, queryset):
        return ScoreList(SubjectScore.objects.filter(result__in=queryset.values("pk")))

    # Rewards are not shown per result: only member schools, judged on their community's
    # 学段, earn one; the Z值提升与奖励 page lists them from `member_rises`.
    list_display = [
        "year_label",
        "stage",
        "school",
        "district",
        "previous_z_display",
        "z_display",
        "rise_display",
        "graduating_classes",
    ]
    list_filter = ["school_year", "stage", "school__district"]
    list_select_related = ["school__district"]
    search_fields = ["school__name"]
    sortable_by = ["year_label"]
    readonly_fields = ["school_year", "stage", "school", "graduating_classes", "z_display", "settings_display", "computed_at"]
    fields = readonly_fields
    inlines = [SubjectScoreInline]
    change_list_template = "admin/evaluation/schoolresult/change_list.html"
    list_per_page = 100

    def has_add_permission(self, request):
        return False  # results come from import_scores, so the Z值 always matches its inputs

    def get_queryset(self, request):
        previous = SchoolResult.objects.filter(
            school_id=OuterRef("school_id"), stage=OuterRef("stage"), school_year=OuterRef("school_year") - 1
        ).values("z_value")[:1]
        return super().get_queryset(request).annotate(previous_z=Subquery(previous))

    @admin.display(description="学年", ordering="school_year")
    def year_label(self, result):
        return school_year_label(result.school_year)

    @admin.display(description="学区")
    def district(self, result):
        return result.school.district

    @admin.display(description="上年Z值")
    def previous_z_display(self, result):
        return two_decimals(result.previous_z)

    @admin.display(description="Z值")
    def z_display(self, result):
        return two_decimals(result.z_value)

    @admin.display(description="计算设置")
    def settings_display(self, result):
        used = result.computed_with or {}
        if not used:
            return "—"
        weights = "、".join(f"{subject} {weight}" for subject, weight in (used.get("weights") or {}).items()) or "各科相同"
        return f"基准分 {used.get('base', 0):g}、标准差倍数 {used.get('scale', 0):g}；科目权重：{weights}"

    def _rise(self, result):
        if result.previous_z is None or result.z_value is None:
            return None
        return result.z_value - result.previous_z

    @admin.display(description="Z值提升")
    def rise_display(self, result):
        return two_decimals(self._rise(result))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_scores_view), name="evaluation_scores_import"),
            path("rewards/", wrap(self.rewards_view), name="evaluation_rewards"),
            *super().get_urls(),
        ]

    def import_scores_view(self, request):
        return import_view(request, self, SCORES)

    def rewards_view(self, request):
        # Every 学年 from the first roster or result to now (or the latest result), newest first.
        result_years = set(SchoolResult.objects.order_by().values_list("school_year", flat=True).distinct())
        known = {*result_years, *roster_years(), current_school_year()}
        years = list(range(max(known), min(known) - 1, -1))
        # Opened without a 学年: the latest with results, where there is something to see.
        form, year = YearChoiceForm.year_of(request, years, default=max(result_years, default=None))
        if request.method == "POST":
            granted = grant_member_rewards(year, request.user)
            messages.success(
                request,
                f"已确认{school_year_label(year)} {granted} 所成员校的提升奖励并存档。"
                if granted
                else "没有新的应发奖励需要确认。",
            )
            return redirect(f"{request.path}?year={year}")
        rises = member_rises(year)
        grants, orphan_grants = grants_against_rises(year, rises)
        rows = [
            (rise, grant, grant is not None and grant_differs(grant, rise))
            for rise in rises
            for grant in [grants.get((rise.school.id, rise.stage))]
        ]
        districts = {d.pk: d for d in District.objects.order_by("name")}
        # A dashboard bar's link: the members in one 学区 (the school's own, as it counts them).
        district = districts.get(whole_number(request.GET.get("district"), 1, MAX_ID))
        shown = [row for row in rows if district is None or row[0].school.district_id == district.pk]
        shown_total = sum(rise.reward for rise, _, _ in shown)
        cores = core_awards_due(year, rises)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{school_year_label(year)} Z值提升与奖励" + (f"（{district.name}学区）" if district else ""),
            "form": form,
            "rows": [(rise, grant, differs, districts[rise.school.district_id]) for rise, grant, differs in shown],
            "district": district,
            "districts": districts.values(),
            "orphan_grants": orphan_grants,
            "ungranted": sum(1 for rise, grant, _ in rows if rise.qualifies and grant is None),  # confirming is county-wide
            "member_total": shown_total,
            "list_total": ListTotal(
                money_figure(shown_total),
                f"{len(shown)} 所（学段）有成绩，其中 {sum(1 for rise, _, _ in shown if rise.qualifies)} 所提升"
                f" {figures_for(year).texts.rise_for_reward} 分及以上，应发 {yuan(shown_total)} 元",
            ),
            "cores": cores,
            "quality": district_quality(year),
        }
        return TemplateResponse(request, "admin/evaluation/rewards.html", context)


class SubjectWeightInline(admin.TabularInline):
    model = SubjectWeight
    extra = 1


@admin.register(ZSettings)
class ZSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "base", "scale"]
    inlines = [SubjectWeightInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        recompute_year(form.instance.school_year)
        messages.info(request, f"已按新设置重新计算{school_year_label(form.instance.school_year)}的 Z值。")

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        recompute_year(obj.school_year)


@admin.register(SubjectStatistics)
class SubjectStatisticsAdmin(admin.ModelAdmin):
    list_display = ["school_year", "stage", "subject", "schools", "candidates", "mean_display", "std_display"]
    list_filter = ["school_year", "stage"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="全县平均分 M")
    def mean_display(self, row):
        return f"{row.county_mean:.4f}"

    @admin.display(description="全县标准差 S")
    def std_display(self, row):
        return f"{row.county_std_dev:.4f}"


@admin.register(CoreAward)
class CoreAwardAdmin(admin.ModelAdmin):
    list_display = ["school_year", "core_school", "quality_award_display", "principal_bonus_percent", "decided_by", "decided_at"]
    list_filter = ["school_year"]
    list_select_related = ["core_school", "decided_by"]
    autocomplete_fields = ["core_school"]
    exclude = ["decided_by"]

    @admin.display(description="教育教学质量奖（元）", ordering="quality_award")
    def quality_award_display(self, award):
        return yuan(award.quality_award)

    readonly_fields = ["notes_shown"]

    @admin.display(description="提示")
    def notes_shown(self, award):
        return "；".join(award.notes) or "—"

    def save_model(self, request, obj, form, change):
        obj.decided_by = request.user
        super().save_model(request, obj, form, change)
        for note in obj.notes:
            messages.warning(request, note)


@admin.register(RewardGrant)
class RewardGrantAdmin(HistoryAdmin):
    """Grants are made on the rewards page, from the figures; here they are looked up, or
    deleted (the history keeps them) to be confirmed again after a correction."""

    list_display = [
        "school_year",
        "school",
        "stage",
        "previous_z_display",
        "current_z_display",
        "graduating_classes",
        "amount_display",
        "granted_by",
        "granted_at",
    ]
    list_filter = ["school_year", "stage"]
    list_select_related = ["school", "granted_by"]
    search_fields = ["school__name"]
    readonly_fields = [
        "school_year",
        "school",
        "stage",
        "previous_z_display",
        "current_z_display",
        "graduating_classes",
        "amount_display",
        "granted_by",
        "granted_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="上年Z值")
    def previous_z_display(self, grant):
        return two_decimals(grant.previous_z)

    @admin.display(description="本年Z值")
    def current_z_display(self, grant):
        return two_decimals(grant.current_z)

    @admin.display(description="奖励金额（元）")
    def amount_display(self, grant):
        return yuan(grant.amount)
