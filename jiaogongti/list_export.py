"""The admin lists' 导出 Excel: what the list's filters and search show, in the columns of
its import (a `Sheet` of the app's `lists` module), so the file can be edited and
imported back. The one exporter shape (`exporting.write_workbook`) writes it."""

from dataclasses import dataclass
from urllib.parse import quote

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path
from django.utils import timezone

from .exporting import Sheet, header, write_workbook

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
        # The list's own filters and search, read from the same query string; one the list
        # does not know is answered as the list answers it (its page with ?e=1).
        try:
            shown = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(f"../?{ERROR_FLAG}=1")
        filename = f"{self.list_export_title or self.model._meta.verbose_name}_{timezone.localdate():%Y%m%d}.xlsx"
        return xlsx_response([self.list_sheet(shown)], filename)


@dataclass(frozen=True)
class ImportTemplate:
    """What an import page offers to download: the header row and one example row, and a
    说明 sheet with what each column takes (drawn from the importer's own tables)."""

    title: str
    columns: list[str]
    example: list
    notes: list[tuple[str, str]]  # (column, what it takes)

    def sheets(self) -> list[Sheet]:
        return [_TemplateRows(self), _TemplateNotes(self)]

    def response(self) -> HttpResponse:
        return xlsx_response(self.sheets(), f"{self.title}模板.xlsx")


class _TemplateRows(Sheet):
    name = "导入"

    def __init__(self, template: ImportTemplate):
        self.template = template
        self.column_widths = tuple(max(12, 2 * len(column) + 4) for column in template.columns)

    def rows(self):
        yield header(*self.template.columns)
        yield list(self.template.example)


class _TemplateNotes(Sheet):
    name = "说明"
    column_widths = (16, 90)

    def __init__(self, template: ImportTemplate):
        self.template = template

    def rows(self):
        yield header("列", "填写说明")
        yield from ([column, text] for column, text in self.template.notes)
        yield [
            "",
            "第一行是表头，请勿改动；第二行是示例，导入前请删除或改成真实数据。任一行有误则整份不导入，并列出问题所在的行号。",
        ]
