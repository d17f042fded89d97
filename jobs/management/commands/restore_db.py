from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jobs.backups import BackupError, restore


class Command(BaseCommand):
    help = "用备份文件恢复数据库和附件：现有数据和附件全部替换为备份时的。请先停止网站和后台任务进程。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="backup_db 生成的备份文件")
        parser.add_argument("--noinput", "--no-input", action="store_true", help="不再询问确认")

    def handle(self, *args, **options):
        if not options["noinput"]:
            answer = input("现有数据和附件将全部替换为备份中的，且无法撤销。确认恢复请输入 yes：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，数据库未做任何改动。")
        try:
            restored = restore(Path(options["path"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        if restored["files"] is None:
            self.stdout.write(f"恢复完成：数据库已恢复为 {options['path']} 中的数据（这是只含数据库的旧式备份，附件未变）。")
        else:
            self.stdout.write(f"恢复完成：数据库和 {restored['files']} 个附件已恢复为 {options['path']} 中的。")
