"""Search benchmark: p50 and p95 latency of Chinese queries over 100k articles on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/unionportal .venv/bin/python -m bench.search

A scratch database (``<name>_searchbench``, dropped and made anew) is migrated and filled with
N published articles (made-up sentences; 2,000 distinct bodies, segmented once with jieba and
reused, so that setting up stays quick); ``search_vector`` is filled in SQL as the save service
would. Each query then runs as the search page runs it: the query cut into words, the published
articles matching every word ranked by relevance then recency, the count for the pager and the
first page of 20. The baseline, timed in the same run, is the newest-first page of all published
articles (the channel page's query).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = [
    "劳模",
    "职工书屋",
    "技能竞赛",
    "困难职工 帮扶",
    "安康杯",
    "集体协商",
    "疗休养",
    "农民工 工资",
    "五一劳动奖章",
    "女职工 权益",
]
SUBJECTS = [
    "市总工会",
    "区总工会",
    "基层工会",
    "产业工会",
    "职工服务中心",
    "劳模创新工作室",
    "企业工会",
    "女职工委员会",
    "职工书屋",
    "法律援助站",
]
ACTIONS = ["开展", "举办", "组织", "启动", "推进", "表彰", "慰问", "走访", "召开", "部署"]
OBJECTS = [
    "职工技能竞赛",
    "困难职工帮扶",
    "金秋助学活动",
    "安康杯知识竞赛",
    "集体协商要约行动",
    "劳模事迹报告会",
    "农民工工资清欠",
    "女职工权益保护检查",
    "一线职工疗休养",
    "五一劳动奖章评选",
    "职工书屋建设",
    "网上安康课堂",
    "高温慰问",
    "就业创业培训",
]
DETAILS = [
    "覆盖全市各县（市、区）",
    "受到职工广泛欢迎",
    "参与企业数量创新高",
    "服务职工数千人次",
    "取得明显成效",
    "形成长效机制",
    "推动工作提质增效",
    "进一步提升职工获得感",
]


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}，{rng.choice(DETAILS)}。"
    )


def fill(n: int, rng: random.Random) -> None:
    from django.db import connection

    from news.models import Article, Channel
    from news.search import segment

    channel = Channel.objects.create(name="基准测试", slug="bench")
    bodies = []
    for _ in range(2000):
        title = sentence(rng)[:-1]
        body = "".join(sentence(rng) for _ in range(rng.randint(4, 10)))
        bodies.append((title, body, segment(f"{title} {body}")))
    start = datetime(2015, 1, 1, tzinfo=UTC)
    batch = []
    for number in range(n):
        title, body, words = bodies[number % len(bodies)]
        batch.append(
            Article(
                title=title[:200],
                channel=channel,
                body=f"<p>{body}</p>",
                summary=body[:80],
                search_text=words,
                status=Article.Status.APPROVED,
                publish_at=start + timedelta(minutes=number * 50),
            )
        )
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE news_article SET search_vector = to_tsvector('simple', search_text)")
        cursor.execute("ANALYZE news_article")


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append((time.perf_counter() - began) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL server: the benchmark is for its search")

    from tests.portal_server import own_database_url

    os.environ["DATABASE_URL"] = own_database_url(Path("/nonexistent"), "searchbench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.paginator import Paginator

    from news.models import Article
    from news.search import query_terms, search_articles

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    fill(args.articles, random.Random(2018))
    print(f"{args.articles} articles written in {time.perf_counter() - began:.0f} s")

    published = Article.objects.published().select_related("channel", "source")

    def search(query):
        page = Paginator(search_articles(published, query_terms(query)), 20).get_page(1)
        return page.paginator.count, [article.pk for article in page]

    def newest_first():
        page = Paginator(published.order_by("-publish_at", "-id"), 20).get_page(1)
        return page.paginator.count, [article.pk for article in page]

    baseline = timed(newest_first, args.repeat)
    rows, all_times = [], []
    for query in QUERIES:
        search(query)  # warm
        times = timed(lambda q=query: search(q), args.repeat)
        all_times += times
        rows.append((query, search(query)[0], statistics.median(times), percentile(times, 95)))
    base50 = statistics.median(baseline)
    print(
        f"baseline (newest-first page): p50 {base50:.1f} ms, p95 {percentile(baseline, 95):.1f} ms"
    )
    print(f"{'query':<12}{'matches':>9}{'p50 ms':>9}{'p95 ms':>9}{'p50 ×base':>11}")
    for query, matches, p50, p95 in rows:
        print(f"{query:<12}{matches:>9}{p50:>9.1f}{p95:>9.1f}{p50 / base50:>11.2f}")
    print(
        f"all queries: p50 {statistics.median(all_times):.1f} ms, "
        f"p95 {percentile(all_times, 95):.1f} ms over {len(all_times)} searches"
    )


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
