"""The admin lists' 导出 Excel: what the list's filters and search show, in the columns of
its import (a `Sheet` of the app's `lists` module), so the file can be edited and
imported back. The one exporter shape (`exporting.write_workbook`) writes it."""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import display_for_field, display_for_value, label_for_field, lookup_field
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.utils.html import strip_tags

from .exporting import Sheet, header, write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(sheets, filename: str) -> HttpResponse:
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    write_workbook(sheets, response)
    return response


class ListExportMixin:
    """For a ModelAdmin whose rows have an import of their own: `list_sheet(queryset)` gives
    them in that import's columns. Every other list exports the columns it shows
    (`ShownColumnsSheet`, served by the admin site: jiaogongti/admin_site.py)."""

    list_export_title = ""

    def list_sheet(self, queryset):
        raise NotImplementedError

    def get_urls(self):
        opts = self.model._meta
        view = self.admin_site.admin_view(lambda request: list_export_view(self, request))
        return [path("export/", view, name=f"{opts.app_label}_{opts.model_name}_export"), *super().get_urls()]


def list_export_view(model_admin, request):
    """导出 Excel of an admin list: the rows its filters and search show, read from the same
    query string; one the list does not know is answered as the list answers it (its page
    with ?e=1)."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    try:
        shown = model_admin.get_changelist_instance(request).get_queryset(request)
    except IncorrectLookupParameters:
        return HttpResponseRedirect(f"../?{ERROR_FLAG}=1")
    opts = model_admin.model._meta
    if isinstance(model_admin, ListExportMixin):
        sheet, title = model_admin.list_sheet(shown), model_admin.list_export_title or opts.verbose_name
    else:
        sheet, title = ShownColumnsSheet(model_admin, request, shown), str(opts.verbose_name_plural)
    return xlsx_response([sheet], f"{title}_{timezone.localdate():%Y%m%d}.xlsx")


class ShownColumnsSheet(Sheet):
    """A list with no import of its own, as the admin shows it: its columns, each row's
    values as they read on the page (choices by their labels, dates, 是/否)."""

    def __init__(self, model_admin, request, rows):
        self.model_admin, self.rows_shown = model_admin, rows
        self.columns = [name for name in model_admin.get_list_display(request) if name != "action_checkbox"]
        self.name = str(model_admin.model._meta.verbose_name_plural)[:31]
        self.column_widths = tuple(24 for _ in self.columns)

    def rows(self):
        model, admin = self.model_admin.model, self.model_admin
        yield header(*(strip_tags(str(label_for_field(name, model, admin))) for name in self.columns))
        for record in self.rows_shown.iterator(chunk_size=1000):
            yield [self._cell(record, name) for name in self.columns]

    def _cell(self, record, name):
        field, attr, value = lookup_field(name, record, self.model_admin)
        if isinstance(value, bool) and (isinstance(field, models.BooleanField) or getattr(attr, "boolean", False)):
            return "是" if value else "否"  # (the page shows an icon)
        if field is None:
            shown = display_for_value(value, "", boolean=getattr(attr, "boolean", False))
        elif getattr(field, "flatchoices", None) or isinstance(field, models.BooleanField):
            shown = display_for_field(value, field, "")
        else:
            shown = "" if value is None else value
        if isinstance(shown, (int, float, Decimal)) and not isinstance(shown, bool):
            return shown
        return strip_tags(str(shown))


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
