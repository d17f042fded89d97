"""The upload page every importer uses in the admin.

The form takes the file (and whatever else the importer needs, e.g. the 学年); the page
queues a job that hands it to the very function the management command calls, and sends
the user to the job's page, which shows the progress and then the outcome.
"""

from django import forms
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .admin import job_page_url
from .services import job_submit_import


class UploadForm(forms.Form):
    file = forms.FileField(label="文件", help_text="支持 .xlsx 或 .csv（UTF-8、带 BOM 的 UTF-8 或 GBK 编码），不超过 50 MB。")
    dry_run = forms.BooleanField(
        label="先预览，确认后再导入",
        required=False,
        initial=True,
        help_text="勾选时先检查并列出将新建、修改、不变的行（修改的列出原值 → 新值），确认后才写入数据库。",
    )


def import_view(request, model_admin, kind):
    """The upload page of an import kind (jiaogongti.import_kinds): the file, and the 学年
    (学期) the kind asks for, handed to `kind.importer(file, filename=, dry_run=, ...)`;
    `?template=1` downloads the kind's template."""
    if kind.template is not None and request.GET.get("template"):
        return kind.template.response()
    form_class = kind.form_class or UploadForm
    title, importer, help_text, template = kind.title, kind.importer, kind.help_text, kind.template
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_submit_import(
            importer=importer,
            upload=form.cleaned_data["file"],
            title=title,
            dry_run=form.cleaned_data["dry_run"],
            options={option: form.cleaned_data[option] for option in kind.asks},
            user=request.user,
        )
        return redirect(job_page_url(job))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "form": form,
        "help_text": help_text,
        "has_template": template is not None,
    }
    return TemplateResponse(request, "admin/jiaogongti/import.html", context)
