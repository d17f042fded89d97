"""One declaration per kind of file the portal imports (`<app>/imports.py`): its title,
its importer, its template, the help a user reads, the 学年 (and 学期) it asks for, and
the list that exports it back in the same columns. The command (`import_<name>`), the
admin's upload page, its template download, the preview, `export_list` and the tests all
read it, so a new kind is one declaration and the pieces it names."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules

_KINDS: dict[str, "ImportKind"] = {}


@dataclass(frozen=True)
class ImportKind:
    name: str  # the command is import_<name>; export_list's kind
    title: str  # the upload page's and the job's title
    upload_url: str  # the admin's upload page, by URL name (its ModelAdmin serves it with `jobs.uploads.import_view`)
    importer: Callable  # importer(source, filename=None, dry_run=False, **options)
    help_text: str  # what the columns take and what importing does
    template: Any = None  # a list_export.ImportTemplate (or one of its kind), offered to download
    asks: tuple[str, ...] = ()  # options the importer takes besides the file: "year", "term"
    form_class: Any = None  # the upload form when it asks more (jobs.uploads): a field per option
    list_sheet: Callable | None = None  # list_sheet(queryset or None) -> the rows in the import's columns


def register(kind: ImportKind) -> ImportKind:
    _KINDS[kind.name] = kind
    return kind


def import_kinds() -> dict[str, ImportKind]:
    """Every declared kind, by name (each app's `imports` module, read once)."""
    autodiscover_modules("imports")
    return dict(_KINDS)
