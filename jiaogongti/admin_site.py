"""The admin site as the bureau uses it: its sections in the order of daily use
(settings.JGT_ADMIN_ORDER, by app label), not Django's alphabetical one."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class BureauAdminSite(admin.AdminSite):
    site_header = "城乡义务教育共同体管理平台"
    site_title = "教共体管理平台"
    index_title = "市教育局管理"
    site_url = "/dashboard/"  # "查看站点": for bureau staff, the dashboard

    @property
    def login_form(self):
        from .admin_login import StaffLoginForm  # (a form: not importable while apps load)

        return StaffLoginForm

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        order = {label: position for position, label in enumerate(settings.JGT_ADMIN_ORDER)}
        return sorted(apps, key=lambda app: order.get(app["app_label"], len(order)))


class BureauAdminConfig(AdminConfig):
    default_site = "jiaogongti.admin_site.BureauAdminSite"
