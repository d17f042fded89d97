"""What every import command shares: the PATH argument, --dry-run, and the exit code."""

from django.core.management.base import BaseCommand, CommandError

from .importing import ImportFailed


class ImportCommand(BaseCommand):
    """Subclasses set `help` and implement `run_import(path, dry_run, options)`."""

    def add_arguments(self, parser):
        parser.add_argument("path", help=".xlsx 或 .csv 文件（UTF-8、带 BOM 的 UTF-8 或 GBK）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入数据库")

    def run_import(self, path, dry_run, options):
        raise NotImplementedError

    def handle(self, *args, **options):
        try:
            result = self.run_import(options["path"], options["dry_run"], options)
        except ImportFailed as failed:
            raise CommandError(f"导入失败，数据库未做任何改动。共 {len(failed.problems)} 个问题：\n{failed}")
        self.stdout.write(str(result))
