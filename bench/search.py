"""Search benchmark: p50 and p95 latency of Chinese queries over 100k articles on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/unionportal .venv/bin/python -m bench.search

A scratch database (``<name>_searchbench``, dropped and made anew) is migrated and filled with
N published articles (made-up sentences; 2,000 distinct bodies, segmented once with jieba and
reused, so that setting up stays quick); ``search_vector`` is filled in SQL as the save service
would. Each query then runs as the search page runs it (``news.search.search_articles``): the
query cut into words, the newest ``RANKED_LIMIT`` published articles matching every word ranked
by relevance then recency, and the first page of 20 loaded by id. The ranked column says how many
were ranked; "200+": more matched, and the page says 超过 200 篇. The baseline, timed in the same
run, is the newest-first page of all published articles with its count (the channel page's
query). In the same run, for comparison, the search as it was: every match ranked by
``ts_rank`` and counted for the pager (fewer repeats: it is slow).

Two sets of queries: ``QUERIES`` match 44-73 % of the articles (the made-up sentences reuse a
small vocabulary: a worst case); ``SELECTIVE_QUERIES`` look for a few sentences planted in 5 %,
0.5 % and 0.05 % of the articles, alone or with a common word, closer to what real news gives
(and through the band, a few per cent, where PostgreSQL's choice of plan costs most).
``CHANNEL_QUERIES`` search one first-level channel (小栏目) whose child channel holds 1 % of the
articles, as the search form's channel filter does.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from functools import partial, reduce
from operator import and_
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
# Planted sentences: (sentence, one body in every …, which one). Appended after the random
# sentences (no draw from the generator), so that the bodies of QUERIES stay the same.
PLANTED = [
    ("各区建设户外劳动者职工驿站。", 20, 1),  # 5 % of the articles
    ("工匠学院首批学员结业。", 200, 0),  # 0.5 %
    ("市总工会开办职工心理健康讲座。", 2000, 0),  # 0.05 %, never with 职工驿站
]
SELECTIVE_QUERIES = [
    "职工驿站",
    "职工驿站 慰问",
    "职工驿站 疗休养",
    "工匠学院",
    "劳模 工匠学院",
    "心理健康讲座",
    "职工驿站 心理健康",
]
CHANNEL_QUERIES = ["劳模", "职工驿站", "工匠学院"]
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
    small = Channel.objects.create(name="小栏目", slug="small")
    small_child = Channel.objects.create(name="小栏目子栏目", slug="small-child", parent=small)
    bodies = []
    for number in range(2000):
        title = sentence(rng)[:-1]
        body = "".join(sentence(rng) for _ in range(rng.randint(4, 10)))
        for planted, every, which in PLANTED:
            if number % every == which:
                body += planted
        bodies.append((title, body, segment(f"{title} {body}")))
    start = datetime(2015, 1, 1, tzinfo=UTC)
    batch = []
    for number in range(n):
        title, body, words = bodies[number % len(bodies)]
        batch.append(
            Article(
                title=title[:200],
                channel=small_child if number % 100 == 0 else channel,
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
        # VACUUM as autovacuum would: the UPDATE left a dead copy of every row behind.
        cursor.execute("VACUUM ANALYZE news_article")


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
    before_repeat = max(args.repeat // 4, 1)  # the search as it was is slow
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL server: the benchmark is for its search")

    from tests.portal_server import own_database_url

    os.environ["DATABASE_URL"] = own_database_url(Path("/nonexistent"), "searchbench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings")
    import django

    django.setup()
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db.models import F, Q

    from news.models import Article, Channel
    from news.search import query_terms, search_articles
    from news.selectors import channel_family

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    fill(args.articles, random.Random(2018))
    print(f"{args.articles} articles written in {time.perf_counter() - began:.0f} s")

    published = Article.objects.published().select_related("channel", "source")
    small = Channel.objects.get(slug="small")

    in_small = published.in_channels(channel_family(small))
    # how channels were filtered before: through a join on the channel's parent
    in_small_by_join = published.filter(Q(channel=small) | Q(channel__parent=small))

    def scope(in_small_channel):
        return in_small if in_small_channel else published

    def search(query, in_small_channel=False):
        articles = search_articles(scope(in_small_channel), query_terms(query))
        page = Paginator(articles, 20).get_page(1)
        more = "+" if articles.more_than_limit else ""
        return f"{len(articles)}{more}", [article.pk for article in page]

    def newest_first(articles=published):
        page = Paginator(articles.order_by("-publish_at", "-id"), 20).get_page(1)
        return page.paginator.count, [article.pk for article in page]

    def every_match(query, in_small_channel=False):
        """The search as it was before bounded ranking: every match ranked, and counted (and a
        channel filtered through a join on its parent)."""
        articles = in_small_by_join if in_small_channel else published
        words = query_terms(query)
        vector_query = reduce(and_, [SearchQuery(word, config="simple") for word in words])
        matches = articles.filter(search_vector=vector_query)
        ranked = matches.annotate(rank=SearchRank(F("search_vector"), vector_query))
        page = Paginator(ranked.order_by("-rank", "-publish_at", "-id"), 20).get_page(1)
        return page.paginator.count, [article.pk for article in page]

    baseline = timed(newest_first, args.repeat)
    base50 = statistics.median(baseline)
    print(
        f"baseline (newest-first page): p50 {base50:.1f} ms, p95 {percentile(baseline, 95):.1f} ms"
    )
    # The channel page's own query for 小栏目 (first page and count), by ids and by the old join.
    for label, articles in [("by ids", in_small), ("before, by join", in_small_by_join)]:
        times = timed(partial(newest_first, articles), args.repeat)
        print(
            f"channel page of 小栏目 (1 %), {label}: p50 {statistics.median(times):.1f} ms, "
            f"p95 {percentile(times, 95):.1f} ms"
        )
    sets = [
        ("unselective", QUERIES, False),
        ("selective", SELECTIVE_QUERIES, False),
        ("in 小栏目 (1 %)", CHANNEL_QUERIES, True),
    ]
    for title, queries, in_small_channel in sets:
        print(f"\n{title} queries; before: every match ranked and counted, {before_repeat}×")
        print(
            f"{'query':<14}{'matches':>9}{'ranked':>8}{'p50 ms':>9}{'p95 ms':>9}"
            f"{'p50 ×base':>11}{'before p50':>12}"
        )
        now_times, before_times = [], []
        for query in queries:
            search(query, in_small_channel)  # warm
            times = timed(partial(search, query, in_small_channel), args.repeat)
            before = timed(partial(every_match, query, in_small_channel), before_repeat)
            now_times += times
            before_times += before
            p50 = statistics.median(times)
            print(
                f"{query:<14}{every_match(query, in_small_channel)[0]:>9}"
                f"{search(query, in_small_channel)[0]:>8}{p50:>9.1f}"
                f"{percentile(times, 95):>9.1f}{p50 / base50:>11.2f}"
                f"{statistics.median(before):>12.1f}"
            )
        for label, times in [("now", now_times), ("before", before_times)]:
            print(
                f"all {title}, {label}: p50 {statistics.median(times):.1f} ms, "
                f"p95 {percentile(times, 95):.1f} ms over {len(times)} searches "
                f"(p50 ×base {statistics.median(times) / base50:.2f})"
            )


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
