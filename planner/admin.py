"""What the planner reads, in the admin: heads' marks and 学科缺口 (the bureau may correct
them), and the bureau's own per-学年 settings, each with its history."""

from django.contrib import admin

from jiaogongti.history_admin import HistoryAdmin
from jiaogongti.school_year import current_school_year

from .models import CommunityObligation, PlanningWeights, SubjectGap, TeacherIntention


@admin.register(TeacherIntention)
class TeacherIntentionAdmin(HistoryAdmin):
    list_display = ["teacher", "school_shown", "school_year", "choice", "reason", "recorded_by", "recorded_at"]
    list_filter = ["school_year", "choice", ("teacher__school__district", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["teacher__school", "recorded_by"]
    search_fields = ["teacher__name", "teacher__staff_id", "teacher__school__name"]
    autocomplete_fields = ["teacher"]
    readonly_fields = ["recorded_by", "recorded_at"]

    @admin.display(description="学校", ordering="teacher__school__name")
    def school_shown(self, intention):
        return intention.teacher.school


@admin.register(SubjectGap)
class SubjectGapAdmin(HistoryAdmin):
    list_display = ["school", "school_year", "subject", "count", "recorded_by", "recorded_at"]
    list_filter = ["school_year", ("school__district", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["school", "recorded_by"]
    search_fields = ["school__name", "subject"]
    autocomplete_fields = ["school"]
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(CommunityObligation)
class CommunityObligationAdmin(HistoryAdmin):
    list_display = ["community", "school_year", "core_sends", "note"]
    list_filter = ["school_year"]
    search_fields = ["community__core_school__name", "community__code"]
    autocomplete_fields = ["community"]

    def get_changeform_initial_data(self, request):
        return {"school_year": current_school_year() + 1, "core_sends": 1, **super().get_changeform_initial_data(request)}


@admin.register(PlanningWeights)
class PlanningWeightsAdmin(HistoryAdmin):
    list_display = [
        "from_year",
        "volunteer",
        "senior_to_member",
        "lagging_subject",
        "subject_gap",
        "priority_school",
        "recently_returned",
    ]

    def get_changeform_initial_data(self, request):
        return {"from_year": current_school_year() + 1, **super().get_changeform_initial_data(request)}
