"""Remove the uploads that previews left behind, and the files of jobs that never ran."""

from django.core.management.base import BaseCommand

from unionportal.spreadsheets.services import import_jobs_sweep
from unionportal.spreadsheets.storage import upload_sweep


class Command(BaseCommand):
    help = "删除超过保留时间、未确认导入的上传文件（均已加密）和未运行的后台导入文件。"

    def handle(self, *args, **options):
        uploads = upload_sweep()
        jobs = import_jobs_sweep()
        self.stdout.write(f"已删除 {uploads} 个未确认的上传文件，{jobs} 个未运行的后台导入。")
