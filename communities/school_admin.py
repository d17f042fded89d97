"""The school list, with each school's place in the latest roster.

`schools` knows nothing of communities (they are built on schools), so this app adds its
column and filter to the school admin, as `django.contrib.auth`'s user admin is extended.
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q

from jiaogongti.list_totals import ListTotal, TotalledList, part_of_whole
from jiaogongti.text import whole_number
from schools.admin import SchoolAdmin
from schools.models import School

from .models import CommunityYear, Membership
from .selectors import roster_years


def _roster_year(request) -> int | None:
    """The roster the list reads: the one chosen (`roster_year`), else the latest."""
    years = roster_years()
    chosen = whole_number(request.GET.get(RosterYearFilter.parameter_name), 2000, 2100)
    return chosen if chosen in years else next(iter(years), None)


class RosterYearFilter(admin.SimpleListFilter):
    """Which 学年's roster the 教共体 column and filter read (the latest unless chosen):
    the dashboard's coverage of a 学年 opens its own roster."""

    title = "教共体名单学年"
    parameter_name = "roster_year"

    def lookups(self, request, model_admin):
        return [(str(year), f"{year}学年") for year in roster_years()]

    def queryset(self, request, queryset):
        return queryset  # (read by get_queryset, which annotates by that roster)


class CommunityStatusFilter(admin.SimpleListFilter):
    title = "教共体（所选学年名单）"
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


class SchoolInCommunitiesAdmin(TotalledList, SchoolAdmin):
    list_display = [*SchoolAdmin.list_display, "community_status"]
    list_filter = [*SchoolAdmin.list_filter[:4], RosterYearFilter, CommunityStatusFilter, *SchoolAdmin.list_filter[4:]]

    def list_total(self, queryset, request):
        schools = queryset.count()
        joined = queryset.filter(Q(is_member=True) | Q(is_core=True)).count()
        year = _roster_year(request)
        roster = f"（{year}学年名单）" if year else "（尚无教共体名单）"
        return ListTotal(part_of_whole(joined, schools), f"{schools} 所，其中已加入教共体 {joined} 所{roster}")

    def get_queryset(self, request):
        year = _roster_year(request)
        return (
            super()
            .get_queryset(request)
            .annotate(
                is_member=Exists(Membership.objects.filter(school=OuterRef("pk"), school_year=year)),
                is_core=Exists(CommunityYear.objects.filter(community__core_school=OuterRef("pk"), school_year=year)),
            )
        )

    @admin.display(description="教共体（所选学年名单）")
    def community_status(self, school):
        if school.is_core:
            return "核心校"
        return "成员校" if school.is_member else "—"


admin.site.unregister(School)
admin.site.register(School, SchoolInCommunitiesAdmin)
