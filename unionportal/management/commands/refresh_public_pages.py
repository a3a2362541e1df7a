"""Make every page and shared part kept so far stale: run by each deploy.

Kept parts of pages are HTML rendered by the templates of the release that kept them; within one
content version they would be served for up to an hour after a new release. docker-compose's
``migrate`` step runs this after the migrations, so a release is seen at once.
"""

from django.core.management.base import BaseCommand

from unionportal.cache import public_content_changed


class Command(BaseCommand):
    help = "更新公开内容版本：此前缓存的页面和页面片段一律作废（每次部署后运行）。"

    def handle(self, *args, **options):
        public_content_changed()
        self.stdout.write("公开内容版本已更新，页面将按新版本重新生成。")
