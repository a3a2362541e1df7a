from django.core.management.base import BaseCommand

from news.search_index import search_entries_sync
from unionportal.search_registry import registry


class Command(BaseCommand):
    help = "把人物、荣誉、竞赛、企业、统计数据等的搜索条目与记录核对一遍，只写入有变化的条目。"

    def add_arguments(self, parser):
        parser.add_argument(
            "kinds", nargs="*", help="只核对这些类别：" + "、".join(k.key for k in registry.kinds())
        )

    def handle(self, *args, kinds, **options):
        unknown = [kind for kind in kinds if registry.get(kind) is None]
        if unknown:
            self.stderr.write("没有这些搜索类别：" + "、".join(unknown))
            return
        for kind, changed in search_entries_sync(kinds=kinds or None).items():
            self.stdout.write(f"{registry.get(kind).label}：更新 {changed} 条")
