from django.core.management.base import BaseCommand

from news.roles import roles_sync


class Command(BaseCommand):
    help = "创建或更新后台角色（编辑、审核）及其权限。"

    def handle(self, *args, **options):
        for name, group in roles_sync().items():
            self.stdout.write(f"角色 {name}：{group.permissions.count()} 项权限")
