"""The demo content: channels, 30+ articles 2016-2019 with covers, a gallery, the 2018 review."""

import io
import re

import pytest
from django.core.management import call_command

from honors.models import Person
from news import demo
from news.models import Article, Channel, Gallery, Photo, SiteSettings, Source, Tag

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in (Article, Channel, Gallery, Photo, Source, Tag)] + [
        Article.tags.through.objects.count(),
        Article.history.count(),
    ]


def test_seed_makes_a_living_portal_and_a_second_run_adds_nothing(client):
    demo.seed()
    first = counts()
    published = Article.objects.published()
    assert published.count() >= 30
    assert {a.publish_at.year for a in published} == {2016, 2017, 2018, 2019}
    assert published.exclude(cover="").count() >= 20
    assert all(
        set(a.cover_renditions) == {"thumb", "480", "960"} for a in published.exclude(cover="")
    )
    assert Photo.objects.count() >= 8 and Photo.objects.exclude(renditions={}).count() >= 8
    assert SiteSettings.objects.get().icp_number == "苏ICP备00000000号"
    assert Channel.objects.get(slug="union-news").parent.slug == "news"

    demo.seed()
    assert counts() == first

    page = client.get("/").content.decode()
    assert "市总工会2018年工作综述" in page and "酷图热图" in page
    found = client.get("/search/", {"q": "助学金", "kind": "article"}).context["sections"][0]
    assert any("市总工会2018年工作综述" in hit["title"] for hit in found["hits"])


def test_the_2018_review_uses_live_figures_for_every_computed_figure(client):
    demo.seed()
    review = Article.objects.get(title=demo.ANNUAL_REVIEW_TITLE)
    assert review.publish_at.astimezone(demo.SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") == (
        "2019-01-10 09:25:45"
    )
    tokens = set(re.findall(r"\[\[figure:2018:([a-z_]+)\]\]", review.body + review.summary))
    computed = {
        "federation_honours_city_plus", "provincial_plus_may_day_awards",
        "provincial_plus_pioneer_teams", "municipal_may_day_awards", "municipal_pioneer_teams",
        "reading_rooms_national", "reading_rooms_provincial", "reading_rooms_most_beautiful",
        "reading_enterprises_new", "reading_rooms_municipal_new", "moral_models",
        "ten_best_streak_years", "innovation_enterprises", "innovation_workers", "suggestions",
        "innovations", "advanced_methods", "innovation_benefit_yuan", "citywide_skill_contests",
        "skill_contest_participants", "grade_upgrades", "skill_champions", "ankang_enterprises",
        "ankang_teams", "ankang_workers", "student_grant_recipients", "student_grant_yuan",
        "illness_relief_recipients", "illness_relief_yuan", "citywide_aid_yuan",
    }  # fmt: skip
    assert computed <= tokens
    assert not re.search(
        r"\d{3,}",
        re.sub(r"\[\[figure:[^\]]+\]\]", "", review.body).replace("2018", "").replace("2019", ""),
    )  # no figure typed by hand
    page = client.get(review.get_absolute_url()).content.decode()
    assert "[[figure:" not in page  # every token is rendered (a value, or a visible placeholder)


def test_the_whole_demo_is_searchable_across_kinds(client):
    call_command("seed_demo", stdout=io.StringIO())
    worker = Person.objects.model_workers().first()

    across = client.get("/search/", {"q": worker.name}).context["sections"]
    people = next(section for section in across if section["key"] == "person")
    assert any(worker.name in hit["title"] for hit in people["hits"])
    figures = client.get("/search/", {"q": "助学金", "kind": "figure"}).content.decode()
    assert "2018年市总工会本级发放<mark>助学金</mark>" in figures
