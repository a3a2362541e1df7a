"""Staff import sites from Excel: the template, a good file (GCJ-02 converted, hours and
facilities read), a second file updating, bad rows named by row and column in Chinese and
nothing written, and county staff limited to their own union."""

import io

import openpyxl
import pytest
import tablib

from assistance.models import StaffUnionMembership
from reports.models import StaleYear
from stations import geo
from stations.models import Station
from stations.resources import StationResource
from tests.spreadsheets import LEAKS, errors_of, post_upload, xlsx_bytes
from tests.spreadsheets import run as import_run
from tests.stations.factories import CityUnionFactory, CountyUnionFactory, DistrictFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "类型",
    "名称",
    "运营工会",
    "区划",
    "地址",
    "纬度",
    "经度",
    "坐标系",
    "电话",
    "开放时间",
    "设施",
    "建成日期",
    "停用日期",
]


@pytest.fixture
def unions():
    city = CityUnionFactory()
    return (
        city,
        CountyUnionFactory(parent=city),
        CountyUnionFactory(district=DistrictFactory(name="启东市"), parent=city),
    )


def row(name="和平路爱心驿站", **changes):
    values = {
        "类型": "安康·爱心驿站",
        "名称": name,
        "运营工会": "崇川区总工会",
        "区划": "崇川区",
        "地址": "和平路18号",
        "纬度": 32.0123,
        "经度": 120.8765,
        "坐标系": "GCJ-02",
        "电话": "0513-85550000",
        "开放时间": "周一至周五 08:30-17:30；周六 22:00-06:00",
        "设施": "饮用水、微波炉",
        "建成日期": "2018-05-01",
        "停用日期": "",
    }
    values |= changes
    return [values[header] for header in HEADERS]


def run(*rows, user=None):
    return import_run(StationResource(), HEADERS, *rows, user=user)


def test_a_good_file_lands_with_hours_facilities_and_wgs84_positions(
    unions, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = run(row(), row("人民路爱心驿站", 坐标系="WGS-84", 开放时间="24小时", 设施=""))
    assert not result.has_errors() and not result.has_validation_errors()
    first = Station.objects.get(name="和平路爱心驿站")
    assert (
        geo.distance_m(first.latitude, first.longitude, *geo.gcj02_to_wgs84(32.0123, 120.8765))
        < 0.1
    )
    assert sorted(f.name for f in first.facilities.all()) == ["微波炉", "饮用水"]
    assert first.weekly_hours.filter(weekday=5).get().closes.hour == 6  # overnight Saturday
    assert first.weekly_hours.count() == 6
    second = Station.objects.get(name="人民路爱心驿站")
    assert (second.latitude, second.longitude) == (32.0123, 120.8765)
    assert second.always_open
    assert first.history.first().history_change_reason == "表格导入" or first.history.exists()
    assert {2018, 2019} <= set(StaleYear.objects.values_list("year", flat=True))


def test_a_second_file_updates_the_site_it_names(unions):
    run(row())
    run(row(电话="0513-86660000", 开放时间="每天 07:00-19:00"))
    station = Station.objects.get()
    assert station.phone == "0513-86660000"
    assert station.weekly_hours.count() == 7


def test_a_file_with_bad_rows_writes_nothing_and_says_where_in_chinese(unions):
    result = run(
        row("好的驿站"),
        row("坐标错的驿站", 纬度=120.8, 经度=32.0),
        row("时间错的驿站", 开放时间="早八晚六", 坐标系="百度"),
        row("设施错的驿站", 设施="哺乳椅、游泳池", 类型="不存在的类型"),
    )
    errors = errors_of(result)
    assert set(errors) == {3, 4, 5}
    assert "第3行“纬度”列" in errors[3]["纬度"][0] and "填反" in errors[3]["纬度"][0]
    assert "应以星期开头" in errors[4]["开放时间"][0]
    assert "GCJ-02" in errors[4]["坐标系"][0]
    assert "没有名为“游泳池”的设施" in errors[5]["设施"][0]
    assert "没有名为“不存在的类型”的站点类型" in errors[5]["类型"][0]
    for messages in errors.values():
        for message in (text for texts in messages.values() for text in texts):
            assert not any(leak in message for leak in LEAKS), message
    assert not Station.objects.exists()


def test_county_staff_import_only_their_own_unions_sites(unions, django_user_model):
    _, chongchuan, _ = unions
    clerk = django_user_model.objects.create_user("clerk", password="x" * 12, is_staff=True)
    StaffUnionMembership.objects.create(user=clerk, union=chongchuan)
    result = run(row(), row("启东驿站", 运营工会="启东市总工会", 区划="启东市"), user=clerk)
    assert errors_of(result)[3]["运营工会"] == [
        "第3行“运营工会”列：只能导入本工会（及下属工会）运营的站点。"
    ]
    assert not Station.objects.exists()


def test_the_template_has_the_columns_and_an_example_that_imports(admin_client, unions):
    response = admin_client.get("/admin/stations/station/import-template/")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert set(HEADERS) <= set(header)
    example = [cell.value for cell in sheet[2]]
    result = StationResource().import_data(tablib.Dataset(example, headers=header), dry_run=True)
    assert not result.has_validation_errors(), errors_of(result)


def test_the_admin_previews_then_confirms_an_upload(admin_client, unions):
    response = post_upload(admin_client, Station, xlsx_bytes(HEADERS, [row()]), "站点.xlsx")
    page = response.content.decode()
    assert response.status_code == 200 and "和平路爱心驿站" in page
    assert not Station.objects.exists()  # only a preview so far


def test_the_export_reads_back_as_an_import_and_runs_no_formula(unions):
    from tests.stations.factories import StationFactory

    run(row())
    StationFactory(name="=HYPERLINK(1)驿站")  # typed in the admin, where no file is checked
    dataset = StationResource().export(Station.objects.order_by("pk"))
    assert set(HEADERS) <= set(dataset.headers)
    exported, formula = dataset.dict
    assert exported["开放时间"] == (
        "周一 08:30-17:30；周二 08:30-17:30；周三 08:30-17:30；周四 08:30-17:30；"
        "周五 08:30-17:30；周六 22:00-06:00"
    )
    assert exported["坐标系"] == "WGS-84"
    assert sorted(exported["设施"].split("、")) == ["微波炉", "饮用水"]
    assert not str(formula["名称"]).startswith("=")
    again = [exported[header] for header in HEADERS]
    result = run(again)  # the exported row, imported again, changes nothing
    assert not result.has_validation_errors(), errors_of(result)
    assert Station.objects.count() == 2
