from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import include, path

admin.site.site_header = "城乡义务教育共同体管理平台"
admin.site.site_title = "教共体管理平台"
admin.site.index_title = "市教育局管理"
admin.site.site_url = "/dashboard/"  # "查看站点": for bureau staff, the dashboard


@login_required
def home(request):
    """Bureau staff work in the admin; everybody else in the portal."""
    return redirect("admin:index" if request.user.is_staff else "portal:home")


urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("portal/", include("teachers.urls")),
    path("dashboard/", include("reports.urls")),
]
