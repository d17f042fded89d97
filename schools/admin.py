from django.contrib import admin
from django.urls import path

from jiaogongti.list_export import ListExportMixin
from jobs.uploads import import_view

from .imports import SCHOOLS
from .lists import SchoolList
from .models import Account, District, School


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    sortable_by = ["name"]


@admin.register(School)
class SchoolAdmin(ListExportMixin, admin.ModelAdmin):
    list_export_title = "学校名录"

    def list_sheet(self, queryset):
        return SchoolList(queryset)

    list_display = ["name", "district", "stage", "locality", "ownership", "is_campus"]
    list_filter = [
        "district",
        "stage",
        "locality",
        "ownership",
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

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_schools_view), name="schools_school_import"),
            *super().get_urls(),
        ]

    def import_schools_view(self, request):
        return import_view(request, self, SCHOOLS)


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "district", "school"]
    list_filter = ["role", "district"]
    list_select_related = ["user", "district", "school"]
    search_fields = ["user__username", "school__name"]
    autocomplete_fields = ["user", "school"]
