"""学年归档 in the admin: the closings on record, and the form that closes or reopens a
学年 (the same `reports.closing` as the `close_year` command)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from jiaogongti.forms import FIRST_YEAR, LAST_YEAR
from jiaogongti.school_year import school_year_label

from .closing import REOPEN_REASON_MAX_LENGTH, close_year, reopen_year
from .models import YearClosure


class ClosingForm(forms.Form):
    year = forms.IntegerField(label="学年", min_value=FIRST_YEAR, max_value=LAST_YEAR, help_text="如 2022（即 2022学年）")
    reason = forms.CharField(
        label="重新开放的理由",
        required=False,
        max_length=REOPEN_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="仅重新开放时填写，必填",
    )


@admin.register(YearClosure)
class YearClosureAdmin(admin.ModelAdmin):
    list_display = ["school_year", "closed_at", "closed_by", "state", "reopened_at", "reopened_by", "reopen_reason"]
    list_filter = ["school_year"]
    readonly_fields = ["school_year", "closed_at", "closed_by", "reopened_at", "reopened_by", "reopen_reason"]
    exclude = ["dashboard"]
    change_list_template = "admin/reports/yearclosure/change_list.html"

    @admin.display(description="状态")
    def state(self, closure):
        return "已归档" if closure.reopened_at is None else "已重新开放"

    def has_add_permission(self, request):
        return False  # closed by the form below, which keeps the figures

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("close/", self.admin_site.admin_view(self.close_view), name="reports_yearclosure_close"),
            *super().get_urls(),
        ]

    def close_view(self, request):
        if (
            not request.user.has_perm("reports.view_yearclosure")
            or not request.user.is_superuser
            and not request.user.has_perm("reports.add_yearclosure")
        ):
            raise PermissionDenied
        form = ClosingForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            year, label = form.cleaned_data["year"], school_year_label(form.cleaned_data["year"])
            try:
                if "reopen" in request.POST:
                    reopen_year(year, reason=form.cleaned_data["reason"], by=request.user)
                    messages.success(request, f"{label}已重新开放。")
                else:
                    closed = close_year(year, by=request.user)
                    messages.success(request, f"{label}已归档。" if closed.newly else f"{label}此前已归档，本次未作改动。")
            except ValidationError as refused:
                for message in refused.messages:
                    form.add_error(None, message)
            else:
                return redirect("admin:reports_yearclosure_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "归档 / 重新开放学年",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reports/yearclosure/close.html", context)
