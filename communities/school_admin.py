"""The school list, with each school's place in the latest roster.

`schools` knows nothing of communities (they are built on schools), so this app adds its
column and filter to the school admin, as `django.contrib.auth`'s user admin is extended.
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef

from schools.admin import SchoolAdmin
from schools.models import School

from .models import CommunityYear, Membership
from .selectors import roster_years


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


class SchoolInCommunitiesAdmin(SchoolAdmin):
    list_display = [*SchoolAdmin.list_display, "community_status"]
    list_filter = [*SchoolAdmin.list_filter[:4], CommunityStatusFilter, *SchoolAdmin.list_filter[4:]]

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


admin.site.unregister(School)
admin.site.register(School, SchoolInCommunitiesAdmin)
