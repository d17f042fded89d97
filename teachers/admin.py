from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from .models import Exchange, Teacher
from .services import check_exchange, exchange_approve, exchange_finish, exchange_reject, exchange_start


@admin.register(Teacher)
class TeacherAdmin(SimpleHistoryAdmin):
    list_display = ["staff_id", "name", "school", "subject", "title", "hire_date"]
    list_filter = ["title", "school__district"]
    list_select_related = ["school"]
    search_fields = ["staff_id", "name", "school__name"]
    autocomplete_fields = ["school"]
    sortable_by = ["staff_id"]


class ExchangeActionForm(ActionForm):
    reason = forms.CharField(label="驳回理由", required=False, widget=forms.TextInput(attrs={"size": 40}))


class ExchangeAdminForm(forms.ModelForm):
    class Meta:
        model = Exchange
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                check_exchange(self.instance)
            except ValidationError as error:
                raise forms.ValidationError(error.messages)
        return cleaned


@admin.register(Exchange)
class ExchangeAdmin(SimpleHistoryAdmin):
    form = ExchangeAdminForm
    action_form = ExchangeActionForm
    list_display = ["teacher", "from_school", "to_school", "kind", "start_date", "planned_end", "status", "reject_reason"]
    list_filter = ["status", "kind", "community__core_school", "start_date"]
    list_select_related = ["teacher", "from_school", "to_school"]
    search_fields = ["teacher__name", "teacher__staff_id", "from_school__name", "to_school__name"]
    autocomplete_fields = ["teacher", "from_school", "to_school", "community"]
    readonly_fields = ["filed_by", "filed_at"]
    date_hierarchy = "start_date"
    sortable_by = ["start_date"]
    actions = ["approve", "reject", "start", "finish"]

    def _apply(self, request, queryset, change, done_message):
        done, failed = 0, []
        for exchange in queryset.select_related("teacher"):
            try:
                change(exchange)
                done += 1
            except ValidationError as error:
                failed.append(f"{exchange.teacher.name}：{'；'.join(error.messages)}")
        if done:
            messages.success(request, done_message.format(count=done))
        for failure in failed:
            messages.error(request, failure)

    @admin.action(description="批准所选交流")
    def approve(self, request, queryset):
        self._apply(request, queryset, exchange_approve, "已批准 {count} 条交流。")

    @admin.action(description="驳回所选交流（须填写驳回理由）")
    def reject(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            messages.error(request, "驳回必须填写理由：请在“驳回理由”框中填写后再执行。")
            return
        self._apply(request, queryset, lambda e: exchange_reject(e, reason=reason), "已驳回 {count} 条交流。")

    @admin.action(description="标记为进行中")
    def start(self, request, queryset):
        self._apply(request, queryset, exchange_start, "{count} 条交流已标记为进行中。")

    @admin.action(description="标记为已结束（期满归队）")
    def finish(self, request, queryset):
        self._apply(request, queryset, exchange_finish, "{count} 条交流已标记为已结束。")
