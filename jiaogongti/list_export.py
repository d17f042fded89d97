"""The admin lists' 导出 Excel: what the list's filters and search show, in the columns of
its import (a `Sheet` of the app's `lists` module), so the file can be edited and
imported back. The one exporter shape (`exporting.write_workbook`) writes it."""

from urllib.parse import quote

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone

from .exporting import write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(sheets, filename: str) -> HttpResponse:
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    write_workbook(sheets, response)
    return response


class ListExportMixin:
    """For a ModelAdmin: `list_sheet(queryset)` gives the sheet of the rows the list shows."""

    list_export_title = ""

    def list_sheet(self, queryset):
        raise NotImplementedError

    def get_urls(self):
        opts = self.model._meta
        export = path(
            "export/", self.admin_site.admin_view(self.list_export_view), name=f"{opts.app_label}_{opts.model_name}_export"
        )
        return [export, *super().get_urls()]

    def list_export_view(self, request):
        # The list's own filters and search, read from the same query string.
        shown = self.get_changelist_instance(request).get_queryset(request)
        filename = f"{self.list_export_title or self.model._meta.verbose_name}_{timezone.localdate():%Y%m%d}.xlsx"
        return xlsx_response([self.list_sheet(shown)], filename)
