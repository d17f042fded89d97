from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import include, path, re_path, reverse
from django.views.generic import TemplateView

from .admin_login import staff_login


@login_required
def home(request):
    """Bureau staff work in the admin; everybody else in the portal."""
    return redirect("admin:index" if request.user.is_staff else "portal:home")


def moved_to_exchanges(request, **parts):
    """The exchanges were the admin's 教师与交流 section (`/admin/teachers/…`) until they got
    an app of their own: a clerk's bookmark of the old address still arrives."""
    if "teacher_id" in parts:
        target = reverse(f"admin:exchanges_teacher_{parts['page']}", args=[parts["teacher_id"]])
        query = request.META.get("QUERY_STRING", "")
        return redirect(f"{target}?{query}" if query else target, permanent=True)
    return redirect(request.get_full_path().replace("/admin/teachers/", "/admin/exchanges/", 1), permanent=True)


# django.contrib.auth.urls, without password reset unless a mail server is configured: the
# reset page would otherwise say a mail was sent that never leaves.
account_urls = [
    path("login/", auth_views.LoginView.as_view(extra_context={"reset_by_mail": settings.PASSWORD_RESET_BY_MAIL}), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The portal's own pages (the admin keeps its own for bureau staff).
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(template_name="accounts/password_change_form.html"),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
]
if settings.PASSWORD_RESET_BY_MAIL:
    account_urls += [
        path("password_reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
        path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
        path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
        path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    ]

urlpatterns = [
    path("", home, name="home"),
    path("help/", TemplateView.as_view(template_name="help.html"), name="help"),
    path("admin/login/", staff_login),  # before the admin's own: a portal account is sent to the portal
    re_path(r"^admin/teachers/(?:exchange|exchangeappraisal)/", moved_to_exchanges),
    re_path(r"^admin/teachers/teacher/(?P<teacher_id>[0-9]{1,18})/(?P<page>career|certificate)/$", moved_to_exchanges),
    path("admin/", admin.site.urls),
    path("accounts/", include(account_urls)),
    path("portal/", include("portal.urls")),
    path("messages/", include("inbox.urls")),
    path("timetable/", include("timetable.urls")),
    path("dashboard/", include("reports.urls")),
]
