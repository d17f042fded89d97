"""The bureau's decisions on one exchange, from its own admin page: 批准, 驳回 (with a
reason), 提前结束 and 延期 (each with a reason). Each form posts to `decide`, which calls
the service and goes back to the page with what happened."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect

from teachers.models import REASON_MAX_LENGTH

from .models import Exchange
from .services import exchange_approve, exchange_end_early, exchange_extend, exchange_reject

REASON_ERRORS = {
    "required": "请填写理由。",
    "max_length": f"理由不能超过 {REASON_MAX_LENGTH} 字（现为 %(show_value)d 字），请精简后再提交。",
}
DATE_ERRORS = {"required": "请填写日期。", "invalid": "日期应写成 2024-09-01 这样的格式。"}


def reason_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=REASON_MAX_LENGTH,
        error_messages=REASON_ERRORS,
        # No maxlength: a pasted reason would be cut without a word; the form says the limit.
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=f"不超过 {REASON_MAX_LENGTH} 字",
    )


def date_field(label: str, help_text: str) -> forms.DateField:
    return forms.DateField(
        label=label, error_messages=DATE_ERRORS, widget=forms.DateInput(attrs={"type": "date"}), help_text=help_text
    )


class ApproveForm(forms.Form):
    pass


class RejectForm(forms.Form):
    reason = reason_field("驳回理由")


class EndEarlyForm(forms.Form):
    on = date_field("最后一天", "开始日期之后、计划结束日期之前；已过的日期即时结束，今后的日期到那天后由系统结束")
    reason = reason_field("提前结束的理由")


class ExtendForm(forms.Form):
    planned_end = date_field("新的结束日期", "晚于原计划结束日期，且不与该教师的其他交流重叠")
    reason = reason_field("延期的理由")


# decision -> (its form, the service it calls, what the user is told, the statuses it is offered in)
DECISIONS = {
    "approve": (ApproveForm, lambda e, data: exchange_approve(e), "已批准。", [Exchange.Status.FILED]),
    "reject": (RejectForm, lambda e, data: exchange_reject(e, **data), "已驳回。", [Exchange.Status.FILED]),
    "end_early": (
        EndEarlyForm,
        lambda e, data: exchange_end_early(e, **data),
        "提前结束已记录（最后一天已过的，现已结束，迁编的编制回到派出学校；否则到那天后由系统结束）。",
        [Exchange.Status.IN_PROGRESS],
    ),
    "extend": (
        ExtendForm,
        lambda e, data: exchange_extend(e, **data),
        "已延期。",
        [Exchange.Status.APPROVED, Exchange.Status.IN_PROGRESS],
    ),
}


def decision_forms(exchange: Exchange) -> dict[str, forms.Form]:
    """The decisions the exchange's status allows, each with an empty form (prefixed)."""
    return {
        name: form_class(prefix=name) for name, (form_class, _, _, statuses) in DECISIONS.items() if exchange.status in statuses
    }


def decide(request, model_admin, object_id):
    exchange = get_object_or_404(Exchange.objects.select_related("teacher"), pk=object_id)
    if request.method != "POST" or not model_admin.has_change_permission(request, exchange):
        raise PermissionDenied
    name = request.POST.get("decision", "")
    if name not in DECISIONS:
        raise PermissionDenied
    form_class, apply, done, _ = DECISIONS[name]
    form = form_class(request.POST, prefix=name)
    if not form.is_valid():
        problems = [
            f"{form.fields[field].label if field in form.fields else ''}：{' '.join(errors)}"
            for field, errors in form.errors.items()
        ]
        messages.error(request, "；".join(problems))
    else:
        try:
            apply(exchange, form.cleaned_data)
        except ValidationError as refused:
            messages.error(request, "；".join(refused.messages))
        else:
            messages.success(request, f"{exchange.teacher.name}的交流{done}")
    return redirect("admin:exchanges_exchange_change", exchange.pk)
