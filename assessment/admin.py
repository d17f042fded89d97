from django import forms
from django.contrib import admin, messages
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from communities.admin_filters import CommunityDistrictFilter, SchoolDistrictFilter
from communities.selectors import communities_in_district, roster_years
from jiaogongti.converters import MAX_ID
from jiaogongti.forms import YearChoiceForm
from jiaogongti.history_admin import HistoryAdmin
from jiaogongti.list_export import ListExportMixin, xlsx_response
from jiaogongti.list_totals import ListTotal, TotalledList, money_figure
from jiaogongti.school_year import current_school_year, school_year_end, school_year_label, school_year_over
from jiaogongti.templatetags.humanize_cn import yuan
from jiaogongti.text import whole_number
from jobs.uploads import import_view
from schools.models import District
from teamwork.activities import community_schools

from .imports import FUNDS
from .lists import AllocationList
from .models import (
    Allocation,
    AssessmentResult,
    DistinctiveScore,
    Indicator,
    ProjectDocument,
    ProjectReview,
    Scheme,
    Source,
)
from .results import AssessmentNotDue, assessed, assessment_total, indicator_basis, results_confirm
from .scheme import scheme_for, scheme_of
from .sheets import HonoursSheet


class AllocationForm(forms.ModelForm):
    def clean(self):
        # The import's rule: the receiving school is one of the community's that 学年.
        data = super().clean()
        community, school, year = data.get("community"), data.get("school"), data.get("school_year")
        if community and school and year and school not in community_schools(community, year):
            self.add_error("school", f"「{school.name}」在 {year}学年不是该教共体的学校。")
        return data


@admin.register(Allocation)
class AllocationAdmin(TotalledList, ListExportMixin, HistoryAdmin):
    list_export_title = "经费拨付"

    def list_sheet(self, queryset):
        return AllocationList(queryset)

    list_display = ["school_year", "community", "category", "school", "amount_shown", "note"]
    list_filter = ["school_year", "category", ("school__district", SchoolDistrictFilter), CommunityDistrictFilter]
    list_select_related = ["community__core_school", "school"]
    search_fields = ["community__code", "community__core_school__name", "school__name", "note"]
    autocomplete_fields = ["community", "school"]
    form = AllocationForm

    @admin.display(description="金额（元）", ordering="amount")
    def amount_shown(self, allocation):
        return yuan(allocation.amount)

    def list_total(self, queryset, request):
        amount = queryset.aggregate(amount=Sum("amount"))["amount"] or 0
        return ListTotal(money_figure(amount), f"{queryset.count()} 笔，{yuan(amount)} 元")

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_funds_view)
        return [path("import/", view, name="assessment_allocation_import"), *super().get_urls()]

    def import_funds_view(self, request):
        return import_view(request, self, FUNDS)


class ProjectDocumentInline(admin.TabularInline):
    model = ProjectDocument
    extra = 0
    fields = ["opened", "kind", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="文件")
    def opened(self, document):
        url = reverse("portal:project_document", args=[document.project_id, document.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, document)


@admin.register(ProjectReview)
class ProjectReviewAdmin(HistoryAdmin):
    """The applications as the bureau lists them; each is reviewed on its page
    (在站点上查看), where the rules of assessment.projects apply."""

    list_display = ["title", "community", "school_year", "status", "score", "grade", "applied_at", "review_link"]
    list_filter = ["school_year", "status", "grade", ("community__core_school__district", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["community__core_school"]
    search_fields = ["title", "community__code", "community__core_school__name"]
    readonly_fields = [field.name for field in ProjectReview._meta.fields if field.name != "id"] + ["members"]
    inlines = [ProjectDocumentInline]

    def has_add_permission(self, request):
        return False  # a core school applies in the portal

    def view_on_site(self, project):
        return reverse("portal:project", args=[project.pk])

    @admin.display(description="评审")
    def review_link(self, project):
        label = "评审" if project.status == ProjectReview.Status.APPLIED else "查看"
        return format_html('<a href="{}">{}</a>', self.view_on_site(project), label)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["position", "name", "source", "weight", "full_at"]


@admin.register(Scheme)
class SchemeAdmin(HistoryAdmin):
    """The bureau edits a 学年's scheme here; a result confirmed earlier keeps the scheme it
    was computed with."""

    list_display = ["__str__", "excellent_min", "good_min", "pass_min"]
    inlines = [IndicatorInline]


@admin.register(DistinctiveScore)
class DistinctiveScoreAdmin(HistoryAdmin):
    list_display = ["school_year", "community", "score", "note"]
    list_filter = ["school_year"]
    list_select_related = ["community__core_school"]
    search_fields = ["community__code", "community__core_school__name"]
    autocomplete_fields = ["community"]


@admin.register(AssessmentResult)
class AssessmentResultAdmin(admin.ModelAdmin):
    list_display = ["school_year", "community", "total", "grade", "confirmed_by", "confirmed_at"]
    list_filter = ["school_year", "grade", CommunityDistrictFilter]
    list_select_related = ["community__core_school", "confirmed_by"]
    search_fields = ["community__code", "community__core_school__name"]
    readonly_fields = [field.name for field in AssessmentResult._meta.fields if field.name != "id"]

    def has_add_permission(self, request):
        return False  # confirmed on the 年度考核 page, with their inputs

    def has_change_permission(self, request, obj=None):
        return False  # a confirmed result is never changed; the 年度考核 page shows later differences

    def get_urls(self):
        year_page = self.admin_site.admin_view(self.year_view)
        return [path("year/", year_page, name="assessment_year"), *super().get_urls()]

    def year_view(self, request):
        form, year = YearChoiceForm.year_of(request, [*roster_years(), current_school_year()], current_school_year())
        if request.method == "POST" and request.POST.get("action") == "confirm":
            try:
                made = results_confirm(year, request.user)
            except AssessmentNotDue as not_due:
                messages.error(request, str(not_due))
            else:
                messages.success(request, f"已确认 {school_year_label(year)} {made} 个教共体的考核结果。")
            return redirect(f"{reverse('admin:assessment_year')}?year={year}")
        if "edit_scheme" in request.GET:  # the 学年's own, made from the one in force
            return redirect("admin:assessment_scheme_change", scheme_for(year).pk)
        if "honours" in request.GET:
            return xlsx_response([HonoursSheet(year)], f"{school_year_label(year)}教共体表彰名单.xlsx")
        scheme = scheme_of(year)
        rows = all_rows = assessed(year)
        district = District.objects.filter(pk=whole_number(request.GET.get("district"), 1, MAX_ID)).first()
        if district:  # as the dashboard's bars count: the communities with a member school there
            in_district = communities_in_district(year, district.pk)
            rows = [row for row in rows if row.community.pk in in_district]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{school_year_label(year)} 教共体年度考核",
            "form": form,
            "year": year,
            "scheme": scheme,
            "indicators": [i.name for i in scheme.indicators],
            "sources": dict(Source.choices),
            "rows": [
                (row, [(row.scores[i.name], indicator_basis(i.source, row.inputs)) for i in scheme.indicators]) for row in rows
            ],
            "in_progress": not school_year_over(year),
            "year_end": school_year_end(year),
            "today": timezone.localdate(),
            "unconfirmed": sum(1 for row in all_rows if not row.confirmed),  # confirming takes the county's
            "district": district,
            "districts": District.objects.order_by("name"),
            "list_total": assessment_total(rows),
            "differ": sum(1 for row in all_rows if row.differs),
        }
        return render(request, "admin/assessment/year.html", context)
