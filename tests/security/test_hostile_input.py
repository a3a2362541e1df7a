"""Hostile text typed into any field finds nothing: no live markup on a public page or in a feed,
no formula in a downloaded spreadsheet, JSON that parses and cannot close a ``<script>``.

The corpus (tests/security/hostile.py) goes through every field that reaches the public site: each
string lands in every field of some record (record i gets string i in its first field, i + 1 in
its second …). The site is then read once, as a visitor would (``visit``): every page reachable
by links from the home page, the honour rolls, the competitions and the reports; every search box
and list filter with each string in every parameter; the RSS feeds; the reports' downloads. The
admin exports are read in each of their formats by a superuser. The English pages (/en/…) are the
same templates over the same fields and are not crawled again; those that show the English
versions editors add (the home page, channels, articles, the feed) are read too.
"""

import io
import json
import re
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from defusedxml import ElementTree
from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape
from import_export.admin import ExportMixin
from openpyxl import load_workbook

from assistance.models import Batch, Beneficiary, Disbursement
from assistance.selectors import MIN_PUBLIC_GROUP
from honors import codes
from honors.models import Honour, HonourType, Person
from news.models import Article, Attachment, Channel, Source, Tag
from organizations.models import District
from reports.models import EnteredFigure
from reports.registry import Figure, Theme, entered_figures, registry
from reports.services import rollup_compute
from tests.assistance.factories import (
    BatchFactory,
    BeneficiaryFactory,
    CityFederationFactory,
    DisbursementFactory,
    DistrictFactory,
)
from tests.competitions.factories import (
    CompetitionFactory,
    EnterpriseFactory,
    EntryFactory,
    ResultFactory,
    SkillsContestFactory,
)
from tests.honors.factories import HonourFactory, PersonFactory
from tests.news.factories import (
    ArticleFactory,
    AttachmentFactory,
    ChannelFactory,
    SiteSettingsFactory,
    SourceFactory,
    TagFactory,
)
from tests.security.hostile import (
    CANARY,
    HOSTILE,
    XLSX_CELL_CHARACTERS,
    csv_rows,
    elements,
    formula_cells,
    live_markup,
    storable,
)
from unionportal.celery import app as celery_app

pytestmark = pytest.mark.django_db

N = len(HOSTILE)
FIRST_YEAR = 1990  # one report year per string: an entered figure's source holds it
SEEDS = ["/", "/photos/", "/honors/models/", "/honors/rolls/", "/competitions/", "/reports/"]
NOT_PAGES = ("/admin/", "/media/", "/static/", "/rss/", "/preview/", "/ckeditor5/")
NOT_HTML = (".gif", ".svg", ".csv", ".xlsx", ".json")  # downloads are read by their own tests
MAX_PAGES = 900
# list pages that show what the reader typed (a search box, filters), with the parameters each
# reads: every one gets the hostile string
REFLECTING = {
    "/search/": ("q", "kind", "year", "channel", "from", "to", "page"),
    "/competitions/": ("year", "kind", "page"),
    "/competitions/champions/": ("q", "year", "trade", "district", "industry", "page"),
    "/competitions/enterprises/": ("q", "district", "industry", "page"),
    "/honors/models/": ("q", "level", "honour_type", "year", "district", "industry", "page"),
    "/honors/rolls/2018/provincial-plus/": ("q", "honour_type", "district", "industry", "page"),
}
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# the exported models build_site fills (an app's own test covers the others' exports)
BUILT_AND_EXPORTED = {
    "organizations.Organization",
    "honors.Honour",
    "competitions.Entry",
    "competitions.Result",
    "assistance.Disbursement",
}


class Texts:
    """Which hostile string each field of each record gets: record i's field f gets string
    i + f of the corpus, so that over the records every string lands in every field."""

    def __init__(self, corpus: list[str]):
        self.corpus = corpus

    def __len__(self):
        return len(self.corpus)

    def text(self, record: int, field: int, model=None, name: str | None = None) -> str:
        """The string, cut to the field's length."""
        max_length = model._meta.get_field(name).max_length if model else None
        return storable(self.corpus[(record + field) % len(self)], max_length)

    def unique(self, record: int, field: int, model, name: str, kind: str = "") -> str:
        """As ``text``, made unique (a name with a unique constraint) by the record's number."""
        max_length = model._meta.get_field(name).max_length
        suffix = f"#{kind}{record}"
        return self.text(record, field)[: max_length - len(suffix)] + suffix


# An entered figure's source note is the one text of a reports download that staff type; the
# review's figures are all computed from records now, so the test declares one of its own.
ENTERED_NOTE = Figure("test_entered_note", "填报测试指标", unit="项", theme=Theme.SERVICES)


@contextmanager
def registry_with_an_entered_figure():
    """Every declared figure (copies: registering renumbers them), and ``ENTERED_NOTE``, while
    the block runs; the registry as it was afterwards."""
    figures, groups = registry.figures(), registry.groups()
    grouped = {figure.key for group in groups for figure in group.figures}
    with registry.isolated():
        for group in groups:
            registry.register(
                [replace(figure) for figure in group.figures],
                group.compute,
                name=group.name,
                owner=group.figures[0].owner,
                breakdown=group.breakdown,
            )
        for figure in figures:
            if figure.key not in grouped:
                registry.register([replace(figure)], name=figure.owner, owner=figure.owner)
        entered_figures(ENTERED_NOTE, owner="tests")
        yield


def build_site(texts: Texts, *, entered_notes: bool = False) -> Texts:
    """Records of every public kind, each field holding hostile text; with ``entered_notes``,
    a year of entered figures per record too (inside ``registry_with_an_entered_figure``)."""
    medal = HonourType.objects.get(code=codes.MAY_DAY_MEDAL)
    text, unique_text = texts.text, texts.unique
    for i in range(len(texts)):
        channel = ChannelFactory(
            name=unique_text(i, 0, Channel, "name"),
            slug=f"h-{i}",
            description=text(i, 1, Channel, "description"),
            name_en=text(i, 2, Channel, "name_en"),
            show_on_home=i < 4,
        )
        article = ArticleFactory(
            channel=channel,
            title=text(i, 0, Article, "title"),
            subtitle=text(i, 1, Article, "subtitle"),
            summary=text(i, 2, Article, "summary") if i % 2 else "",
            body=f"<p>{text(i, 3)}</p>{text(i, 4)}<pre>{text(i, 5)}</pre>",
            author=text(i, 6, Article, "author"),
            source_text=text(i, 7, Article, "source_text"),
            responsible_editor=text(i, 8, Article, "responsible_editor"),
            cover_alt=text(i, 9, Article, "cover_alt"),
            source=SourceFactory(name=unique_text(i, 10, Source, "name")),
            tags=[TagFactory(name=unique_text(i, 11, Tag, "name"))],
            title_en=text(i, 13, Article, "title_en"),
            summary_en=text(i, 14, Article, "summary_en") if i % 3 else "",
        )
        AttachmentFactory(article=article, title=text(i, 12, Attachment, "title"))

        person = PersonFactory(
            name=text(i, 0, Person, "name"),
            workplace=text(i, 1, Person, "workplace"),
            occupation=text(i, 2, Person, "occupation"),
            biography=text(i, 3),
        )
        honour_type = HonourType.objects.create(
            code=f"h{i}",
            name=unique_text(i, 10, HonourType, "name"),
            category=HonourType.Category.MODEL_WORKER if i % 2 else HonourType.Category.MAY_DAY,
        )
        HonourFactory(
            person=person,
            honour_type=honour_type if i % 3 else medal,
            title=text(i, 4, Honour, "title"),
            awarding_body=text(i, 5, Honour, "awarding_body"),
            workplace=text(i, 6, Honour, "workplace"),
            document_number=text(i, 7, Honour, "document_number"),
            citation=text(i, 8),
            district=District.objects.get_or_create(name=unique_text(i, 9, District, "name"))[0],
        )

        enterprise = EnterpriseFactory(name=text(i, 0, EnterpriseFactory._meta.model, "name"))
        competition_model = CompetitionFactory._meta.model
        competition = CompetitionFactory(
            name=unique_text(i, 1, competition_model, "name"),
            organiser=text(i, 2, competition_model, "organiser"),
            description=text(i, 3),
        )
        EntryFactory(competition=competition, organisation=enterprise)
        ResultFactory(
            competition=SkillsContestFactory(
                name=unique_text(i, 4, competition_model, "name", kind="skills")
            ),
            contestant_name=text(i, 5, ResultFactory._meta.model, "contestant_name"),
            organisation=enterprise,
        )

        DisbursementFactory(
            beneficiary=BeneficiaryFactory(
                name=text(i, 0, Beneficiary, "name"),
                workplace=text(i, 1, Beneficiary, "workplace"),
                cause_detail=text(i, 2, Beneficiary, "cause_detail"),
            ),
            batch=BatchFactory(name=unique_text(i, 3, Batch, "name")),
            student_name=text(i, 4, Disbursement, "student_name"),
            school=text(i, 5, Disbursement, "school"),
            note=text(i, 6, Disbursement, "note"),
        )

        if entered_notes:
            EnteredFigure.objects.create(
                year=FIRST_YEAR + i,
                key=ENTERED_NOTE.key,
                value=1000 + i,
                source=text(i, 0, EnteredFigure, "source"),
            )
            rollup_compute(year=FIRST_YEAR + i)
    return texts


@dataclass
class Visit:
    """What a visitor got from the hostile site: every response read once, kept for the tests."""

    texts: Texts
    pages: dict[str, str] = field(default_factory=dict)  # url: html
    searches: dict[tuple, str] = field(default_factory=dict)  # (url, query): html
    feeds: dict[str, bytes] = field(default_factory=dict)  # url: RSS
    downloads: dict[int, dict[str, bytes]] = field(default_factory=dict)  # year: {suffix: body}
    names: dict[str, str] = field(default_factory=dict)  # url: the title or name it shows


@pytest.fixture(scope="module")
def visit(django_db_setup, django_db_blocker, tmp_path_factory):
    """The hostile site built once, read by an anonymous visitor, then rolled back."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        figures = registry_with_an_entered_figure()
        with media, figures, django_db_blocker.unblock(), transaction.atomic():
            cache.clear()
            seen = Visit(build_site(Texts(HOSTILE), entered_notes=True))
            client = Client()
            years = [f"/reports/{FIRST_YEAR + i}/" for i in range(N)]
            seen.pages = dict(public_pages(client, [*SEEDS, *years]))
            for article in Article.objects.all():
                seen.names[article.get_absolute_url()] = article.title
            for person in Person.objects.all():
                seen.names[reverse("honors:person_detail", args=[person.pk])] = person.name
            english = [
                "/en/",
                *(f"/en/channel/h-{i}/" for i in range(N)),
                *(f"/en{article.get_absolute_url()}" for article in Article.objects.all()),
            ]
            for url in english:
                response = client.get(url)
                assert response.status_code == 200, url
                seen.pages[url] = response.content.decode()
            for url, params in REFLECTING.items():
                for query in HOSTILE:
                    response = client.get(url, dict.fromkeys(params, query))
                    # a NUL byte is refused with a sentence (unionportal.http), never a 500
                    refused = "\x00" in query
                    assert response.status_code == (400 if refused else 200), (url, query)
                    seen.searches[(url, query)] = response.content.decode()
            for url in ["/rss/", "/en/rss/", *(f"/rss/h-{i}/" for i in range(N))]:
                response = client.get(url)
                assert response.status_code == 200, url
                seen.feeds[url] = response.content
            for i in range(N):
                year = FIRST_YEAR + i
                seen.downloads[year] = {}
                for suffix in ("json", "csv", "xlsx"):
                    response = client.get(f"/reports/{year}.{suffix}")
                    assert response.status_code == 200, (year, suffix)
                    seen.downloads[year][suffix] = response.content
            transaction.set_rollback(True)
    finally:
        celery_app.conf.task_always_eager = eager
        cache.clear()
    return seen


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links += [value for name, value in attrs if name == "href" and value]


def public_pages(client, seeds):
    """(url, html) of every public page reachable by links from the seeds."""
    queue, seen = deque(seeds), set(seeds)
    while queue:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        yield url, html
        parser = _Links()
        parser.feed(html)
        for link in parser.links:
            parts = urlsplit(urljoin(url, link))
            if parts.netloc not in ("", "testserver") or parts.path.startswith(NOT_PAGES):
                continue
            if parts.path.startswith("/en/") or parts.path.endswith(NOT_HTML):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query.startswith("page=") else "")
            if target not in seen and len(seen) < MAX_PAGES:
                seen.add(target)
                queue.append(target)


def test_no_page_runs_what_was_typed_into_a_field(visit):
    for url, html in visit.pages.items():
        assert live_markup(html) == [], url
    seen = {url.split("?")[0] for url in visit.pages}
    for prefix in ("/article/", "/channel/", "/honors/people/", "/competitions/enterprises/"):
        assert len([url for url in seen if url.startswith(prefix)]) >= N, prefix
    assert [url for url in seen if url.startswith("/competitions/") and url[14:15].isdigit()]
    assert [url for url in seen if url.startswith("/reports/figures/")]
    assert [url for url in seen if url.startswith("/honors/rolls/20")]


def test_pages_show_what_was_typed_as_text(visit):
    assert len(visit.names) == 2 * N
    for url, name in visit.names.items():
        assert escape(name) in visit.pages[url], url


def test_district_names_in_the_report_and_its_chart_carry_no_script(client):
    """District names reach the year page's breakdown table and the chart's SVG labels."""
    CityFederationFactory()
    for i in range(N):
        district = DistrictFactory(name=Texts(HOSTILE).unique(i, 0, District, "name"))
        for _ in range(MIN_PUBLIC_GROUP):
            DisbursementFactory(beneficiary=BeneficiaryFactory(district=district))
    rollup_compute(year=2018)

    page = client.get("/reports/2018/").content.decode()
    assert page.count('<th scope="row">') >= N
    assert live_markup(page) == []
    svg = client.get("/reports/2018/charts/district-citywide_aid_yuan.svg")
    assert svg.status_code == 200
    ElementTree.fromstring(svg.content)  # well-formed, or the browser shows nothing
    assert live_markup(svg.content.decode()) == []


def test_a_hostile_search_or_filter_shows_as_text(visit):
    assert len(visit.searches) == len(REFLECTING) * N
    for (url, query), html in visit.searches.items():
        assert live_markup(html) == [], (url, query)


def test_every_feed_field_is_text_to_a_reader_that_renders_html(visit):
    for url, body in visit.feeds.items():
        for element in ElementTree.fromstring(body).iter():
            assert elements(element.text) == [], (url, element.tag, element.text)
            assert all(CANARY not in value for value in element.attrib.values()), url


@pytest.mark.parametrize("text", HOSTILE, ids=range(N))
def test_hostile_site_settings_show_as_text_on_pages_and_feeds(client, text):
    fields = ["site_name", "organiser", "address", "postcode", "phone"]
    fields += ["icp_number", "police_number", "disclaimer", "description"]
    settings = SiteSettingsFactory._meta.model
    SiteSettingsFactory(
        **{name: storable(text, settings._meta.get_field(name).max_length) for name in fields}
    )
    ArticleFactory()
    for url in ("/", "/reports/", "/honors/rolls/", "/search/?q=工会"):
        assert live_markup(client.get(url).content.decode()) == [], url
    for element in ElementTree.fromstring(client.get("/rss/").content).iter():
        assert elements(element.text) == [], element.tag


def test_the_reports_downloads_hold_no_formula_and_valid_json(visit):
    for i, (year, files) in enumerate(visit.downloads.items()):
        text = files["json"].decode()
        json.loads(text)
        assert "</" not in text and "<!--" not in text, year
        rows = csv_rows(files["csv"])
        assert formula_cells(rows) == [], year
        # kept as typed, but for the control characters no spreadsheet can hold
        source = NOT_XML.sub("", f"{visit.texts.text(i, 0, EnteredFigure, 'source')}（填报）")
        kept = [cell for row in rows for cell in row if source in cell]
        assert kept in ([source], ["'" + source]), year
        sheet = load_workbook(io.BytesIO(files["xlsx"])).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row), year
        assert formula_cells(sheet.iter_rows(values_only=True)) == [], year


def admin_exports():
    """(model label, export URL) of every admin that exports."""
    found = []
    for model in apps.get_models():
        if admin.site.is_registered(model) and isinstance(
            admin.site.get_model_admin(model), ExportMixin
        ):
            opts = model._meta
            found.append((opts.label, reverse(f"admin:{opts.app_label}_{opts.model_name}_export")))
    return found


class _ExportForm(HTMLParser):
    """The export page's formats and field checkboxes, as a clerk would tick them all."""

    def __init__(self):
        super().__init__()
        self.formats: list[str] = []
        self.fields: dict[str, str] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select == "format" and attrs.get("value"):
            self.formats.append(attrs["value"])
        elif tag == "option" and self._select == "resource" and "resource" not in self.fields:
            self.fields["resource"] = attrs.get("value", "0")
        elif tag == "input" and attrs.get("type") == "checkbox" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or "on"
        elif tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.fields.setdefault(attrs["name"], attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def exported_cells(response) -> list[list]:
    """The cells of an exported file, read the way its format is read."""
    content = response.content
    kind = response["Content-Type"].split(";")[0]
    if "spreadsheetml" in kind:
        sheet = load_workbook(io.BytesIO(content)).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert all(len(str(cell)) <= XLSX_CELL_CHARACTERS for row in rows for cell in row)
        return rows
    if "json" in kind:
        text = content.decode()
        assert "</" not in text and "<!--" not in text, "JSON that could close a <script>"
        data = json.loads(text)
        return [list(row.values()) for row in data]
    if "csv" in kind or "tab-separated" in kind:
        return csv_rows(content)
    raise AssertionError(f"an export format this test does not read: {kind}")


def exports_of_every_admin(client) -> list:
    """(model, format, cells) of every admin export in every format, all columns ticked."""
    exports = admin_exports()
    assert exports, "no admin exports found"
    found = []
    for label, url in exports:
        page = client.get(url)
        assert page.status_code == 200, label
        form = _ExportForm()
        form.feed(page.content.decode())
        form.fields.pop("csrfmiddlewaretoken", None)
        assert form.formats, label
        for file_format in form.formats:
            response = client.post(url, {**form.fields, "format": file_format})
            assert response.status_code == 200, (label, file_format)
            assert response.get("Content-Disposition", "").startswith("attachment"), (
                label,
                file_format,
                "the export gave no file",
            )
            found.append((label, file_format, exported_cells(response)))
    return found


def test_admin_exports_hold_no_formula_and_valid_json(admin_client, db):
    # control characters have their own test below
    build_site(Texts([text for text in HOSTILE if not NOT_XML.search(text)]))
    exported = exports_of_every_admin(admin_client)
    for label, file_format, cells in exported:
        assert formula_cells(cells) == [], (label, file_format)
    with_rows = {label for label, _, cells in exported if len(cells) > 1}
    assert with_rows >= BUILT_AND_EXPORTED


def test_admin_exports_of_text_with_control_characters_are_files(admin_client, db):
    build_site(Texts(["垂直\x0b制表与\x1b转义", "=1+1\x0c"]))
    assert exports_of_every_admin(admin_client)
