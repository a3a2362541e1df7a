"""The public finder, as a reader uses it: filters, nearest first, the state now, a phone to
call and a map app to open; a page per site; the map only where a tile service is named."""

import datetime
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stations import codes, geo
from stations.forms import PARAMS
from stations.models import Facility, FinderSettings
from tests.stations.factories import (
    CountyUnionFactory,
    DistrictFactory,
    SpecialDaysFactory,
    StationFactory,
    facility,
    kind,
)
from unionportal.cache import PUBLIC_PAGE_PARAMS, public_content_changed

pytestmark = pytest.mark.django_db

FINDER = "/fuwu/"
HERE = (32.000, 120.900)


def names(response) -> list[str]:
    return re.findall(r'class="station-card__name"><a href="[^"]+">([^<]+)</a>', response.text)


def place(name, lat, lng, **kwargs):
    return StationFactory(name=name, latitude=lat, longitude=lng, **kwargs)


@pytest.fixture
def three_sites():
    near = place("近处爱心驿站", 32.005, 120.905)
    middle = place("中间爱心驿站", 32.03, 120.93)
    far = place("远处爱心驿站", 32.2, 121.1)
    return near, middle, far


def test_the_finder_lists_every_site_in_use_without_javascript(client, three_sites):
    StationFactory(name="已停用驿站", closed_on=datetime.date(2019, 1, 1))
    response = client.get(FINDER)
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(s.name for s in three_sites)
    assert "共 3 个站点" in response.text


def test_sites_are_sorted_by_distance_from_the_reader(client, three_sites):
    response = client.get(FINDER, {"lat": "32", "lng": "120.9"})
    assert names(response) == ["近处爱心驿站", "中间爱心驿站", "远处爱心驿站"]
    assert "按到您的位置的距离由近到远排列" in response.text
    near_metres = geo.distance_m(32.0, 120.9, 32.005, 120.905)
    assert f"距离约{round(near_metres, -1):.0f}米" in response.text


def test_a_finer_position_is_rounded_to_a_hundred_metres_in_the_address(client, three_sites):
    response = client.get(FINDER, {"lat": "32.00049", "lng": "120.90051", "kind": "care-station"})
    assert response.status_code == 302
    query = parse_qs(urlparse(response["Location"]).query)
    assert query == {"lat": ["32"], "lng": ["120.901"], "kind": ["care-station"]}


def test_a_district_sorts_from_its_centre_and_a_typed_place_from_what_it_names(client):
    chongchuan = CountyUnionFactory()
    qidong = CountyUnionFactory(district=DistrictFactory(name="启东市"))
    place("城里驿站", 32.01, 120.86, union=chongchuan, address="濠河路1号")
    place("海边驿站", 31.81, 121.66, union=qidong, address="海滨大道8号")
    assert names(client.get(FINDER, {"near": qidong.district.pk})) == ["海边驿站", "城里驿站"]
    assert names(client.get(FINDER, {"place": "启东"})) == ["海边驿站", "城里驿站"]
    assert names(client.get(FINDER, {"place": "濠河路"})) == ["城里驿站", "海边驿站"]
    missing = client.get(FINDER, {"place": "没有这个地方"})
    assert "没有找到“没有这个地方”" in missing.text
    assert len(names(missing)) == 2  # the list still shows


def test_filters_by_kind_district_facility_and_open_now(client, monkeypatch):
    qidong = CountyUnionFactory(district=DistrictFactory(name="启东市"))
    water = StationFactory(name="有水驿站")
    water.facilities.add(facility("water"))
    StationFactory(name="启东驿站", union=qidong)
    StationFactory(name="母婴室", kind=kind(codes.NURSING_ROOM))
    night = StationFactory(name="夜班驿站", weekdays=[(datetime.time(22), datetime.time(6))])

    assert names(client.get(FINDER, {"kind": codes.NURSING_ROOM})) == ["母婴室"]
    assert names(client.get(FINDER, {"district": qidong.district.pk})) == ["启东驿站"]
    assert names(client.get(FINDER, {"facility": "water"})) == ["有水驿站"]

    # Tuesday 2026-09-29 23:00 in Shanghai: only the night station is open.
    tuesday_night = datetime.datetime(2026, 9, 29, 23, 0, tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: tuesday_night)
    opened = client.get(FINDER, {"open": "on"})
    assert names(opened) == [night.name]
    assert "开放中" in opened.text


def test_every_result_has_its_state_phone_and_map_apps(client):
    station = StationFactory(phone="0513-8501 2345", latitude=32.01, longitude=120.86)
    text = client.get(FINDER).text
    assert 'href="tel:051385012345"' in text
    assert re.search(r"data-state>(开放中|已关闭)<", text)
    assert "data-changes=" in text
    gcj_lat, gcj_lng = geo.wgs84_to_gcj02(32.01, 120.86)
    # 高德 takes GCJ-02; 百度 and 腾讯 are told the position is WGS-84
    assert f"position={gcj_lng:.6f}%2C{gcj_lat:.6f}" in text
    assert "location=32.010000%2C120.860000" in text and "coord_type=wgs84" in text
    assert "marker=coord:32.010000,120.860000;title:" in text and "coord_type=1" in text
    assert station.name in text


def test_the_finder_costs_the_same_queries_for_three_sites_or_thirty(
    client, django_assert_max_num_queries
):
    for number in range(30):
        station = StationFactory(latitude=32 + number / 100)
        station.facilities.add(facility("water"))
        SpecialDaysFactory(station=station)
    query = {"lat": "32", "lng": "120.9", "kind": "care-station", "facility": "water"}
    with django_assert_max_num_queries(12):
        response = client.get(FINDER, {**query, "open": "on"})
    assert response.status_code == 200


def queries_of(client, query: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(FINDER, query).status_code == 200
    return len(queries)


def test_a_page_of_twenty_sites_costs_the_queries_of_a_page_of_three(
    client, django_capture_on_commit_callbacks
):
    """Whether the sites' cards are kept or not: one go reads every card not kept."""

    def cold_and_warm() -> tuple[int, int]:
        with django_capture_on_commit_callbacks(execute=True):
            public_content_changed()  # as staff's save: every kept card is stale
        query = {"lat": "32", "lng": "120.9", "facility": "water", "open": "on"}
        return queries_of(client, query), queries_of(client, {**query, "page": "01"})

    for number in range(3):
        StationFactory(latitude=32 + number / 100).facilities.add(facility("water"))
    few = cold_and_warm()
    for number in range(27):
        station = StationFactory(latitude=32.1 + number / 100)
        station.facilities.add(facility("water"))
        SpecialDaysFactory(station=station)
    assert cold_and_warm() == few
    assert few[1] < few[0]  # kept: no query reads the cards again


def at_shanghai(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=timezone.get_current_timezone())


def test_a_sites_kept_card_shows_its_state_at_every_moment_and_its_latest_details(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    """A site's card is kept for a day: its state is worked out when the page is asked for, the
    National Day closure shows from its first day, and a change staff save shows at once."""
    station = StationFactory(name="旧名驿站", weekdays=[(datetime.time(9), datetime.time(17))])
    SpecialDaysFactory(station=station)  # closed 2026-10-01..07
    spellings = iter(f"{'0' * n}1" for n in range(10))  # each a page the page cache never kept

    def card_at(moment: datetime.datetime) -> str:
        monkeypatch.setattr(timezone, "now", lambda: moment)
        text = client.get(FINDER, {"page": next(spellings)}).text
        return re.search(r'<li class="station-card".*?</li>', text, re.S).group(0)

    wednesday_morning = card_at(at_shanghai(2026, 9, 30, 10, 0))
    assert "data-state>开放中<" in wednesday_morning and "旧名驿站" in wednesday_morning
    assert "2026-09-30T17:00:00+08:00" in wednesday_morning  # closes at five
    assert "data-state>已关闭<" in card_at(at_shanghai(2026, 9, 30, 18, 0))
    assert "data-state>已关闭<" in card_at(at_shanghai(2026, 10, 1, 10, 0))  # the holiday

    with django_capture_on_commit_callbacks(execute=True):  # as the admin's save does
        station.name, station.phone = "新名驿站", "0513-8888 6666"
        station.save()
        public_content_changed()
    renamed = card_at(at_shanghai(2026, 10, 1, 10, 5))
    assert "新名驿站" in renamed and 'href="tel:051388886666"' in renamed
    assert "旧名驿站" not in renamed


def kind_menu(response) -> str:
    return re.search(r'<select name="kind".*?</select>', response.text, re.S).group(0)


def test_the_kept_menus_show_each_readers_choice_and_what_staff_add(
    client, django_capture_on_commit_callbacks
):
    """The filter menus are kept per content version and per choice made: a value that is not a
    choice chooses nothing, and is kept apart from asking for nothing."""
    nursing = kind(codes.NURSING_ROOM)
    for _ in range(2):  # the second time from the kept menus
        assert '<option value="" selected>全部类型</option>' in kind_menu(client.get(FINDER))
        chosen = kind_menu(client.get(FINDER, {"kind": codes.NURSING_ROOM}))
        assert f'<option value="{codes.NURSING_ROOM}" selected>{nursing.name}</option>' in chosen
        assert "selected" not in kind_menu(client.get(FINDER, {"kind": "没有这种"}))
    assert "充电宝" not in client.get(FINDER).text
    with django_capture_on_commit_callbacks(execute=True):  # as the admin's save does
        Facility.objects.create(code="power-bank", name="充电宝")
        public_content_changed()
    assert 'value="power-bank"> 充电宝' in client.get(FINDER).text


def test_bad_parameters_give_the_list_and_a_chinese_message(client, three_sites):
    response = client.get(FINDER, {"lat": "abc", "lng": "120.9", "kind": "nonsense", "page": "x"})
    assert response.status_code == 200
    assert "纬度：请输入一个数字" in response.text or "纬度：" in response.text
    assert len(names(response)) == 3


def test_the_finder_declares_every_parameter_it_reads_for_the_page_cache():
    from django.urls import resolve

    assert set(getattr(resolve(FINDER).func, PUBLIC_PAGE_PARAMS)) == set(PARAMS)
    assert set(PARAMS) >= {"kind", "district", "facility", "open", "lat", "lng", "place", "page"}


def test_a_sites_page_shows_hours_facilities_and_where_to_report_a_mistake(client):
    station = StationFactory(contact_email="chongchuan@example.cn", accessibility="入口有坡道")
    station.facilities.add(facility("water"))
    SpecialDaysFactory(
        station=station,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=2),
        note="设备检修",
    )
    text = client.get(station.get_absolute_url()).text
    assert station.name in text and "饮用水" in text and "入口有坡道" in text
    assert "周一</span> 08:00–18:00" in text and "周六</span> 休息" in text
    assert "设备检修" in text
    assert 'href="mailto:chongchuan@example.cn' in text and "信息有误？" in text
    # a request to the staff, once the appeals app takes them (its 意见建议 form)
    assert 'href="/hudong/new/suggestion/"' in text


def test_a_sites_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    station = StationFactory()
    station.facilities.add(facility("water"), facility("toilet"))
    for _ in range(5):
        SpecialDaysFactory(station=station)
    with django_assert_max_num_queries(10):
        assert client.get(station.get_absolute_url()).status_code == 200


def test_a_closed_sites_page_says_so_and_offers_no_navigation(client):
    station = StationFactory(closed_on=datetime.date(2019, 6, 30))
    text = client.get(station.get_absolute_url()).text
    assert "本站点已于2019年6月30日停用" in text
    assert "uri.amap.com" not in text


def test_an_unknown_site_is_not_found(client):
    assert client.get("/fuwu/999999/").status_code == 404


def test_the_map_shows_only_where_a_tile_service_is_named(
    client, three_sites, django_capture_on_commit_callbacks
):
    assert client.get("/fuwu/map/").status_code == 404
    assert "在地图上查看" not in client.get(FINDER).text
    with django_capture_on_commit_callbacks(execute=True):  # as the admin's save does
        FinderSettings.objects.create(
            tile_url="https://tiles.example.cn/{z}/{x}/{y}.png", datum=FinderSettings.Datum.GCJ02
        )
        public_content_changed()
    assert "在地图上查看" in client.get(FINDER).text
    text = client.get("/fuwu/map/").text
    assert "/static/leaflet/leaflet.js" in text  # the portal's own copy, no CDN
    lat, lng = geo.wgs84_to_gcj02(32.005, 120.905)  # drawn on GCJ-02 tiles
    assert f'data-lat="{lat:.6f}" data-lng="{lng:.6f}"' in text


def test_the_map_may_load_tiles_from_its_service_only_even_from_the_page_cache(
    client, three_sites, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        FinderSettings.objects.create(
            tile_url="https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&z={z}"
        )
        public_content_changed()
    for _ in range(2):  # rendered, then served from the page cache
        policy = client.get("/fuwu/map/")["Content-Security-Policy"]
        img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
        assert "https://*.tianditu.gov.cn" in img_src
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "tianditu" not in client.get(FINDER)["Content-Security-Policy"]


def test_leaflet_is_served_from_the_pinned_package():
    from django.contrib.staticfiles import finders

    assert finders.find("leaflet/leaflet.js")
    assert finders.find("leaflet/leaflet.css")


def test_sites_are_found_by_the_search_and_listed_in_the_sitemap(client):
    from unionportal.search_registry import registry

    station = StationFactory(name="和平路爱心驿站", address="和平路18号")
    StationFactory(name="停用驿站", closed_on=datetime.date(2019, 1, 1))
    kind_ = registry.get("station")
    documents = list(kind_.documents(None))
    assert [d.title for d in documents] == ["和平路爱心驿站"]
    assert documents[0].url == station.get_absolute_url()
    assert "和平路18号" in documents[0].text and "安康·爱心驿站" in documents[0].text
    assert reverse("stations:finder") in kind_.pages()


def test_the_home_page_the_rights_channel_and_the_site_map_link_to_the_finder(client):
    from news.models import Channel

    rights = Channel.objects.create(name="维权服务", slug="rights")
    finder = reverse("stations:finder")
    assert f'href="{finder}"' in client.get(reverse("news:home")).text
    assert f'href="{finder}?kind=legal-aid"' in client.get(rights.get_absolute_url()).text
    assert f'href="{finder}"' in client.get(reverse("news:site_map")).text
