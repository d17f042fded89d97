from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jobs.backups import BackupError, backup, default_backup_path


class Command(BaseCommand):
    help = "备份正在运行的数据库（一致的快照，可在服务运行时执行）。SQLite 用在线备份，PostgreSQL 用 pg_dump。"

    def add_arguments(self, parser):
        parser.add_argument("--output", help="备份文件路径；不填则存到 var/backups/，文件名带日期时间")

    def handle(self, *args, **options):
        try:
            path = backup(Path(options["output"]) if options["output"] else default_backup_path())
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"备份完成：{path}（{path.stat().st_size / 1024 / 1024:.1f} MB）")
