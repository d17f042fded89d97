"""The exchange list's own filters: by 学年 of the start, ending soon, with 提示."""

from django.contrib import admin
from django.db.models import Max, Min

from jiaogongti.forms import FIRST_YEAR, LAST_YEAR
from jiaogongti.school_year import school_year_end, school_year_label, school_year_of, school_year_start
from jiaogongti.text import whole_number
from policy.figures import current_figures

from .models import Exchange
from .selectors import ending_soon, with_notes


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
        year = whole_number(self.value(), FIRST_YEAR, LAST_YEAR)
        if year is not None:
            return queryset.filter(start_date__gte=school_year_start(year), start_date__lte=school_year_end(year))
        return queryset


class EndingSoonFilter(admin.SimpleListFilter):
    title = "期满"
    parameter_name = "ending"

    def lookups(self, request, model_admin):
        return [("90", f"{current_figures().ending_soon_days} 天内期满（已批准或进行中）")]

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
