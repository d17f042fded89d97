from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jobs.backups import BackupError, backup, default_backup_path


class Command(BaseCommand):
    help = "备份数据库和所有附件（一个 .tar.gz 文件，一致的快照，可在服务运行时执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", help="备份文件路径；不填则存到 var/backups/，文件名带日期时间")

    def handle(self, *args, **options):
        try:
            path, missing = backup(Path(options["output"]) if options["output"] else default_backup_path())
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"备份完成：{path}（{path.stat().st_size / 1024 / 1024:.1f} MB，含数据库和附件）")
        if missing:
            self.stderr.write(f"注意：数据库记录了 {len(missing)} 个附件，但备份前它们已不在服务器上：{'、'.join(missing[:20])}")
