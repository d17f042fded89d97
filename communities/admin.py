from urllib.parse import quote

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from jiaogongti.exporting import write_workbook
from jiaogongti.forms import YearChoiceForm
from jiaogongti.list_totals import ListTotal, TotalledList, part_of_whole
from jiaogongti.school_year import current_school_year, school_year_label
from jobs.uploads import import_view

from . import school_admin  # noqa: F401  (adds the communities to the school list)
from .checks import data_check
from .imports import ROSTER
from .models import CLOSE_TYPES, Community, CommunityType, CommunityYear, Membership, RosterPlan
from .roster import RosterSheet
from .selectors import roster_years


class MembershipFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            school = form.cleaned_data.get("school") if hasattr(form, "cleaned_data") else None
            if school is None or form.cleaned_data.get("DELETE"):
                continue
            if school.pk in seen:
                raise forms.ValidationError(f"「{school.name}」在成员校中填了两次，请删去一行。")
            seen.add(school.pk)


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    fields = ["position", "school"]
    autocomplete_fields = ["school"]
    extra = 1


@admin.register(CommunityYear)
class CommunityYearAdmin(TotalledList, admin.ModelAdmin):
    list_display = ["school_year_display", "core_school", "code", "segment", "type", "member_count", "member_names"]
    list_display_links = ["core_school"]  # a community is known by its core school, not by its 学年
    list_filter = [
        "school_year",
        "type",
        "community__segment",
        ("memberships__school__district", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["community__core_school__name", "community__code", "memberships__school__name"]
    list_select_related = ["community__core_school"]
    ordering = ["-school_year", "position"]
    sortable_by = ["school_year_display"]
    inlines = [MembershipInline]
    fields = ["community", "school_year", "type", "position"]
    autocomplete_fields = ["community"]
    change_list_template = "admin/communities/communityyear/change_list.html"
    list_per_page = 100

    def list_total(self, queryset, request):
        # (Counted afresh from the list's rows: the list's own query carries a member count.)
        shown = CommunityYear.objects.filter(pk__in=queryset.values("pk")).order_by()
        by_type = dict(shown.values_list("type").annotate(n=Count("pk")))
        close = sum(by_type.get(community_type, 0) for community_type in CLOSE_TYPES)
        total = sum(by_type.values())
        return ListTotal(
            part_of_whole(close, total),
            f"{total} 个，其中融合型、共建型 {close} 个（融合型 {by_type.get(CommunityType.MERGED, 0)}、"
            f"共建型 {by_type.get(CommunityType.CO_BUILT, 0)}、协作型 {by_type.get(CommunityType.COOPERATIVE, 0)}）",
        )

    def get_readonly_fields(self, request, obj=None):
        # Members carry their 学年 and core school; a community-year is not moved to
        # another year or community, a new one is made (or a roster imported).
        return ["community", "school_year"] if obj else []

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(member_count=Count("memberships", distinct=True))
            .prefetch_related("memberships__school")
        )

    @admin.display(description="学年", ordering="school_year")
    def school_year_display(self, community_year):
        return school_year_label(community_year.school_year)

    @admin.display(description="核心校")
    def core_school(self, community_year):
        return community_year.community.core_school

    @admin.display(description="教共体编号")
    def code(self, community_year):
        return community_year.community.code

    @admin.display(description="学段")
    def segment(self, community_year):
        return community_year.community.get_segment_display()

    @admin.display(description="成员数")
    def member_count(self, community_year):
        return community_year.member_count

    @admin.display(description="成员校（校区）")
    def member_names(self, community_year):
        return "、".join(m.school.name for m in community_year.memberships.all())

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_roster_view), name="communities_roster_import"),
            path("export/", wrap(self.export_roster_view), name="communities_roster_export"),
            path("check/", wrap(self.data_check_view), name="communities_data_check"),
            *super().get_urls(),
        ]

    def import_roster_view(self, request):
        return import_view(request, self, ROSTER)

    def _year_form(self, request):
        return YearChoiceForm.year_of(request, roster_years() or [current_school_year()])

    def export_roster_view(self, request):
        form, year = self._year_form(request)
        if "download" not in request.GET:
            context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": "导出教共体名单", "form": form}
            return TemplateResponse(request, "admin/communities/export.html", context)
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        filename = f"{year}学年教共体名单.xlsx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        write_workbook([RosterSheet(year)], response)
        return response

    def data_check_view(self, request):
        form, year = self._year_form(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"数据核查：{school_year_label(year)}",
            "form": form,
            "findings": data_check(year),
        }
        return TemplateResponse(request, "admin/communities/data_check.html", context)


class CommunityYearInline(admin.TabularInline):
    """Type history: one row per 学年, never overwritten by a later roster."""

    model = CommunityYear
    fields = ["school_year", "type", "roster_link"]
    readonly_fields = ["school_year", "type", "roster_link"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "历年类型与名单"

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="成员")
    def roster_link(self, community_year):
        return "、".join(m.school.name for m in community_year.memberships.select_related("school"))


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["core_school", "code", "segment", "type_history", "year_count", "overview_link"]
    list_filter = ["segment", "years__school_year", "years__type"]
    list_select_related = ["core_school"]
    search_fields = ["core_school__name", "code"]
    sortable_by = []
    autocomplete_fields = ["core_school"]
    inlines = [CommunityYearInline]

    def view_on_site(self, community):
        # "在站点上查看": the community's page (plan, activities, 一张表, studios, exchanges).
        return reverse("portal:community_overview", args=[community.pk])

    def get_readonly_fields(self, request, obj=None):
        # The core school and segment are the community's identity (and copied onto its members).
        return ["core_school", "segment"] if obj else []

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("years")

    @admin.display(description="历年类型")
    def type_history(self, community):
        return "；".join(
            f"{school_year_label(y.school_year)} {y.get_type_display()}"
            for y in sorted(community.years.all(), key=lambda y: y.school_year)
        )

    @admin.display(description="主页")
    def overview_link(self, community):
        return format_html('<a href="{}">计划、活动、课表</a>', self.view_on_site(community))

    @admin.display(description="学年数")
    def year_count(self, community):
        return len(community.years.all())


@admin.register(RosterPlan)
class RosterPlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "primary_count", "middle_count", "source"]
