"""Visitors browse 劳模风采 and the honour rolls; only what is public is shown."""

import pytest
from django.urls import reverse

from honors import codes
from honors.models import Honour
from tests.honors.factories import HonourFactory, OrganizationFactory, PersonFactory, honour_type
from tests.honors.queries import query_counts_as_records_grow

pytestmark = pytest.mark.django_db

Level = Honour.Level
# The site's header and footer (news: site settings, navigation channels) cost up to 2 queries.
LAYOUT = 2
# The choices of a list's filters: honour types, districts, industries (and years on 劳模风采).
ROLL_FILTERS = 3
GALLERY_FILTERS = 4


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
    # count, the page's ids, then the people and honours of the cards not kept yet
    with django_assert_max_num_queries(LAYOUT + GALLERY_FILTERS + 4):
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
    # the person (kept for every request), then for the kept body the person with the honours
    with django_assert_max_num_queries(LAYOUT + 3):
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
    # count, the page's ids and types, the rows not kept yet
    with django_assert_max_num_queries(LAYOUT + ROLL_FILTERS + 3):
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


# --------------------------------------------------------------------------- browsing 劳模风采


@pytest.fixture
def gallery():
    """Four model workers from two districts and two industries, with honours of several years."""
    from tests.honors.factories import DistrictFactory

    east, west = DistrictFactory(name="崇川区"), DistrictFactory(name="通州区")
    textile = OrganizationFactory(name="潮音纺织印染有限公司", industry="纺织", district=east)
    shipyard = OrganizationFactory(name="望海船舶配套有限公司", industry="船舶", district=west)
    provincial = honour_type(codes.PROVINCIAL_MODEL_WORKER)
    national = honour_type(codes.NATIONAL_MODEL_WORKER)
    people = {}
    for name, workplace, district, kind, level, year in [
        ("范红霞", textile, east, national, Level.NATIONAL, 2020),
        ("冯晓明", textile, east, provincial, Level.PROVINCIAL, 2015),
        ("潘志强", shipyard, west, provincial, Level.PROVINCIAL, 2020),
        ("魏丽娟", shipyard, west, provincial, Level.PROVINCIAL, 2018),
    ]:
        person = PersonFactory(
            name=name, workplace=workplace.name, workplace_organization=workplace
        )
        HonourFactory(person=person, honour_type=kind, level=level, year=year, district=district)
        people[name] = person
    # A 2020 medal for 魏丽娟: "provincial in 2020" must be one honour, not two.
    HonourFactory(person=people["魏丽娟"], year=2020, level=Level.MUNICIPAL, district=west)
    return {"east": east, "west": west, **people}


def names_on(response) -> set[str]:
    page = response.content.decode()
    return {name for name in ("范红霞", "冯晓明", "潘志强", "魏丽娟") if f">{name}</h2>" in page}


def test_a_reader_narrows_the_gallery_by_each_filter(client, gallery):
    url = reverse("honors:model_worker_list")
    provincial = honour_type(codes.PROVINCIAL_MODEL_WORKER)
    assert names_on(client.get(url)) == {"范红霞", "冯晓明", "潘志强", "魏丽娟"}
    assert names_on(client.get(url, {"level": "national"})) == {"范红霞"}
    assert names_on(client.get(url, {"honour_type": provincial.pk})) == {
        "冯晓明",
        "潘志强",
        "魏丽娟",
    }
    assert names_on(client.get(url, {"year": 2020})) == {"范红霞", "潘志强", "魏丽娟"}
    assert names_on(client.get(url, {"district": gallery["west"].pk})) == {"潘志强", "魏丽娟"}
    assert names_on(client.get(url, {"industry": "纺织"})) == {"范红霞", "冯晓明"}
    assert names_on(client.get(url, {"q": "望海"})) == {"潘志强", "魏丽娟"}
    assert names_on(client.get(url, {"q": "红霞"})) == {"范红霞"}


def test_level_and_year_must_belong_to_the_same_honour(client, gallery):
    response = client.get(
        reverse("honors:model_worker_list"), {"level": "provincial", "year": 2020}
    )
    assert names_on(response) == {"潘志强"}  # not 魏丽娟: her 2020 honour is municipal


def test_the_chosen_filters_stay_selected_with_a_count_and_a_way_back(client, gallery):
    url = reverse("honors:model_worker_list")
    page = client.get(url, {"district": gallery["west"].pk, "q": "望海"}).content.decode()
    assert f'<option value="{gallery["west"].pk}" selected>通州区</option>' in page
    assert 'value="望海"' in page
    assert "符合条件的 <strong>2</strong> 位劳模" in page
    assert f'<a class="list-filter__clear" href="{url}">清除筛选</a>' in page

    unfiltered = client.get(url).content.decode()
    assert "共 <strong>4</strong> 位劳模" in unfiltered
    assert "清除筛选" not in unfiltered


def test_the_filters_work_without_javascript(client, gallery):
    page = client.get(reverse("honors:model_worker_list")).content.decode()
    start = page.index('<form class="list-filter"')
    form = page[start : page.index("</form>", start)]
    assert 'method="get"' in form and '<button type="submit">筛选</button>' in form
    for name in ("q", "level", "honour_type", "year", "district", "industry"):
        assert f'<label for="id_{name}">' in form
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]


def test_a_filter_with_a_bad_value_is_explained_and_the_others_still_apply(client, gallery):
    response = client.get(
        reverse("honors:model_worker_list"), {"year": "二〇一八", "industry": "纺织"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "没有“二〇一八”这一项，已忽略这个条件。" in page
    assert names_on(response) == {"范红霞", "冯晓明"}


def test_nothing_found_says_so_and_offers_to_clear(client, gallery):
    page = client.get(reverse("honors:model_worker_list"), {"q": "不存在的名字"}).content.decode()
    assert "没有符合条件的劳模" in page and "清除筛选" in page


def test_paging_keeps_the_filters(client, gallery):
    textile = OrganizationFactory(name="江海纺织集团", industry="纺织")
    for number in range(30):
        model_worker(name=f"纺织劳模{number:02d}", workplace_organization=textile)
    url = reverse("honors:model_worker_list")
    first = client.get(url, {"industry": "纺织"}).content.decode()
    assert "符合条件的 <strong>32</strong> 位劳模" in first
    assert 'href="?industry=%E7%BA%BA%E7%BB%87&amp;page=2"' in first
    second = client.get(url, {"industry": "纺织", "page": 2})
    assert second.content.decode().count('class="honors-card"') == 8
    beyond = client.get(url, {"industry": "纺织", "page": 99})
    assert beyond.status_code == 200 and beyond.content.decode().count('class="honors-card"') == 8


def test_the_gallery_costs_the_same_queries_however_it_is_filtered(
    client, gallery, django_assert_max_num_queries
):
    for number in range(30):
        model_worker(name=f"劳模{number:02d}")
    url = reverse("honors:model_worker_list")
    every_filter = {
        "q": "劳模",
        "level": "provincial",
        "honour_type": honour_type(codes.PROVINCIAL_MODEL_WORKER).pk,
        "year": 2015,
        "district": gallery["east"].pk,
        "industry": "纺织",
        "page": 2,
    }
    for params in ({}, {"page": 2}, every_filter):
        with django_assert_max_num_queries(LAYOUT + GALLERY_FILTERS + 4):
            assert client.get(url, params).status_code == 200


def test_a_roll_is_filtered_searched_and_paged(client, django_assert_max_num_queries):
    from honors.views import ROLL_PAGE_SIZE
    from tests.honors.factories import DistrictFactory

    east, west = DistrictFactory(name="崇川区"), DistrictFactory(name="通州区")
    port = OrganizationFactory(name="港务集团", industry="港口", district=west)
    HonourFactory(person=PersonFactory(name="邵海燕"), district=east)
    HonourFactory(collective=True, organization=port, district=west)
    HonourFactory(person=PersonFactory(name="严春梅", workplace_organization=port), district=west)
    url = reverse("honors:roll", args=[2018, "provincial-plus", "may_day"])

    page = client.get(url, {"district": west.pk}).content.decode()
    assert "港务集团" in page and "严春梅" in page and "邵海燕" not in page
    assert "符合条件的 <strong>2</strong> 项" in page
    page = client.get(url, {"industry": "港口"}).content.decode()
    assert "港务集团" in page and "严春梅" in page and "邵海燕" not in page
    page = client.get(url, {"q": "海燕"}).content.decode()
    assert "邵海燕" in page and "严春梅" not in page
    medal = honour_type(codes.MAY_DAY_MEDAL)
    page = client.get(url, {"honour_type": medal.pk}).content.decode()
    assert "严春梅" in page and "港务集团" not in page
    assert f'<option value="{medal.pk}" selected>五一劳动奖章</option>' in page
    # only the category's types are offered on a category's roll
    assert ">工人先锋号</option>" not in page

    for number in range(ROLL_PAGE_SIZE):
        HonourFactory(person=PersonFactory(name=f"获奖者{number:03d}"), district=east)
    with django_assert_max_num_queries(LAYOUT + ROLL_FILTERS + 3):
        first = client.get(url, {"district": east.pk})
    assert "符合条件的 <strong>101</strong> 项" in first.content.decode()
    second = client.get(url, {"district": east.pk, "page": 2}).content.decode()
    assert second.count('<th scope="row">') == 1


# --------------------------------------------------------------------------- cached, yet current


def test_a_withdrawn_photo_consent_shows_at_once_on_the_cached_pages(
    client, admin_client, django_capture_on_commit_callbacks
):
    from tests.admin_forms import admin_change

    worker = model_worker(name="冯晓明", photo="honors/people/feng.jpg", photo_consent=True)
    pages = [reverse("honors:model_worker_list"), reverse("honors:person_detail", args=[worker.pk])]
    for url in pages:
        assert "feng.jpg" in client.get(url).content.decode()
        assert client.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        saved = admin_change(
            admin_client,
            reverse("admin:honors_person_change", args=[worker.pk]),
            photo_consent=False,
        )
    assert saved.status_code == 200
    for url in pages:
        assert "feng.jpg" not in client.get(url).content.decode(), url


def test_an_honour_saved_by_staff_shows_at_once_on_the_cached_gallery(
    client, django_capture_on_commit_callbacks
):
    from honors.services import honour_save

    url = reverse("honors:model_worker_list")
    assert "范红霞" not in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        honour_save(
            honour=HonourFactory.build(
                person=PersonFactory(name="范红霞"),
                honour_type=honour_type(codes.PROVINCIAL_MODEL_WORKER),
            )
        )
    assert "范红霞" in client.get(url).content.decode()


# --------------------------------------------------------------------------- kept cards


def test_the_gallery_keeps_each_card_and_shows_a_change_saved_by_staff(
    client,
    admin_client,
    settings,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    from tests.admin_forms import admin_change

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the page is rendered every time, its cards kept
    worker = model_worker(name="冯晓明", workplace="潮音纺织印染有限公司")
    url = reverse("honors:model_worker_list")
    assert "潮音纺织印染有限公司" in client.get(url).content.decode()
    # count, the page's ids: the card is read from the cache, not built again
    with django_assert_max_num_queries(LAYOUT + GALLERY_FILTERS + 2):
        client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        admin_change(
            admin_client,
            reverse("admin:honors_person_change", args=[worker.pk]),
            workplace="望海船舶配套有限公司",
        )
    page = client.get(url).content.decode()
    assert "望海船舶配套有限公司" in page and "潮音纺织印染有限公司" not in page


def test_a_kept_card_shows_a_new_honour_saved_through_the_service(
    client, settings, django_capture_on_commit_callbacks
):
    from honors.services import honour_save

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    worker = model_worker(name="冯晓明")
    url = reverse("honors:model_worker_list")
    assert "2020年 全国劳动模范" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        honour_save(
            honour=HonourFactory.build(
                person=worker, honour_type=honour_type(codes.NATIONAL_MODEL_WORKER),
                level=Level.NATIONAL, year=2023,
            )
        )  # fmt: skip
    assert "2023年 全国劳动模范" in client.get(url).content.decode()


def test_the_gallery_costs_the_same_queries_for_5_or_25_people(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every page rendered; its kept parts read
    url = reverse("honors:model_worker_list")

    def add(numbers):
        for number in numbers:
            model_worker(name=f"劳模{number:02d}")

    counts = query_counts_as_records_grow(client, [url], add)
    assert counts[25] == counts[5]
    assert counts[5][url][1] <= LAYOUT + GALLERY_FILTERS + 2  # count, the page's ids: cards kept


def test_a_roll_and_a_profile_cost_the_same_queries_for_5_or_25_honours(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    worker = model_worker(name="潘志强")
    urls = [
        reverse("honors:roll"),
        reverse("honors:roll", args=[2018, "provincial-plus"]),
        reverse("honors:person_detail", args=[worker.pk]),
    ]

    def add(numbers):
        for number in numbers:
            HonourFactory(person=PersonFactory(name=f"获奖者{number:02d}"))
            HonourFactory(person=worker, year=2000 + number)

    counts = query_counts_as_records_grow(client, urls, add)
    assert counts[25] == counts[5]


def test_kept_roll_rows_and_profiles_show_what_staff_change(
    client, admin_client, settings, django_capture_on_commit_callbacks
):
    from honors.services import honour_save
    from tests.admin_forms import admin_change

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    worker = model_worker(name="潘志强", workplace="望海船舶配套有限公司")
    medal = HonourFactory(person=worker, workplace="望海船舶配套有限公司")
    roll = reverse("honors:roll", args=[2018, "provincial-plus"])
    profile = reverse("honors:person_detail", args=[worker.pk])
    for url in (roll, profile, roll, profile):  # rendered, then from the kept parts
        assert "望海船舶配套有限公司" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        admin_change(
            admin_client,
            reverse("admin:honors_person_change", args=[worker.pk]),
            name="潘志刚",
        )
    for url in (roll, profile):
        page = client.get(url).content.decode()
        assert "潘志刚" in page and "潘志强" not in page, url

    medal.workplace = "江海精密机械有限公司"
    with django_capture_on_commit_callbacks(execute=True):
        honour_save(honour=medal)
    assert "江海精密机械有限公司" in client.get(roll).content.decode()


def test_a_search_text_is_looked_up_every_time_and_never_kept(client, settings):
    from tests.honors.queries import queries_of

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    for number in range(3):
        model_worker(name=f"劳模{number:02d}")
    url = reverse("honors:model_worker_list")
    queries_of(client, url, {"level": "provincial"})
    assert queries_of(client, url, {"level": "provincial"}) == 0  # a choice: the list is kept
    for text in ("劳模", "劳模", "随便什么"):
        # the list's ids, every time: a text the reader typed keys nothing
        assert queries_of(client, url, {"level": "provincial", "q": text}) == 1


def test_the_kept_roll_index_counts_an_honour_saved_through_the_service(
    client, settings, django_capture_on_commit_callbacks
):
    from honors.services import honour_save

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    HonourFactory(person=PersonFactory(name="邵海燕"), year=2018)
    url = reverse("honors:roll")
    for _ in range(2):  # rendered, then its table kept
        assert "<td>1</td>" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        honour_save(honour=HonourFactory.build(person=PersonFactory(name="严春梅"), year=2018))
    assert "<td>2</td>" in client.get(url).content.decode()


def test_a_person_s_page_rendered_again_reads_nothing(client, settings, django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every request renders the page
    person = PersonFactory(name="邵海燕")
    HonourFactory(person=person, level=Level.NATIONAL)
    url = reverse("honors:person_detail", args=[person.pk])
    client.get(url)
    with django_assert_num_queries(0):
        page = client.get(url)
    assert "邵海燕" in page.content.decode()


def test_each_roll_offers_its_own_category_s_types_when_their_menus_are_kept(client, settings):
    # The menus are kept under what the reader chose, not what they list: a roll of another
    # category, with nothing chosen either, must not be given the first one's menus.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every page rendered, its menus kept
    may_day = reverse("honors:roll", args=[2018, "provincial-plus", "may_day"])
    pioneer = reverse("honors:roll", args=[2018, "provincial-plus", "pioneer"])
    for _ in range(2):
        page = client.get(may_day).content.decode()
        assert ">五一劳动奖章</option>" in page and ">工人先锋号</option>" not in page
        page = client.get(pioneer).content.decode()
        assert ">工人先锋号</option>" in page and ">五一劳动奖章</option>" not in page
    page = client.get(reverse("honors:model_worker_list")).content.decode()
    assert ">工人先锋号</option>" in page and ">全部级别</option>" in page
