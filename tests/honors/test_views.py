"""Visitors browse 劳模风采 and the honour rolls; only what is public is shown."""

import pytest
from django.urls import reverse

from honors import codes
from honors.models import Honour
from tests.honors.factories import HonourFactory, OrganizationFactory, PersonFactory, honour_type

pytestmark = pytest.mark.django_db

Level = Honour.Level
# The site's header and footer (news: site settings, navigation channels) cost up to 2 queries.
LAYOUT = 2


def model_worker(**person):
    person.setdefault("birth_year", 1971)
    worker = PersonFactory(**person)
    HonourFactory(person=worker, honour_type=honour_type(codes.PROVINCIAL_MODEL_WORKER), year=2015)
    HonourFactory(person=worker, honour_type=honour_type(codes.NATIONAL_MODEL_WORKER),
                  level=Level.NATIONAL, year=2020)  # fmt: skip
    return worker


def test_the_gallery_shows_model_workers_with_their_top_honour(client):
    model_worker(name="范红霞", workplace="潮音纺织印染有限公司")
    medallist = PersonFactory(name="钟卫东")
    HonourFactory(person=medallist)  # a medal alone does not make a model worker

    response = client.get(reverse("honors:model_worker_list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "范红霞" in page and "潮音纺织印染有限公司" in page
    assert "2020年 全国劳动模范" in page  # the highest honour, not the first recorded
    assert "钟卫东" not in page


def test_photos_are_shown_only_with_consent(client):
    model_worker(name="冯晓明", photo="honors/people/feng.jpg", photo_consent=True)
    model_worker(name="魏丽娟", photo="honors/people/wei.jpg", photo_consent=False)
    page = client.get(reverse("honors:model_worker_list")).content.decode()
    assert "feng.jpg" in page and 'alt="冯晓明的照片"' in page
    assert "wei.jpg" not in page
    assert page.count("honors-card__photo--placeholder") == 1


def test_the_gallery_is_paginated_with_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    for number in range(30):
        model_worker(name=f"劳模{number:02d}")
    with django_assert_max_num_queries(LAYOUT + 3):  # count, page, honours
        first = client.get(reverse("honors:model_worker_list"))
    assert first.content.decode().count('class="honors-card"') == 24
    second = client.get(reverse("honors:model_worker_list"), {"page": 2})
    assert second.content.decode().count('class="honors-card"') == 6


def test_a_profile_shows_only_public_fields(client, django_assert_max_num_queries):
    worker = model_worker(
        name="潘志强",
        workplace="望海船舶配套有限公司",
        gender="male",
        birth_year=1968,
        occupation="高级技师",
        biography="三十年如一日钻研船舶焊接工艺。",
    )
    with django_assert_max_num_queries(LAYOUT + 2):  # person, honours
        response = client.get(reverse("honors:person_detail", args=[worker.pk]))
    page = response.content.decode()
    assert "潘志强" in page and "望海船舶配套有限公司" in page
    assert "三十年如一日钻研船舶焊接工艺。" in page
    assert "2020年 国家级 全国劳动模范" in page and "2015年 省级 省劳动模范" in page
    assert "1968" not in page and "出生" not in page and "男" not in page


def test_a_person_without_honours_has_no_public_page(client):
    person = PersonFactory()
    assert client.get(reverse("honors:person_detail", args=[person.pk])).status_code == 404


def test_the_roll_of_provincial_and_higher_may_day_awards_of_2018(
    client, django_assert_max_num_queries
):
    HonourFactory(person=PersonFactory(name="邵海燕"), level=Level.NATIONAL)
    HonourFactory(person=PersonFactory(name="严春梅"), level=Level.PROVINCIAL)
    HonourFactory(collective=True, organization=OrganizationFactory(name="麦穗物流有限公司"))
    HonourFactory(person=PersonFactory(name="市级获奖者"), level=Level.MUNICIPAL)
    HonourFactory(person=PersonFactory(name="往年获奖者"), year=2017)
    pioneer = honour_type(codes.PIONEER_TEAM)
    HonourFactory(
        collective=True, honour_type=pioneer, organization=OrganizationFactory(name="先锋班组")
    )

    url = reverse("honors:roll", args=[2018, "provincial-plus", "may_day"])
    assert url == "/honors/rolls/2018/provincial-plus/may_day/"
    with django_assert_max_num_queries(LAYOUT + 1):
        response = client.get(url)
    page = response.content.decode()
    assert "<h1>2018年省级以上五一劳动奖</h1>" in page
    assert "邵海燕" in page and "严春梅" in page and "麦穗物流有限公司" in page
    assert "市级获奖者" not in page and "往年获奖者" not in page and "先锋班组" not in page
    assert "<caption>五一劳动奖章（2）</caption>" in page
    assert "<caption>五一劳动奖状（1）</caption>" in page


def test_the_roll_index_lists_years_and_level_groups(client, django_assert_max_num_queries):
    HonourFactory(year=2018)
    HonourFactory(year=2017, level=Level.MUNICIPAL)
    HonourFactory(federation=True, year=2018, level=Level.MUNICIPAL)
    with django_assert_max_num_queries(LAYOUT + 1):
        response = client.get(reverse("honors:roll"))
    page = response.content.decode()
    assert reverse("honors:roll", args=[2018, "provincial-plus"]) in page
    assert reverse("honors:roll", args=[2017, "municipal"]) in page
    whole_year = client.get(reverse("honors:roll", args=[2018, "municipal"])).content.decode()
    assert "<h1>2018年市级荣誉榜</h1>" in whole_year and "全省工会先进集体" in whole_year


@pytest.mark.parametrize(
    "path", ["/honors/rolls/2018/ministerial/", "/honors/rolls/2018/national/wrong/"]
)
def test_an_unknown_roll_is_not_found(client, path):
    assert client.get(path).status_code == 404
