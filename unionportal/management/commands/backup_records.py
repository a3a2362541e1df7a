from django.core.management.base import BaseCommand

from unionportal.backup import records_backup


class Command(BaseCommand):
    help = "导出全部业务记录（加密备份文件，需同一套密钥才能恢复）。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="备份文件路径，例如 var/backups/records-2026-11-24.enc")

    def handle(self, *args, path, **options):
        with open(path, "wb") as output:
            size = records_backup(output=output)
        self.stdout.write(f"已写入备份 {path}（{size} 字节）。")
