from django.core.management.base import BaseCommand, CommandError

from unionportal.backup import BackupError, records_restore


class Command(BaseCommand):
    help = "从加密备份文件恢复全部业务记录（先在空数据库上执行 migrate）。"

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            with open(path, "rb") as source:
                count = records_restore(source=source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已恢复 {count} 条记录（含后台操作日志），可以直接新增记录。")
