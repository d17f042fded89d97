"""Exchanges in the admin: the bureau's queue and decisions, the import, the 政策核算 and
rule book pages, exchange teachers' yearly 考核, and a teacher's 任职与交流经历 with its
certificate (reached from the teacher's page in the register)."""

from copy import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from jiaogongti.admin_lists import BoundedDateHierarchy
from jiaogongti.history_admin import HistoryAdmin
from jiaogongti.list_export import ListExportMixin
from jiaogongti.list_totals import ListTotal, TotalledList
from jiaogongti.school_year import school_year_of
from jobs.uploads import import_view
from teachers.models import REASON_MAX_LENGTH, Teacher

from .admin_decisions import decide, decision_forms
from .admin_filters import EndingSoonFilter, NotedFilter, SchoolYearFilter
from .careers import career_page_context
from .exchange_check import check_exchange, shared_community_id
from .imports import EXCHANGES
from .lists import ExchangeList
from .models import Exchange, ExchangeAppraisal
from .policy_admin import policy_page, rule_book_page
from .selectors import status_history
from .services import exchange_approve, exchange_finish, exchange_reject, exchange_start


class ExchangeActionForm(ActionForm):
    reason = forms.CharField(
        label="驳回理由", required=False, widget=forms.TextInput(attrs={"size": 40, "maxlength": REASON_MAX_LENGTH})
    )


class ExchangeAdminForm(forms.ModelForm):
    class Meta:
        model = Exchange
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            # ModelForm fills the instance only after clean(); check what is about to be saved.
            candidate = construct_instance(self, copy(self.instance))
            # The community is not typed in: it is the one both schools are in that 学年.
            candidate.community_id = self.instance.community_id = shared_community_id(
                candidate.from_school_id, candidate.to_school_id, school_year_of(candidate.start_date)
            )
            try:
                self.instance.notes = check_exchange(candidate)
            except ValidationError as refused:
                # Each at the field it is about (Django then leaves that field's own
                # database constraint, which says the same, unchecked).
                for field_name, messages in refused.message_dict.items():
                    self.add_error(field_name if field_name in self.fields else None, messages)
        return cleaned


REASON_SHOWN = 20  # characters of a rejection reason in the list; the whole on hovering


@admin.register(Exchange)
class ExchangeAdmin(TotalledList, BoundedDateHierarchy, ListExportMixin, HistoryAdmin):
    list_export_title = "教师交流"

    def list_sheet(self, queryset):
        return ExchangeList(queryset)

    def list_total(self, queryset, request):
        count = queryset.count()
        return ListTotal(str(count), f"{count} 条交流记录")

    form = ExchangeAdminForm
    action_form = ExchangeActionForm
    # Two schools and the term in one column each: the list fits 1366 px with the menu open.
    list_display = ["teacher", "schools", "kind", "term", "establishment_moved", "status", "notes_count", "reason_shown"]
    list_filter = [
        "status",
        NotedFilter,
        SchoolYearFilter,
        EndingSoonFilter,
        "kind",
        ("from_school__district", admin.RelatedOnlyFieldListFilter),
        ("community__core_school", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["teacher", "from_school", "to_school"]
    search_fields = ["teacher__name", "teacher__staff_id", "from_school__name", "to_school__name"]
    autocomplete_fields = ["teacher", "from_school", "to_school"]
    # The status moves only through the actions (approve, reject with a reason, …), which
    # follow the allowed transitions; the community follows from the two schools.
    readonly_fields = ["community", "status", "reject_reason", "notes_shown", "filed_by", "filed_at"]
    # Once a teacher has gone, who went where and whether the 编制 moved are what the
    # start and finish acted on (the 编制 followed them): fixed from then on. (The dates stay
    # correctable, for a record typed wrong; 延期 and 提前结束 are the decisions, with reasons.)
    fixed_once_started = ["teacher", "from_school", "to_school", "establishment_moved"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status in (Exchange.Status.IN_PROGRESS, Exchange.Status.FINISHED):
            return [*self.fixed_once_started, *self.readonly_fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # An approved exchange is a record the 编制, the 10 % and the allowances rest on: kept.
        if obj is not None and obj.status in Exchange.EFFECTIVE:
            return False
        return super().has_delete_permission(request, obj)

    date_hierarchy = "start_date"
    sortable_by = ["start_date"]
    actions = ["approve", "reject", "start", "finish"]
    change_list_template = "admin/exchanges/exchange/change_list.html"
    change_form_template = "admin/exchanges/exchange/change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        exchange = self.get_object(request, object_id)
        if exchange is not None:
            extra_context = {
                **(extra_context or {}),
                "decisions": decision_forms(exchange),
                "status_history": status_history(exchange),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_exchanges_view), name="exchanges_exchange_import"),
            path(
                "<id:object_id>/decide/",
                wrap(lambda request, object_id: decide(request, self, object_id)),
                name="exchanges_exchange_decide",
            ),
            path("rules/", wrap(lambda request: policy_page(request, self)), name="exchanges_exchange_rules"),
            path("rule-book/", wrap(lambda request: rule_book_page(request, self)), name="exchanges_exchange_rule_book"),
            path("teacher/<id:teacher_id>/career/", wrap(self.career_view), name="exchanges_teacher_career"),
            path("teacher/<id:teacher_id>/certificate/", wrap(self.certificate_view), name="exchanges_teacher_certificate"),
            *super().get_urls(),
        ]

    def import_exchanges_view(self, request):
        return import_view(request, self, EXCHANGES)

    def _teacher(self, request, teacher_id) -> Teacher:
        teacher = Teacher.objects.select_related("school").filter(pk=teacher_id).first()
        if teacher is None or not request.user.has_perm("teachers.view_teacher"):
            raise Http404("没有这位教师。")
        return teacher

    def career_view(self, request, teacher_id):
        """任职与交流经历: the teacher's schools over time, exchanges and what they count for."""
        teacher = self._teacher(request, teacher_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": Teacher._meta,
            "original": teacher,
            "title": f"{teacher.name} · 任职与交流经历",
            **career_page_context(teacher, timezone.localdate()),
        }
        return TemplateResponse(request, "admin/exchanges/career.html", context)

    def certificate_view(self, request, teacher_id):
        teacher = self._teacher(request, teacher_id)
        context = {
            **career_page_context(teacher, timezone.localdate()),
            "back": reverse("admin:exchanges_teacher_career", args=[teacher.pk]),
        }
        return TemplateResponse(request, "exchanges/certificate.html", context)

    @admin.display(description="提示")
    def notes_shown(self, exchange):
        if not exchange.notes:
            return "—"
        return format_html_join(mark_safe("<br>"), "{}", ((note["message"],) for note in exchange.notes))

    @admin.display(description="派出学校 → 接收学校")
    def schools(self, exchange):
        return format_html("{}<br>→ {}", exchange.from_school, exchange.to_school)

    @admin.display(description="交流期限", ordering="start_date")
    def term(self, exchange):
        return format_html("{}<br>至 {}", date_format(exchange.start_date), date_format(exchange.planned_end))

    @admin.display(description="驳回理由")
    def reason_shown(self, exchange):
        reason = exchange.reject_reason
        if len(reason) <= REASON_SHOWN:
            return reason
        return format_html('<span title="{}">{}…</span>', reason, reason[:REASON_SHOWN])

    @admin.display(description="提示")
    def notes_count(self, exchange):
        return f"{len(exchange.notes)} 条" if exchange.notes else ""

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


@admin.register(ExchangeAppraisal)
class ExchangeAppraisalAdmin(HistoryAdmin):
    """The receiving schools' yearly 考核 of exchange teachers; 优秀 ones are the 优秀交流教师
    named for cadre promotion (五·(四))."""

    list_display = ["teacher_shown", "school_year", "grade", "receiving_school", "recorded_by", "recorded_at"]
    list_filter = ["school_year", "grade", ("exchange__to_school__district", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["exchange__teacher", "exchange__to_school", "recorded_by"]
    search_fields = ["exchange__teacher__name", "exchange__teacher__staff_id", "exchange__to_school__name"]
    readonly_fields = ["exchange", "school_year", "grade", "recorded_by", "recorded_at"]

    def has_add_permission(self, request):
        return False  # recorded by the receiving school in the portal, within its quota

    @admin.display(description="教师", ordering="exchange__teacher__name")
    def teacher_shown(self, appraisal):
        return appraisal.exchange.teacher

    @admin.display(description="接收学校", ordering="exchange__to_school__name")
    def receiving_school(self, appraisal):
        return appraisal.exchange.to_school
