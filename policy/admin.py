"""政策参数 in the admin: the plan's figures per 学年, each row in force from its 学年 until
a later one, with its source and its history. A new 学年's row starts from the figures in
force before it, so the bureau types only what changed."""

from django.contrib import admin

from jiaogongti.converters import MAX_ID
from jiaogongti.history_admin import HistoryAdmin
from jiaogongti.school_year import current_school_year
from jiaogongti.text import whole_number

from .figures import district_rates, figures_for, row_values
from .models import DistrictRate, PolicyYear


@admin.register(PolicyYear)
class PolicyYearAdmin(HistoryAdmin):
    list_display = [
        "from_year",
        "source",
        "co_built_min_percent",
        "rise_for_reward",
        "reward_per_graduating_class",
        "core_award_factor",
        "excellent_extra_points",
        "term_years",
        "type_share_target_percent",
        "funds_floor",
    ]
    fieldsets = [
        (None, {"fields": ["from_year", "source"]}),
        ("教师交流（四·（五））", {"fields": ["co_built_min_percent", "term_years", "shadowing_min_years", "ending_soon_days"]}),
        (
            "评价奖励（五·（二）（三）（五））",
            {
                "fields": [
                    "rise_for_reward",
                    "reward_per_graduating_class",
                    "core_award_factor",
                    "excellent_base_percent",
                    "excellent_extra_points",
                    "mountain_years",
                ]
            },
        ),
        ("目标与经费（二、四·（四））", {"fields": ["type_share_target_percent", "type_share_target_year", "funds_floor"]}),
    ]

    def get_changeform_initial_data(self, request):
        """A new row starts from the figures in force in the 学年 it is for (the next one
        after the latest row, or the current 学年)."""
        latest = PolicyYear.objects.order_by("-from_year").first()
        year = max(current_school_year(), latest.from_year + 1) if latest else current_school_year()
        return {"from_year": year, **row_values(figures_for(year)), **super().get_changeform_initial_data(request)}


@admin.register(DistrictRate)
class DistrictRateAdmin(HistoryAdmin):
    list_display = ["district", "from_year", "rural_allowance_per_month", "is_mountain", "source"]
    list_filter = ["district", "is_mountain"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        year = current_school_year()
        initial.setdefault("from_year", year)
        # An address's id that is no number (abc, ²) names no 学区: the form starts empty.
        if (district_id := whole_number(request.GET.get("district", ""), 1, MAX_ID)) is not None:
            if (rate := district_rates(year).get(district_id)) is not None:
                initial.setdefault("rural_allowance_per_month", rate.per_month)
                initial.setdefault("is_mountain", rate.is_mountain)
        return initial
