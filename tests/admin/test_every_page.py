"""Every admin page, for every role: reachable where the role's rights say so, and in Chinese.

A record of every model gives each admin a list, an object to open, its history and its delete
confirmation; admins that import and export add
those pages. Each role (a user in that group only, working for the city federation, as
``unionportal.roles`` defines it) and a superuser open all of them once; the pages are kept for
the two tests:

- the smoke test: 200 where the role's permissions allow the page (and the page exists at all,
  as the superuser shows), 403 where they do not, never an error;
- the label test: no heading, column header, filter title, field label or button of those pages
  is left in English (ASCII words and no Chinese), whichever app or library the model is from;
- no cell shows a Python value as text (None, True/False, an object's repr).
"""

import datetime
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse
from import_export.admin import ExportMixin, ImportMixin

from assistance.models import SensitiveAccessLog, StaffUnionMembership
from competitions.models import OnlineCourseReport
from honors.models import FederationRecognition, ModelWorkerActivity
from organizations.models import UnionUnit
from reports.models import RollupRun, StaleYear
from reports.registry import registry
from stations.models import FinderSettings
from tests.appeals.factories import appeal_records
from tests.assistance.factories import (
    AppliedDisbursementFactory,
    CityFederationFactory,
    CountyUnionFactory,
    DisbursementFactory,
    DistrictFactory,
)
from tests.competitions.factories import CompetitionFactory, EntryFactory, ResultFactory
from tests.honors.factories import HonourFactory
from tests.news.factories import (
    ArticleFactory,
    GalleryFactory,
    PhotoFactory,
    SiteSettingsFactory,
    TagFactory,
)
from tests.reports.factories import EnteredFigureFactory, SnapshotFactory
from tests.rights.factories import (
    ActivityFactory,
    ContractFactory,
    SampleFactory,
    TeamFactory,
    VisitFactory,
)
from tests.stations.factories import StationFactory
from tests.welfare.factories import (
    BatchFactory,
    CertificateFactory,
    EditionFactory,
    FamilyFactory,
    LineFactory,
    ParticipantFactory,
    SeriesFactory,
    StudentFactory,
)
from unionportal import roles
from unionportal.spreadsheets.models import ImportJob
from welfare.models import PersonalDataAccess

# The module's pages are rendered once, in a transaction of their own that is rolled back
# (``rendered``); the mark makes pytest-django set up the test database for it.
pytestmark = pytest.mark.django_db

SUPERUSER = "超级用户"
ROLE_NAMES = [*roles.ROLES, SUPERUSER]
#: admins whose rights are not permissions: every staff member opens their own import jobs
OWN_RECORDS_OF_EVERY_STAFF = {"spreadsheets.importjob"}


@dataclass(frozen=True)
class Page:
    url: str
    kind: str  # changelist, add, change, history, delete, import, export, app, index
    model: str  # "app_label.model_name" ("" for the index pages)
    #: the permission actions any one of which opens the page ("view", "change" …)
    needs: tuple[str, ...]


def one_of_each():
    """A record of every model with an admin, small enough to open every page quickly."""
    city = CityFederationFactory()
    county = CountyUnionFactory(district=DistrictFactory(name="海门区"), parent=city)
    HonourFactory()
    HonourFactory(collective=True)
    EntryFactory()
    ResultFactory()
    AppliedDisbursementFactory(paying_union=county)  # not paid: it may still be deleted
    DisbursementFactory(paying_union=city)
    snapshot = SnapshotFactory()
    RollupRun.objects.create(year=2018, status=RollupRun.Status.CHANGED, snapshot=snapshot)
    StaleYear.objects.create(year=2017)
    EnteredFigureFactory(key=registry.figures()[0].key)
    article = ArticleFactory(tags=[TagFactory()])
    PhotoFactory(gallery=GalleryFactory(article=article))
    SiteSettingsFactory()
    StationFactory(union=county)
    appeal_records(county)
    rights_and_welfare_records(county)
    FinderSettings.objects.create()
    user = get_user_model().objects.create_user("someone", password="a-long-passphrase")
    StaffUnionMembership.objects.create(user=user, union=city)
    SensitiveAccessLog.objects.create(
        username="someone", action=SensitiveAccessLog.Action.VIEW, record_label="某某（档案）"
    )
    common = {
        "user_agent": "Mozilla/5.0",
        "ip_address": "127.0.0.1",
        "username": "someone",
        "http_accept": "*/*",
        "path_info": "/admin/login/",
    }
    AccessAttempt.objects.create(**common, get_data="", post_data="", failures_since_start=5)
    AccessLog.objects.create(**common)
    AccessFailureLog.objects.create(**common)
    ImportJob.objects.create(
        model_label="honors.honour", file_name="劳模名单.xlsx", rows_total=100, rows_done=40
    )


def rights_and_welfare_records(county):
    """One of each record of rights, welfare and the federation's own work."""
    contract = ContractFactory(union=county)
    SampleFactory(union=county, enterprise=contract.enterprise)
    VisitFactory(union=county, enterprise=contract.enterprise, opinion_letter=True)
    ActivityFactory(team=TeamFactory(union=county), enterprises=[contract.enterprise])
    LineFactory(union=county, values={"workers_visited": 30, "goods_yuan": "1200.00"})
    ParticipantFactory(union=county, batch=BatchFactory(union=county))
    CertificateFactory(union=county)
    StudentFactory(union=county)
    FamilyFactory(union=county)
    EditionFactory(series=SeriesFactory(union=county))
    PersonalDataAccess.objects.create(
        username="someone", action="view", record_type="certificate", record_id=1,
        record_label="某某（证书）",
    )  # fmt: skip
    FederationRecognition.objects.create(
        kind=FederationRecognition.Kind.MEETING_HOSTED, level="provincial", year=2018,
        title="全省职工书屋建设现场推进会",
    )  # fmt: skip
    ModelWorkerActivity.objects.create(
        title="劳模进校园", held_on=datetime.date(2018, 5, 4), organiser="市劳模党支部"
    )
    OnlineCourseReport.objects.create(
        competition=CompetitionFactory(kind="ankang"), organisation=contract.enterprise, learners=9
    )


def admin_pages() -> list[Page]:
    """Every page of every registered model, and the index pages."""
    pages = [
        Page(reverse("admin:index"), "index", "", ()),
        Page(reverse("admin:all_features"), "index", "", ()),
    ]
    app_labels = set()
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        opts = model._meta
        label = f"{opts.app_label}.{opts.model_name}"
        app_labels.add(opts.app_label)
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages += [
            Page(reverse(f"{prefix}_changelist"), "changelist", label, ("view", "change")),
            Page(reverse(f"{prefix}_add"), "add", label, ("add",)),
        ]
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"no {label} to open: add one to one_of_each()"
        for kind, needs in [("change", ("view", "change")), ("history", ("view", "change"))]:
            pages.append(Page(reverse(f"{prefix}_{kind}", args=[obj.pk]), kind, label, needs))
        pages.append(Page(reverse(f"{prefix}_delete", args=[obj.pk]), "delete", label, ("delete",)))
        if isinstance(model_admin, ImportMixin):
            pages.append(Page(reverse(f"{prefix}_import"), "import", label, ("add",)))
        if isinstance(model_admin, ExportMixin):
            pages.append(Page(reverse(f"{prefix}_export"), "export", label, ("view",)))
    for app_label in sorted(app_labels):
        try:
            url = reverse("admin:app_list", args=[app_label])
        except NoReverseMatch:
            continue
        pages.append(Page(url, "app", app_label, ()))
    return pages


def role_user(role: str):
    User = get_user_model()
    if role == SUPERUSER:
        return User.objects.create_superuser("chief", password="a-long-passphrase")
    user = User.objects.create_user(
        f"role-{ROLE_NAMES.index(role)}", password="a-long-passphrase", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    city = UnionUnit.objects.get(kind=UnionUnit.Kind.CITY)
    StaffUnionMembership.objects.create(user=user, union=city)
    return user


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory):
    """{role: {page: (status, html)}}: every page opened once by every role, then rolled back."""
    results: dict[str, dict[Page, tuple[int, str]]] = {}
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with media, django_db_blocker.unblock(), transaction.atomic():
        roles.roles_sync()
        one_of_each()
        pages = admin_pages()
        for role in ROLE_NAMES:
            client = Client()
            user = role_user(role)
            client.force_login(user)
            ImportJob.objects.update(created_by=user)
            results[role] = {}
            for page in pages:
                with transaction.atomic():
                    response = client.get(page.url)
                    results[role][page] = (response.status_code, response.content.decode())
        transaction.set_rollback(True)
    return results


def role_may(role: str, page: Page) -> bool:
    """Whether the role's declared rights (unionportal.roles) open the page."""
    if role == SUPERUSER or page.kind == "index":
        return True
    rights = set(roles.ROLES[role])
    if page.kind == "app":
        labels = [*rights, *OWN_RECORDS_OF_EVERY_STAFF]
        return any(label.startswith(f"{page.model}.") for label in labels)
    if page.model in OWN_RECORDS_OF_EVERY_STAFF:
        return "view" in page.needs
    app_label, model_name = page.model.split(".")
    return any(f"{app_label}.{action}_{model_name}" in rights for action in page.needs)


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_a_role_opens_every_admin_page_its_rights_allow_and_no_other(rendered, role):
    superuser = rendered[SUPERUSER]
    wrong = {}
    for page, (status, _html) in rendered[role].items():
        exists = superuser[page][0] == 200
        if page.kind == "app":
            expected = 200 if role_may(role, page) else 404
        elif page.kind in ("changelist", "change", "history", "index"):
            assert exists, f"{page.url}: {superuser[page][0]} for a superuser"
            expected = 200 if role_may(role, page) else 403
        else:  # add, delete, import, export: some admins allow them to nobody
            expected = 200 if exists and role_may(role, page) else 403
        if status != expected:
            wrong[page.url] = (status, expected)
    assert not wrong, f"{role}: {{url: (status, expected)}} = {wrong}"


class Labels(HTMLParser):
    """The labels of an admin page: headings (not the object's name under the title), column
    headers, filter titles, field labels, captions, legends, object tools and buttons."""

    TEXT_TAGS = {"h1", "label", "legend", "caption", "summary", "button"}

    def __init__(self):
        super().__init__()
        self.labels: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, collecting)
        self._text: list[list[str]] = []
        self._in_thead = 0
        self._in_object_tools = 0

    def _wanted(self, tag: str, attributes: dict) -> bool:
        classes = (attributes.get("class") or "").split()
        return (
            tag in self.TEXT_TAGS
            or (tag == "h2" and ("fieldset-heading" in classes or "inline-heading" in classes))
            or (tag == "th" and self._in_thead > 0)
            or (tag == "a" and self._in_object_tools > 0)
        )

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("input",) and attributes.get("type") == "submit":
            self.labels.append(attributes.get("value") or "")
            return
        if tag in ("br", "img", "input", "meta", "link", "hr"):
            return
        if "data-filter-title" in attributes:
            self.labels.append(attributes["data-filter-title"])
        if tag == "thead":
            self._in_thead += 1
        if tag == "ul" and "object-tools" in (attributes.get("class") or ""):
            self._in_object_tools += 1
        collecting = self._wanted(tag, attributes)
        self._stack.append((tag, collecting))
        if collecting:
            self._text.append([])

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_thead -= 1
        if tag == "ul" and self._in_object_tools:
            self._in_object_tools -= 1
        while self._stack:
            open_tag, collecting = self._stack.pop()
            if collecting:
                self.labels.append("".join(self._text.pop()))
            if open_tag == tag:
                break

    def handle_data(self, data):
        for text in self._text:
            text.append(data)


ENGLISH = re.compile(r"[A-Za-z]{2,}")
CHINESE = re.compile(r"[\u3400-\u9fff]")


def untranslated(html: str) -> set[str]:
    parser = Labels()
    parser.feed(html)
    found = set()
    for label in parser.labels:
        label = " ".join(label.split()).strip(" :：")
        if ENGLISH.search(label) and not CHINESE.search(label):
            found.add(label)
    return found


def found_on_pages(pages: dict, find) -> dict[str, list[str]]:
    """{url: what ``find(html)`` found, sorted} of the pages a role opened (200) where it found
    anything: how each page-wide check below reports, one line a page."""
    found = {}
    for page, (status, html) in pages.items():
        if status == 200 and (hits := find(html)):
            found[page.url] = sorted(hits)
    return found


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_no_label_is_left_in_english_on_any_page_a_role_opens(rendered, role):
    english = found_on_pages(rendered[role], untranslated)
    assert not english, english


def test_the_label_finder_finds_what_a_clerk_would_call_english():
    html = (
        '<h1>修改 帮扶发放记录</h1><table id="result_list"><thead><tr>'
        '<th scope="col"><div class="text"><a href="?o=1">Beneficiary id</a></div></th>'
        '<th scope="col"><div class="text"><span>金额（元）</span></div></th></tr></thead>'
        "<tbody><tr><th><a>Zhang San Ltd</a></th></tr></tbody></table>"
        '<details data-filter-title="Locked Out"><summary>按 Locked Out</summary></details>'
        '<label for="id_x">IP 地址:</label><label for="id_y">User Agent:</label>'
    )
    assert untranslated(html) == {"Beneficiary id", "Locked Out", "User Agent"}


PYTHON_REPR = re.compile(
    r"<(td|div class=\"readonly\"|p)[^>]*>\s*"
    r"(None|True|False|\[\]|\{\}|&lt;[\w.]+ object at 0x[0-9a-f]+&gt;)"
    r"\s*<"
)


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_no_page_shows_a_python_value_as_text(rendered, role):
    """An empty value reads "—" or nothing, never None, True/False or an object's repr."""
    shown = found_on_pages(
        rendered[role], lambda html: {match.group(2) for match in PYTHON_REPR.finditer(html)}
    )
    assert not shown, shown


def test_the_python_value_finder_finds_a_none_cell_not_a_word():
    html = (
        "<td>\n   None\n </td><td>None of them</td>"
        '<div class="readonly">False</div><td>&lt;app.Thing object at 0x7f&gt;</td>'
    )
    assert {m.group(2) for m in PYTHON_REPR.finditer(html)} == {
        "None",
        "False",
        "&lt;app.Thing object at 0x7f&gt;",
    }
