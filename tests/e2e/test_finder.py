"""A worker on a phone finds the nearest 安康·爱心驿站 from where they stand: the finder asks for
the position (granted here), sorts by distance, and the nearest site's page opens."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, screenshot

# A street corner in 崇川区 (WGS-84), as a phone's GPS gives it.
HERE = {"latitude": 32.0123, "longitude": 120.8712}

NEAREST = """
from stations.geo import distance_m
from stations.models import Station
sites = Station.objects.filter(kind__code="care-station", closed_on__isnull=True)
print(min(sites, key=lambda s: distance_m({lat}, {lng}, s.latitude, s.longitude)).name)
"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="zh-CN",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation=HERE,
    )
    context.grant_permissions(["geolocation"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not errors, errors


def test_a_worker_finds_the_nearest_care_station_from_where_they_stand(portal, phone):
    # The finder rounds the position to 0.001° before it sorts (about 100 m).
    rounded = {key: round(value, 3) for key, value in HERE.items()}
    nearest = portal.shell(NEAREST.format(lat=rounded["latitude"], lng=rounded["longitude"]))
    assert nearest, "the demo has care stations"

    phone.goto(portal.url + "/")
    phone.get_by_role("link", name=re.compile("找服务站点")).click()
    expect(phone.get_by_role("heading", level=1, name="服务站点")).to_be_visible()

    phone.get_by_label("类型").select_option(label="安康·爱心驿站")
    locate = phone.get_by_role("button", name="使用我的位置")
    expect(locate).to_be_visible()  # shown only where the browser can tell the position
    expect(phone.get_by_text("只用来计算到各站点的距离")).to_be_visible()
    locate.click()

    phone.wait_for_url(re.compile(r"lat=32\.012&lng=120\.871"))
    expect(
        phone.get_by_role("status").filter(has_text="按到您的位置的距离由近到远排列")
    ).to_be_visible()
    first = phone.locator(".station-card").first
    expect(first.locator(".station-card__name")).to_have_text(nearest)
    expect(first.locator(".station-card__distance")).to_contain_text("距离约")
    expect(first.locator("[data-state]")).to_have_text(re.compile("开放中|已关闭"))
    expect(first.get_by_role("link", name=re.compile("用高德地图导航"))).to_have_attribute(
        "href", re.compile(r"^https://uri\.amap\.com/marker\?position=120\.8")
    )
    screenshot(phone, "finder-phone-nearest")

    first.get_by_role("link", name=nearest).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(nearest)
    expect(phone.get_by_text("开放时间", exact=True)).to_be_visible()
    expect(phone.get_by_role("heading", name="信息有误？")).to_be_visible()
    tel = phone.get_by_role("link", name=re.compile(r"^0513-"))
    expect(tel).to_have_attribute("href", re.compile(r"^tel:0513\d{8}$"))
    screenshot(phone, "finder-phone-site")
