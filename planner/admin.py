"""The planner in the admin: what it reads (heads' marks and 学科缺口, which the bureau may
correct, and the bureau's own per-学年 settings, each with its history), and 交流计划: a
run asked for, worked out in the background, shown with each school's obligations,
changed (teachers taken out or swapped for another, the rest solved again) and filed once."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from jiaogongti.converters import MAX_ID
from jiaogongti.history_admin import HistoryAdmin
from jiaogongti.once import submit_once
from jiaogongti.school_year import current_school_year
from jiaogongti.text import whole_number

from .models import CommunityObligation, PlanningWeights, PlanRun, SubjectGap, TeacherIntention
from .runs import file_run, queue_run, rerun_without, swap_choices, swap_teacher


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


@admin.register(PlanRun)
class PlanRunAdmin(admin.ModelAdmin):  # (no history of its own: a run is never changed, only made again)
    list_display = ["__str__", "school_year", "state", "filed", "created_by"]
    list_filter = ["school_year", "filed"]
    fields = ["school_year", "core_sends", "service_years"]
    change_form_template = "admin/planner/planrun/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else []

    def get_changeform_initial_data(self, request):
        return {"school_year": current_school_year() + 1, **super().get_changeform_initial_data(request)}

    def has_delete_permission(self, request, obj=None):
        # A filed plan is the record of what was filed: kept.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.filed)

    def has_change_permission(self, request, obj=None):
        # A run is kept as it was worked out: changed only by making another (its page's forms).
        return obj is None and super().has_change_permission(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        # To the run's page, which follows its work (not the list, where it only says 排队中).
        messages.success(request, "已开始生成计划，完成后本页显示结果。")
        return redirect(reverse("admin:planner_planrun_change", args=[obj.pk]))

    @admin.display(description="状态")
    def state(self, run):
        if run.result is not None:
            return "已生成（已有更新的一份）" if run.superseded and not run.filed else "已生成"
        return run.job.get_status_display() if run.job else "—"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = self.get_object(request, object_id)
        # Taken out, swapped and filed only on the 学年's latest run, by who may make runs.
        superseded = bool(run and run.superseded)
        changeable = bool(run and run.result and not run.filed and not superseded and self.has_add_permission(request))
        context = {**(extra_context or {}), "changeable": changeable, "superseded": superseded}
        return super().change_view(request, object_id, form_url, context)

    def save_model(self, request, run, form, change):
        if change:
            return
        run.created_by = request.user
        super().save_model(request, run, form, change)
        # Queued once the run is committed: the admin's form saves inside a transaction,
        # and a worker on another connection must find the run when it starts.
        transaction.on_commit(lambda: queue_run(run, user=request.user))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            # Each makes a new run: a page sent twice makes it once (jiaogongti/once.py).
            path("<id:run_id>/rerun/", submit_once(wrap(self.rerun_view)), name="planner_planrun_rerun"),
            path("<id:run_id>/swap/<id:teacher_id>/", submit_once(wrap(self.swap_view)), name="planner_planrun_swap"),
            path("<id:run_id>/file/", wrap(self.file_view), name="planner_planrun_file"),
            *super().get_urls(),
        ]

    def rerun_view(self, request, run_id):
        run = get_object_or_404(PlanRun, pk=run_id)
        if request.method != "POST" or not self.has_add_permission(request):
            return redirect(reverse("admin:planner_planrun_change", args=[run.pk]))
        taken_out = [pk for pk in (whole_number(v, 1, MAX_ID) for v in request.POST.getlist("teacher")) if pk]
        if not taken_out:
            messages.error(request, "请先勾选要移出计划的教师。")
            return redirect(reverse("admin:planner_planrun_change", args=[run.pk]))
        try:
            new_run = rerun_without(run, taken_out, user=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
            return redirect(reverse("admin:planner_planrun_change", args=[run.pk]))
        messages.success(request, f"已移出 {len(taken_out)} 名教师，正在重新生成计划。")
        return redirect(reverse("admin:planner_planrun_change", args=[new_run.pk]))

    def swap_view(self, request, run_id, teacher_id):
        """Who of the same school could go in a teacher's place; the one chosen is swapped in."""
        run = get_object_or_404(PlanRun, pk=run_id)
        back = redirect(reverse("admin:planner_planrun_change", args=[run.pk]))
        if not self.has_add_permission(request):
            messages.error(request, "没有调整交流计划的权限。")
            return back
        if request.method == "POST":
            try:
                replacement = whole_number(request.POST.get("replacement"), 1, MAX_ID)
                if not replacement:
                    raise ValidationError("请先选择换入的教师。")
                new_run = swap_teacher(run, teacher_id, replacement, user=request.user)
            except ValidationError as refused:
                messages.error(request, " ".join(refused.messages))  # and the choices again
            else:
                messages.success(request, "已调换，正在重新生成计划。")
                return redirect(reverse("admin:planner_planrun_change", args=[new_run.pk]))
        try:
            move, choices = swap_choices(run, teacher_id)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
            return back
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"调换：{move['name']}（{move['from']} → {move['to']}）",
            "original": run,
            "move": move,
            "choices": choices,
        }
        return TemplateResponse(request, "admin/planner/planrun/swap.html", context)

    def file_view(self, request, run_id):
        run = get_object_or_404(PlanRun, pk=run_id)
        back = redirect(reverse("admin:planner_planrun_change", args=[run.pk]))
        approve = request.POST.get("approve") == "1"
        # Filing needs the right to add exchanges; approving too, the right to decide them.
        needed = ["exchanges.add_exchange", *(["exchanges.change_exchange"] if approve else [])]
        if request.method != "POST" or not request.user.has_perms(needed):
            messages.error(request, "没有录入（或批准）交流记录的权限。")
            return back
        try:
            filed = file_run(run, approve=approve, user=request.user)
        except ValidationError as refused:
            messages.error(request, f"未录入任何交流：{' '.join(refused.messages)}")
        else:
            messages.success(request, f"已录入 {len(filed)} 条交流（{'已批准' if approve else '已提交'}），各校校长已收到消息。")
        return back
