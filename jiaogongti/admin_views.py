"""Pieces the bureau's admin pages share: the upload page every importer uses, and the
学年 picker of the report pages.

The upload form takes the file (and whatever else the importer needs, e.g. the 学年); the
view hands it to the very function the management command calls and shows its report.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from schools.school_year import school_year_label

from .importing import ImportFailed


class YearChoiceForm(forms.Form):
    """Pick one of the 学年 that have data; `year_of(request, years)` reads it."""

    year = forms.TypedChoiceField(label="学年", coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, school_year_label(y)) for y in years]

    @classmethod
    def year_of(cls, request, years: list[int], default: int | None = None):
        """The form and the chosen 学年: the one asked for, even one without data yet (a
        link from the dashboard says which it means); else `default`, else the newest."""
        asked = request.GET.get("year", "")
        if asked.isdigit() and 2000 <= int(asked) <= 2100 and int(asked) not in years:
            years = sorted([*years, int(asked)], reverse=True)
        default = default if default in years else years[0]
        form = cls(request.GET or {"year": default}, years=years)
        return form, (form.cleaned_data["year"] if form.is_valid() else default)


class UploadForm(forms.Form):
    file = forms.FileField(label="文件", help_text="支持 .xlsx 或 .csv（UTF-8、带 BOM 的 UTF-8 或 GBK 编码），不超过 50 MB。")
    dry_run = forms.BooleanField(label="只检查，不导入", required=False, help_text="勾选后只报告检查结果，不改动数据库。")


def import_view(request, model_admin, *, title: str, importer, help_text: str = "", form_class=UploadForm, options=None):
    """Upload page for `importer(file, filename=, dry_run=, **options(cleaned_data))`,
    the same function the management command calls."""
    problems = None
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                extra = options(form.cleaned_data) if options else {}
                result = importer(upload, filename=upload.name, dry_run=form.cleaned_data["dry_run"], **extra)
            except ImportFailed as failed:
                problems = failed.problems
            else:
                messages.success(request, str(result))
                if result.dry_run:
                    form = form_class(initial={k: v for k, v in form.cleaned_data.items() if k != "file"})
                else:
                    return redirect(request.path)
    else:
        form = form_class()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "form": form,
        "problems": problems,
        "help_text": help_text,
    }
    return TemplateResponse(request, "admin/jiaogongti/import.html", context)
