"""The admin site as the bureau uses it: its sections in the order of daily use
(settings.JGT_ADMIN_ORDER, by app label), not Django's alphabetical one."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import path

from .list_export import ListExportMixin, list_export_view


class BureauAdminSite(admin.AdminSite):
    site_header = "城乡义务教育共同体管理平台"
    site_title = "教共体管理平台"
    index_title = "市教育局管理"
    site_url = "/dashboard/"  # "查看站点": for bureau staff, the dashboard

    @property
    def login_form(self):
        from .admin_login import StaffLoginForm  # (a form: not importable while apps load)

        return StaffLoginForm

    def get_urls(self):
        """Every list exports what its filters show: a list with no export of its own
        (jiaogongti.list_export.ListExportMixin) gets the columns it shows."""
        exports = [
            path(
                f"{model._meta.app_label}/{model._meta.model_name}/export/",
                self.admin_view(lambda request, model_admin=model_admin: list_export_view(model_admin, request)),
                name=f"{model._meta.app_label}_{model._meta.model_name}_export",
            )
            for model, model_admin in self._registry.items()
            if not isinstance(model_admin, ListExportMixin) and not _exports_itself(model_admin)
        ]
        return [*exports, *super().get_urls()]

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        order = {label: position for position, label in enumerate(settings.JGT_ADMIN_ORDER)}
        return sorted(apps, key=lambda app: order.get(app["app_label"], len(order)))


def _exports_itself(model_admin) -> bool:
    """An admin with an export of its own (the roster, in the 附件2 layout) keeps it."""
    return any(str(pattern.pattern) == "export/" for pattern in model_admin.get_urls())


class BureauAdminConfig(AdminConfig):
    default_site = "jiaogongti.admin_site.BureauAdminSite"
