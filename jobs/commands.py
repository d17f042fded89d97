"""What every import command shares: the PATH argument, --dry-run, the exit code, and the
history entry each import leaves (the same as an upload in the admin)."""

from django.core.management.base import BaseCommand, CommandError

from .models import Job
from .services import record_command_import


class ImportCommand(BaseCommand):
    """`import_<name>` of an import kind (jiaogongti.import_kinds): subclasses set `kind`."""

    kind = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.help = self.kind.help_text
        self.title = self.kind.title
        self.importer = self.kind.importer

    def add_arguments(self, parser):
        parser.add_argument("path", help=".xlsx 或 .csv 文件（UTF-8、带 BOM 的 UTF-8 或 GBK）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入数据库")
        # Each option as the upload form's field for it has it: its label, help and choices.
        for option in self.kind.asks:
            field = self.kind.form_class.base_fields[option]
            choices = [value for value, _ in field.choices] if hasattr(field, "choices") else None
            help_text = f"{field.label}：{field.help_text}" if field.help_text else str(field.label)
            parser.add_argument(f"--{option}", type=int, required=True, choices=choices, help=help_text)

    def importer_options(self, options) -> dict:
        return {option: options[option] for option in self.kind.asks}

    def handle(self, *args, **options):
        job = record_command_import(
            importer=self.importer,
            path=options["path"],
            title=self.title,
            dry_run=options["dry_run"],
            options=self.importer_options(options),
        )
        if job.status != Job.Status.SUCCEEDED:
            if job.problems:
                listed = "\n".join(f"第 {row} 行：{message}" if row else message for row, message in job.problems)
                raise CommandError(f"导入失败，数据库未做任何改动。共 {len(job.problems)} 个问题：\n{listed}")
            raise CommandError(job.summary)
        self.stdout.write(job.summary)
