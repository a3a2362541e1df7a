"""Search benchmark: p50 and p95 latency of the search page over 100k articles plus 100k people
and 100k honours on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/unionportal .venv/bin/python -m bench.search

A scratch database (``<name>_searchbench``, dropped and made anew) is migrated and filled with
N published articles (made-up sentences; 2,000 distinct bodies, indexed once and reused, so that
setting up stays quick) and P people, each with one honour (made-up names, 1,000 enterprises as
their workplaces); the search entries of every kind are then written by the real sync
(``news.search_index.search_entries_sync``, timed, and a second time with nothing to change).
Then VACUUM ANALYZE.

Five measures, each query 20 times after a warm-up:
- articles: ``news.search.search_results`` as the 新闻 tab runs it (the newest ``RANKED_LIMIT``
  matches, title matches first, then the first page of 20 loaded by id and marked), unselective
  and selective queries;
- the search page across kinds, as a reader gets it on a page-cache miss (the test client, the
  whole middleware stack; the header and footer kept as in production): one query for the ranked
  ids of every kind, one for the articles shown and one for the entries shown, then the template;
- a kind's tab (人物), the same way, with its first page of 20;
- the page across kinds again, as the next reader of the same search gets it: what the search
  found is kept per public content version (``news.views.KEEP_RESULTS_SECONDS``; the three
  measures before it run with nothing kept, as the first reader of a search after a change).
The baseline, timed in the same run, is the newest-first first page of all published articles
with its count (the channel page's query).

Queries: ``QUERIES`` match 44-73 % of the articles (the made-up sentences reuse a small
vocabulary: a worst case); ``SELECTIVE_QUERIES`` look for sentences planted in 5 %, 0.5 % and
0.05 % of the articles; ``PORTAL_QUERIES`` are what a reader looks for across the portal: a name
shared by thousands of people, one shared by a few, an industry, an enterprise, an honour, a
figure, a word inside a longer word, nothing at all.
"""

import argparse
import itertools
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import percentile, scratch_database_setup, timed  # noqa: E402

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
PORTAL_QUERIES = [
    "王建",  # a surname and a given name: thousands of people
    "王建国1",  # a few people
    "电力",
    "供电公司",
    "五一劳动奖章",
    "助学金",
    "职业资格",
    "运输部",
    "无此内容",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "建国军华明丽强伟芳敏静磊洋勇艳杰娟涛超秀英"
INDUSTRIES = ["电力", "燃气", "公交", "建筑", "机械", "纺织", "化工", "邮政", "港口", "医疗"]
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
    from news.models import Article, Channel
    from news.search import index_text, vector_literal

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
        text = index_text(title, body)
        bodies.append((title, body, text, vector_literal(text)))
    start = datetime(2015, 1, 1, tzinfo=UTC)
    batch = []
    for number in range(n):
        title, body, text, vector = bodies[number % len(bodies)]
        batch.append(
            Article(
                title=title[:200],
                channel=small_child if number % 100 == 0 else channel,
                body=f"<p>{body}</p>",
                summary=body[:80],
                search_text=text,
                search_vector=vector,  # a literal: the INSERT makes it a tsvector
                status=Article.Status.APPROVED,
                publish_at=start + timedelta(minutes=number * 50),
            )
        )
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)


def fill_people(n: int, rng: random.Random) -> None:
    """n people, each with one honour, working at 1,000 made-up enterprises."""
    from honors.models import Honour, HonourType, Person, RecipientKind

    enterprises = [
        f"{rng.choice(INDUSTRIES)}{number}号{rng.choice(['有限公司', '集团', '供电公司'])}"
        for number in range(1000)
    ]
    types = list(HonourType.objects.filter(category__in=["model_worker", "may_day"]))
    people = [
        Person(
            name=f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{rng.choice(GIVEN)}{number}",
            workplace=rng.choice(enterprises),
            occupation=rng.choice(["班组长", "技师", "高级工", "工程师", "驾驶员"]),
            biography=sentence(rng),
        )
        for number in range(n)
    ]
    Person.objects.bulk_create(people, batch_size=5000)
    honours = [
        Honour(
            honour_type=rng.choice(types),
            level=rng.choice(list(Honour.Level.values)),
            year=rng.randint(2010, 2019),
            recipient_kind=RecipientKind.INDIVIDUAL,
            person_id=person_id,
            awarding_body="省总工会",
        )
        for person_id in Person.objects.values_list("id", flat=True).iterator(chunk_size=5000)
    ]
    Honour.objects.bulk_create(honours, batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="time again in the scratch database a previous run filled (no fill, no sync)",
    )
    args = parser.parse_args()
    scratch_database_setup("searchbench", keep=args.keep)
    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test import Client

    from news import views
    from news.models import Article
    from news.search import ARTICLES, SearchQuery, query_terms, search_results
    from news.search_index import search_entries_sync

    call_command("migrate", verbosity=0)
    if not args.keep:
        rng = random.Random(2018)
        began = time.perf_counter()
        fill(args.articles, rng)
        print(f"{args.articles} articles written in {time.perf_counter() - began:.0f} s")
        began = time.perf_counter()
        fill_people(args.people, rng)
        print(f"{args.people} people and honours written in {time.perf_counter() - began:.0f} s")
        began = time.perf_counter()
        written = search_entries_sync()
        print(f"search entries synced in {time.perf_counter() - began:.0f} s: {written}")
        began = time.perf_counter()
        assert set(search_entries_sync().values()) == {0}
        print(f"a second sync (nothing changed) in {time.perf_counter() - began:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    published = Article.objects.published().select_related("channel", "source")
    client = Client()
    misses = itertools.count(1)

    def articles(query):
        found = search_results(SearchQuery(tuple(query_terms(query)), kinds=(), kind=ARTICLES))
        return found.total, [hit["url"] for hit in found.sections[0]["hits"]]

    def page(query, kind=""):
        """The page as a reader gets it on a page-cache miss: the whole middleware stack, the
        header and footer kept; ``page`` is 1 spelled anew each time (0…01), so that the page
        cache, which keys on it, never holds the page. What the search found is not kept
        (``news.views.KEEP_RESULTS_SECONDS`` 0) unless the set says so."""
        number = "0" * next(misses) + "1"
        response = client.get("/search/", {"q": query, "kind": kind, "page": number})
        assert response.status_code == 200 and "X-Page-Cache" not in response
        return response

    def kept(function, query):
        """The same page once what the search found is kept (the second reader's)."""
        views.KEEP_RESULTS_SECONDS = keep_seconds
        try:
            return function(query)
        finally:
            views.KEEP_RESULTS_SECONDS = 0

    keep_seconds, views.KEEP_RESULTS_SECONDS = views.KEEP_RESULTS_SECONDS, 0

    def newest_first():
        listing = Paginator(published.order_by("-publish_at", "-id"), 20).get_page(1)
        return listing.paginator.count, [a.pk for a in listing]

    baseline = timed(newest_first, args.repeat)
    base50 = statistics.median(baseline)
    base95 = percentile(baseline, 95)
    print(f"baseline (newest-first page): p50 {base50:.1f} ms, p95 {base95:.1f} ms")
    sets = [
        ("articles, unselective", QUERIES, articles),
        ("articles, selective", SELECTIVE_QUERIES, articles),
        ("search page across kinds", PORTAL_QUERIES + SELECTIVE_QUERIES[:2], page),
        ("人物 tab", PORTAL_QUERIES[:4], partial(page, kind="person")),
        (
            "search page across kinds, kept",
            PORTAL_QUERIES + SELECTIVE_QUERIES[:2],
            partial(kept, page),
        ),
    ]
    for title, queries, function in sets:
        print(f"\n{title}")
        print(f"{'query':<14}{'p50 ms':>9}{'p95 ms':>9}{'p50 ×base':>11}")
        every = []
        for query in queries:
            function(query)  # warm
            times = timed(partial(function, query), args.repeat)
            every += times
            p50 = statistics.median(times)
            print(f"{query:<14}{p50:>9.1f}{percentile(times, 95):>9.1f}{p50 / base50:>11.2f}")
        print(
            f"all {title}: p50 {statistics.median(every):.1f} ms, "
            f"p95 {percentile(every, 95):.1f} ms over {len(every)} searches "
            f"(p50 ×base {statistics.median(every) / base50:.2f})"
        )


if __name__ == "__main__":
    main()
