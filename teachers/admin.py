"""The register in the admin: teachers (a move and a departure go through the register) and
heads' reports of departures. A teacher's 任职与交流经历 page is the exchanges app's."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import path
from django.utils.formats import date_format

from jiaogongti.history_admin import HistoryAdmin
from jiaogongti.list_export import ListExportMixin
from jobs.uploads import import_view

from .admin_filters import ServingFilter
from .departures import cancel_departure, confirm_departure_report, record_departure, return_departure_report
from .imports import TEACHERS
from .lists import TeacherList
from .models import REASON_MAX_LENGTH, DepartureReport, Placement, PostGrade, Teacher
from .register import departure_refused, hire_date_corrected, move_refused, move_teacher


class TeacherAdminForm(forms.ModelForm):
    """The teacher's fields; a change of school is a move (调动) on a day, a 离岗日期 a
    departure, each written through the register (`save_model`) and checked by it here."""

    moved_on = forms.DateField(
        label="调入日期（调动时填写）",
        required=False,
        help_text="换了所属学校时必填：到新学校任教的第一天；在原学校的任职经历到前一天为止",
    )

    class Meta:
        model = Teacher
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        teacher = self.instance
        if teacher.pk is None or self.errors:
            return cleaned
        stored = Teacher.objects.get(pk=teacher.pk)
        if "school" in self.changed_data:
            if not cleaned.get("moved_on"):
                self.add_error("moved_on", "换了所属学校，请填写调入日期。")
            elif refused := move_refused(stored, cleaned["moved_on"]):
                self.add_error("moved_on", refused)
        if "left_on" in self.changed_data and (refused := departure_refused(stored, cleaned.get("left_on"))):
            self.add_error("left_on", refused)
        moved_on, left_on = cleaned.get("moved_on"), cleaned.get("left_on")
        if "school" in self.changed_data and moved_on and left_on and left_on < moved_on:
            self.add_error("left_on", "离岗日期不能早于调入新学校的日期。")
        return cleaned


class PlacementInline(admin.TabularInline):
    """The teacher's schools over time: written by moves and departures, never typed."""

    model = Placement
    fields = ["school", "start_date", "end_date"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = [F("start_date").asc(nulls_first=True)]

    def has_add_permission(self, request, obj=None):
        return False


class PostGradeInline(admin.TabularInline):
    """岗位等级 from a day on, as the personnel records give them (五·(一))."""

    model = PostGrade
    fields = ["level", "since", "source"]
    extra = 0


@admin.register(Teacher)
class TeacherAdmin(ListExportMixin, HistoryAdmin):
    list_export_title = "教师"
    form = TeacherAdminForm
    inlines = [PlacementInline, PostGradeInline]

    def list_sheet(self, queryset):
        return TeacherList(queryset)

    list_display = ["staff_id", "name", "school", "establishment_school", "subject", "title", "hire_date", "serving_shown"]
    list_filter = [ServingFilter, "title", "school__district"]
    list_select_related = ["school", "establishment_school"]
    search_fields = ["staff_id", "name", "school__name"]
    autocomplete_fields = ["school", "establishment_school"]
    sortable_by = ["staff_id"]
    change_list_template = "admin/teachers/teacher/change_list.html"

    @admin.display(description="在职状态")
    def serving_shown(self, teacher):
        if teacher.serving:
            return "在职" if teacher.left_on is None else f"在职（{date_format(teacher.left_on)} 离岗）"
        return f"已离岗（{teacher.get_leaving_reason_display()}，{date_format(teacher.left_on)}）"

    def save_model(self, request, teacher, form, change):
        if not change:
            super().save_model(request, teacher, form, change)
            return
        # The other fields as typed; the school and the departure through the register,
        # so the teacher's placements and exchanges follow.
        stored = Teacher.objects.get(pk=teacher.pk)
        school, left_on, reason = teacher.school, teacher.left_on, teacher.leaving_reason
        teacher.school, teacher.left_on, teacher.leaving_reason = stored.school, stored.left_on, stored.leaving_reason
        super().save_model(request, teacher, form, change)
        if teacher.hire_date != stored.hire_date:
            hire_date_corrected(teacher, stored.hire_date, teacher.hire_date)
        if school != stored.school:
            move_teacher(teacher, school, form.cleaned_data["moved_on"])
        if (left_on, reason) != (stored.left_on, stored.leaving_reason):
            if left_on is None:
                cancel_departure(teacher, "市教育局在后台清除离岗日期")
            else:
                for exchange in record_departure(teacher, left_on, reason):
                    messages.info(request, f"因离岗，{exchange}已{exchange.get_status_display()}。")

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_teachers_view), name="teachers_teacher_import"),
            *super().get_urls(),
        ]

    def import_teachers_view(self, request):
        return import_view(request, self, TEACHERS)


class DepartureReportActionForm(ActionForm):
    reason = forms.CharField(
        label="退回理由", required=False, widget=forms.TextInput(attrs={"size": 40, "maxlength": REASON_MAX_LENGTH})
    )


@admin.register(DepartureReport)
class DepartureReportAdmin(HistoryAdmin):
    """Heads' reports of teachers who left: confirmed, the departure is recorded through the
    register and the teacher's live exchanges end; returned, the head sees why."""

    list_display = ["teacher", "school_shown", "left_on", "reason", "remark", "reported_by", "reported_at", "status"]
    list_filter = ["status", ("teacher__school__district", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["teacher__school", "reported_by"]
    search_fields = ["teacher__name", "teacher__staff_id", "teacher__school__name"]
    readonly_fields = ["teacher", "left_on", "reason", "remark", "reported_by", "reported_at", "status", "return_reason"]
    action_form = DepartureReportActionForm
    actions = ["confirm", "send_back"]

    def has_add_permission(self, request):
        return False  # heads report in the portal; the bureau types a departure on the teacher

    @admin.display(description="学校", ordering="teacher__school__name")
    def school_shown(self, report):
        return report.teacher.school

    @admin.action(description="确认所选离岗报告（记录离岗，未结束的交流在离岗日结束）")
    def confirm(self, request, queryset):
        self._each(request, queryset, lambda report: confirm_departure_report(report), "已确认")

    @admin.action(description="退回所选离岗报告（须填写退回理由）")
    def send_back(self, request, queryset):
        reason = request.POST.get("reason", "")
        self._each(request, queryset, lambda report: return_departure_report(report, reason=reason), "已退回")

    def _each(self, request, queryset, decide, done: str) -> None:
        decided = 0
        for report in queryset.select_related("teacher"):
            try:
                decide(report)
            except ValidationError as refused:
                self.message_user(request, f"{report}：{' '.join(refused.messages)}", messages.ERROR)
            else:
                decided += 1
        if decided:
            self.message_user(request, f"{done} {decided} 份离岗报告。", messages.SUCCESS)
