"""The admin is for the bureau's staff. A school head or 学区 account that finds its way
there is told, in a sentence, where its own login is, and sent there."""

from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

NOT_STAFF = "市教育局管理后台只供教育局工作人员使用；学校和学区的账号请在“学校门户”登录和办理。"


class StaffLoginForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确（注意大小写）。",
        "inactive": "该账号已停用，请联系市教育局。",
    }

    def confirm_login_allowed(self, user):
        if user.is_active and not user.is_staff:
            raise ValidationError(NOT_STAFF, code="portal_account")
        super().confirm_login_allowed(user)


def staff_login(request):
    if request.user.is_authenticated and not request.user.is_staff:
        messages.info(request, NOT_STAFF)
        return redirect("portal:home")
    return admin.site.login(request)
