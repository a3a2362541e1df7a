"""The public annual report: years, a year's figures by theme, charts, downloads, definitions."""

import csv
import io
import json
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from organizations.models import District
from reports.services import rollup_compute
from tests.reports.factories import CountedEnterpriseFactory, EnteredFigureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(test_figures):
    """2017 and 2018 computed from records, 2018 with an entered figure and districts."""
    east = District.objects.create(name="崇川区", order=1)
    west = District.objects.create(name="通州区", order=2)
    CountedEnterpriseFactory.create_batch(200, industry="2018", district=east)
    CountedEnterpriseFactory.create_batch(16, industry="2018", district=west)
    CountedEnterpriseFactory.create_batch(180, industry="2017")
    EnteredFigureFactory(year=2018, key="test_contracts", value=30000, source="年度工作总结")
    EnteredFigureFactory(year=2017, key="test_contracts", value=28000, source="年度工作总结")
    rollup_compute(year=2017)
    rollup_compute(year=2018)


def test_the_index_lists_the_years_with_a_snapshot(client, two_years):
    response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('href="/reports/2018/"') < html.index('href="/reports/2017/"')
    assert "/reports/2016/" not in html


def test_the_index_without_snapshots_says_so(client, db):
    assert "暂无年度统计" in client.get(reverse("reports:index")).content.decode()


def test_a_year_shows_every_figure_by_theme_printed_like_the_article(client, two_years):
    response = client.get(reverse("reports:year", args=[2018]))
    html = response.content.decode()

    assert response.status_code == 200
    assert html.index("创新升级竞赛") < html.index("困难职工帮扶") < html.index("集体协商")
    assert 'title="216家">216家</data>' in html
    assert 'title="783,756元">783756元</data>' in html
    assert "3万家" in html
    assert "填报 · 年度工作总结" in html
    assert 'href="/reports/figures/test_enterprises/"' in html


def test_a_year_shows_the_change_from_the_year_before(client, two_years):
    html = client.get(reverse("reports:year", args=[2018])).content.decode()
    assert "较上年 +36家（+20%）" in html
    assert "较上年 +2000家（+7.1%）" in html
    first_year = client.get(reverse("reports:year", args=[2017])).content.decode()
    assert "较上年" not in first_year.split("</header>")[1]


def test_every_chart_has_a_data_table_beside_it(client, two_years):
    html = client.get(reverse("reports:year", args=[2018])).content.decode()
    assert '<img class="chart__image" src="/reports/2018/charts/innovation.svg"' in html
    assert "<caption>创新升级竞赛：历年对比</caption>" in html
    assert '<th scope="col">2017年</th><th scope="col">2018年</th>' in html
    assert '<th scope="row">参赛企业</th><td>180家</td><td>216家</td>' in html
    assert "<caption>困难职工帮扶（金额）：历年对比</caption>" in html
    report = html.split('<article class="report">')[1].split("</article>")[0]
    assert "<script" not in report


def test_the_district_chart_appears_where_the_records_allow(client, two_years):
    html = client.get(reverse("reports:year", args=[2018])).content.decode()
    assert "<caption>参赛企业：分区划</caption>" in html
    assert '<th scope="row">崇川区</th><td>200家</td>' in html
    assert 'src="/reports/2018/charts/district-test_enterprises.svg"' in html


def test_charts_are_svg_without_script(client, two_years):
    for chart in ("innovation", "aid-money", "district-test_enterprises"):
        response = client.get(reverse("reports:chart", args=[2018, chart]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("image/svg+xml")
        svg = response.content.decode()
        assert svg.startswith("<svg")
        assert "<script" not in svg
    assert client.get(reverse("reports:chart", args=[2018, "nothing"])).status_code == 404


def test_a_year_without_snapshot_is_not_found(client, two_years):
    assert client.get(reverse("reports:year", args=[2015])).status_code == 404
    assert client.get("/reports/2015.json").status_code == 404


def report_queries(client, *urls) -> tuple[int, int]:
    """(queries on reports' tables, all queries) of requesting these pages. The site's shell
    (header and footer, from news) has its own queries, pinned by news."""
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            assert client.get(url).status_code == 200
    ours = [query for query in queries if "reports_" in query["sql"]]
    return len(ours), len(queries)


def test_public_pages_cost_one_query_then_none(client, two_years):
    year_page = reverse("reports:year", args=[2018])
    ours, total = report_queries(client, year_page)
    assert ours == 1
    assert total <= 5
    assert report_queries(client, year_page, reverse("reports:index"))[0] == 0
    downloads = ["/reports/2018.json", "/reports/2018.csv", "/reports/2018.xlsx"]
    chart = reverse("reports:chart", args=[2018, "innovation"])
    assert report_queries(client, chart, *downloads) == (0, 0)
    definition = reverse("reports:figure", args=["test_enterprises"])
    assert report_queries(client, definition)[0] == 1  # every published value, once
    assert report_queries(client, definition)[0] == 0


def test_a_new_snapshot_shows_at_once(client, two_years, django_capture_on_commit_callbacks):
    client.get(reverse("reports:year", args=[2018]))
    CountedEnterpriseFactory(industry="2018")
    with django_capture_on_commit_callbacks(execute=True):
        rollup_compute(year=2018)
    assert "217家" in client.get(reverse("reports:year", args=[2018])).content.decode()


def test_json_download_keeps_the_plain_figures_mapping(client, two_years):
    response = client.get("/reports/2018.json")
    data = json.loads(response.content, parse_float=Decimal)
    assert response["Content-Type"].startswith("application/json")
    assert data["figures"] == {
        "test_enterprises": 216,
        "test_teams": 0,
        "test_grant_yuan": Decimal("783756"),
        "test_contracts": 30000,
    }
    assert data["year"] == 2018


def test_json_download_explains_every_figure(client, two_years):
    from reports.models import Snapshot

    snapshot = Snapshot.objects.of_year(2018).first()
    taken = timezone.localtime(snapshot.computed_at).isoformat(timespec="seconds")
    data = json.loads(client.get("/reports/2018.json").content, parse_float=Decimal)
    items = {item["key"]: item for item in data["items"]}
    assert list(items) == list(data["figures"])
    assert items["test_enterprises"] == {
        "key": "test_enterprises",
        "label": "参赛企业",
        "unit": "家",
        "value": 216,
        "year": 2018,
        "definition_url": "http://testserver/reports/figures/test_enterprises/",
        "source": "computed",
        "source_note": "",
        "snapshot_time": taken,
    }
    assert items["test_contracts"]["source"] == "entered"
    assert items["test_contracts"]["source_note"] == "年度工作总结"
    assert items["test_grant_yuan"]["unit"] == "元"
    assert data["snapshot_time"] == taken


def test_json_keeps_cents_exactly(client, test_figures):
    CountedEnterpriseFactory(industry="2018")
    rollup_compute(year=2018)
    data = json.loads(client.get("/reports/2018.json").content, parse_float=Decimal)
    assert data["figures"]["test_grant_yuan"] == Decimal("3628.5")
    assert data["items"][2]["value"] == Decimal("3628.5")


def test_csv_download_has_a_bom_and_chinese_headers(client, two_years):
    response = client.get("/reports/2018.csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    taken = rows[1][-1]
    # A figure as a reader of the file reads it, column by column, in the file's order: the
    # five columns the downloads always had first, so that a reader picking columns by position
    # still gets them.
    enterprises = {
        "指标": "参赛企业",
        "数值": "216",
        "单位": "家",
        "主题": "创新升级竞赛",
        "来源/定义": "当年参赛的企业数。",
        "年度": "2018",
        "取得方式": "计算",
        "指标代码": "test_enterprises",
        "指标说明网址": "http://testserver/reports/figures/test_enterprises/",
        "快照时间": taken,
    }
    assert rows[0] == list(enterprises)
    assert list(enterprises.values()) in rows
    assert [
        "签订集体合同企业",
        "30000",
        "家",
        "集体协商与劳动法律监督",
        "年度工作总结（填报）",
        "2018",
        "填报",
        "test_contracts",
        "http://testserver/reports/figures/test_contracts/",
        taken,
    ] in rows
    from reports.models import Snapshot

    snapshot = Snapshot.objects.of_year(2018).first()
    assert taken == timezone.localtime(snapshot.computed_at).strftime("%Y-%m-%d %H:%M:%S")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_downloads_are_saved_under_their_chinese_name(client, two_years, suffix):
    disposition = client.get(f"/reports/2018.{suffix}")["Content-Disposition"]
    encoded = quote(f"2018年统计数据.{suffix}")
    assert disposition == f"attachment; filename=\"2018.{suffix}\"; filename*=UTF-8''{encoded}"


def test_xlsx_download_has_numbers_and_escaped_text(client, test_figures):
    EnteredFigureFactory(source='=HYPERLINK("http://example.com")')
    rollup_compute(year=2018)
    response = client.get("/reports/2018.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    csv_text = client.get("/reports/2018.csv").content.decode("utf-8-sig")
    assert list(rows[0]) == next(csv.reader(io.StringIO(csv_text)))  # the CSV's columns
    contracts = next(row for row in rows if row[0] == "签订集体合同企业")
    assert contracts[1] == 30000 and contracts[5] == 2018 and contracts[6] == "填报"
    assert contracts[4].startswith("'=HYPERLINK")
    assert contracts[8] == "http://testserver/reports/figures/test_contracts/"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_a_figure_definition_page(client, two_years):
    html = client.get(reverse("reports:figure", args=["test_enterprises"])).content.decode()
    assert "<h1>参赛企业</h1>" in html
    assert "当年参赛的企业数。" in html
    assert "计算：由业务记录在数据库中汇总得出" in html
    assert '<a href="/reports/2018/#figure-test_enterprises">2018年</a>' in html
    assert "<td>216家</td>" in html and "<td>180家</td>" in html


def test_an_entered_figure_definition_shows_its_source(client, two_years):
    html = client.get(reverse("reports:figure", args=["test_contracts"])).content.decode()
    assert "填报：工作人员按年度录入" in html
    assert "<td>年度工作总结</td>" in html


def test_an_unknown_figure_is_not_found(client, test_figures):
    assert client.get(reverse("reports:figure", args=["nothing_here"])).status_code == 404


def test_the_year_page_is_served_whole_from_the_cache_until_a_rollup_writes_a_snapshot(
    client, two_years, django_capture_on_commit_callbacks
):
    year_page = reverse("reports:year", args=[2018])
    assert "216家" in client.get(year_page).content.decode()
    cached = client.get(year_page)
    assert cached["X-Page-Cache"] == "hit" and "216家" in cached.content.decode()

    CountedEnterpriseFactory(industry="2018")
    with django_capture_on_commit_callbacks(execute=True):
        rollup_compute(year=2018)
    fresh = client.get(year_page)
    assert not fresh.has_header("X-Page-Cache")
    assert "217家" in fresh.content.decode()


def test_an_article_quoting_a_live_figure_shows_the_new_snapshot_at_once(
    client, two_years, django_capture_on_commit_callbacks
):
    from tests.news.factories import ArticleFactory

    article = ArticleFactory(body="<p>全年[[figure:2018:test_enterprises]]参赛。</p>")
    assert "216家" in client.get(article.get_absolute_url()).content.decode()
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    CountedEnterpriseFactory(industry="2018")
    with django_capture_on_commit_callbacks(execute=True):
        rollup_compute(year=2018)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "217家" in page and "216家" not in page
