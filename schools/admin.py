from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.urls import path

from communities.models import CommunityYear, Membership
from communities.selectors import roster_years
from jobs.uploads import import_view

from .importer import import_schools
from .models import Account, District, School


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_mountain", "rural_allowance_per_month"]
    list_editable = ["is_mountain", "rural_allowance_per_month"]
    list_filter = ["kind", "is_mountain"]
    sortable_by = ["name"]


class CommunityStatusFilter(admin.SimpleListFilter):
    title = "教共体（最新学年名单）"
    parameter_name = "in_community"

    def lookups(self, request, model_admin):
        return [("member", "是成员校"), ("core", "是核心校"), ("none", "未加入任何教共体")]

    def queryset(self, request, queryset):
        if self.value() == "member":
            return queryset.filter(is_member=True)
        if self.value() == "core":
            return queryset.filter(is_core=True)
        if self.value() == "none":
            return queryset.filter(is_member=False, is_core=False)
        return queryset


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "stage", "locality", "ownership", "is_campus", "community_status"]
    list_filter = [
        "district",
        "stage",
        "locality",
        "ownership",
        CommunityStatusFilter,
        "is_campus",
        "is_small",
        "is_boarding",
        "is_weak",
    ]
    list_select_related = ["district"]
    search_fields = ["name"]
    sortable_by = ["name", "district"]
    autocomplete_fields = ["campus_of"]
    list_per_page = 100
    fieldsets = [
        (None, {"fields": ["name", "district", "stage", "locality", "ownership"]}),
        ("校区", {"fields": ["is_campus", "campus_of"]}),
        ("重点帮扶对象（原则一·突出重点）", {"fields": ["is_small", "is_boarding", "is_weak"]}),
    ]

    def get_queryset(self, request):
        year = next(iter(roster_years()), None)  # the latest roster
        return (
            super()
            .get_queryset(request)
            .annotate(
                is_member=Exists(Membership.objects.filter(school=OuterRef("pk"), school_year=year)),
                is_core=Exists(CommunityYear.objects.filter(community__core_school=OuterRef("pk"), school_year=year)),
            )
        )

    @admin.display(description="教共体（最新学年）")
    def community_status(self, school):
        if school.is_core:
            return "核心校"
        return "成员校" if school.is_member else "—"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_schools_view), name="schools_school_import"),
            *super().get_urls(),
        ]

    def import_schools_view(self, request):
        return import_view(
            request,
            self,
            title="导入学校名录",
            importer=import_schools,
            help_text="表头：学校 | 学区 | 学段 | 城乡 | 办学性质 | 所属学校（可另加 小规模 | 寄宿制 | 薄弱，填 是/否）。"
            "以学校名称为准，已有的学校会被更新，不会重复。",
        )


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "district", "school"]
    list_filter = ["role", "district"]
    list_select_related = ["user", "district", "school"]
    search_fields = ["user__username", "school__name"]
    autocomplete_fields = ["user", "school"]
