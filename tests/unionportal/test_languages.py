"""Chinese and English pages share one cache: a reader of one language never gets the other's links.

Parts of pages are kept per content version and shared between readers; a part kept while an
English page was rendered must not send a Chinese reader to /en/ addresses, and the other way
round. Each language is asked first in turn, with an empty cache, over every public page type of
the demo portal.
"""

import io
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from competitions.models import Competition
from honors.models import Person
from news.models import Article
from organizations.models import Organization
from stations.models import Station

pytestmark = pytest.mark.django_db

NOT_PREFIXED = ("/static/", "/media/", "/admin/", "/healthz", "/ckeditor5/")


class Links(HTMLParser):
    """Every address a page links to or sends a form to, except the switch to its other language
    (the only link that carries ``hreflang``)."""

    def __init__(self):
        super().__init__()
        self.addresses: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "hreflang" in attrs:
            return
        for name in ("href", "action", "src"):
            value = attrs.get(name)
            if value and value.startswith("/") and not value.startswith("//"):
                self.addresses.append(value)


def links_of(page: str) -> list[str]:
    parser = Links()
    parser.feed(page)
    return [address for address in parser.addresses if not address.startswith(NOT_PREFIXED)]


def in_language(path: str, language: str) -> str:
    return "/en" + path if language == "en" else path


@pytest.fixture
def demo_pages():
    call_command("seed_demo", stdout=io.StringIO())
    article = Article.objects.published().order_by("-publish_at").first()
    return [
        "/",
        article.channel.get_absolute_url(),
        article.get_absolute_url(),
        "/photos/",
        "/search/?q=劳模",
        "/sitemap/",
        "/reports/",
        "/reports/2018/",
        "/honors/models/",
        reverse(
            "honors:person_detail", args=[Person.objects.filter(honours__isnull=False).first().pk]
        ),
        "/honors/rolls/",
        "/competitions/",
        Competition.objects.order_by("pk").first().get_absolute_url(),
        "/competitions/champions/",
        "/competitions/enterprises/",
        reverse("competitions:enterprise", args=[Organization.objects.order_by("pk").first().pk]),
        "/fuwu/",
        Station.objects.order_by("pk").first().get_absolute_url(),
        "/hudong/",
    ]


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.parametrize("asked_first", ["en", "zh-hans"])
def test_no_page_links_to_the_other_language_whichever_was_asked_first(
    client, demo_pages, asked_first
):
    asked_second = "zh-hans" if asked_first == "en" else "en"
    cache.clear()
    for path in demo_pages:
        assert client.get(in_language(path, asked_first)).status_code == 200, path

    for path in demo_pages:
        response = client.get(in_language(path, asked_second))
        assert response.status_code == 200, path
        links = links_of(response.content.decode())
        assert links, path
        if asked_second == "en":
            wrong = [address for address in links if not address.startswith("/en/")]
        else:
            wrong = [address for address in links if address == "/en" or address.startswith("/en/")]
        assert not wrong, f"{in_language(path, asked_second)} links to {sorted(set(wrong))[:8]}"
