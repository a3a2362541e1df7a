"""The public pages: competitions by year and kind, a competition, 技术状元, an enterprise."""

import pytest
from django.urls import reverse

from competitions.models import Competition
from tests.competitions.factories import (
    CompetitionFactory,
    EnterpriseFactory,
    EntryFactory,
    ResultFactory,
    SkillsContestFactory,
    honoured_person,
)
from tests.honors.queries import query_counts_as_records_grow

pytestmark = pytest.mark.django_db

# The site header and footer (news: site settings, navigation) read at most this many queries.
LAYOUT = 2
# The choices of the 技术状元 filters: years, trades, districts, industries.
CHAMPION_FILTERS = 4


def test_the_index_lists_competitions_by_year_with_filters(client, django_assert_max_num_queries):
    CompetitionFactory(name="2018年全市职工创新升级竞赛", year=2018)
    SkillsContestFactory(name="2018年全市快递职业技能竞赛", trade="快递", year=2018)
    CompetitionFactory(name="2017年度安康杯竞赛", kind=Competition.Kind.ANKANG, year=2017)
    CompetitionFactory.create_batch(10, year=2016)

    # years, count, the page's ids and years, the rows not kept yet
    with django_assert_max_num_queries(4 + LAYOUT):
        response = client.get(reverse("competitions:index"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2018年全市职工创新升级竞赛" in page and "2017年度安康杯竞赛" in page
    assert page.index("2018年</h2>") < page.index("2017年</h2>") < page.index("2016年</h2>")
    assert '<label for="id_year">' in page

    response = client.get(reverse("competitions:index"), {"year": 2018, "kind": "skills"})
    page = response.content.decode()
    assert "2018年全市快递职业技能竞赛" in page
    assert "2018年全市职工创新升级竞赛" not in page and "2017年度安康杯竞赛" not in page


def test_a_bad_filter_shows_everything_rather_than_failing(client):
    CompetitionFactory(name="2018年全市职工创新升级竞赛")
    response = client.get(reverse("competitions:index"), {"year": "abc", "kind": "nope"})
    assert response.status_code == 200
    assert "2018年全市职工创新升级竞赛" in response.content.decode()


def test_a_competition_page_shows_results_and_totals_without_personal_details(
    client, django_assert_max_num_queries
):
    contest = SkillsContestFactory(
        name="2018年全市电焊工职业技能竞赛", total_participants=5200, grade_upgrades=230
    )
    works = EnterpriseFactory(name="江海精密机械有限公司")
    ResultFactory(
        competition=contest,
        rank=1,
        contestant_name="王建国",
        organisation=works,
        prize="first",
        grade_upgraded=True,
        new_grade="技师",
    )
    for rank in range(2, 12):
        ResultFactory(competition=contest, rank=rank)

    with django_assert_max_num_queries(3 + LAYOUT):
        response = client.get(contest.get_absolute_url())
    page = response.content.decode()
    assert "王建国" in page and "技术状元" in page and "江海精密机械有限公司" in page
    assert '<data value="5200">5200</data>' in page and '<data value="230">230</data>' in page
    assert works.credit_code not in page  # enterprise codes belong on the enterprise page


def test_an_innovation_competition_shows_the_entries_added_up(client):
    contest = CompetitionFactory(name="2018年全市职工创新升级竞赛")
    EntryFactory(competition=contest, workers=100, suggestions=20, economic_benefit_yuan=1000)
    EntryFactory(competition=contest, workers=50, suggestions=5, economic_benefit_yuan=500)
    page = client.get(contest.get_absolute_url()).content.decode()
    assert "2家企业" in page
    assert '<data value="150">150</data>' in page and '<data value="25">25</data>' in page
    assert ">1500</data>" in page  # 经济效益（元）
    assert "暂未公布个人获奖名单" in page


def test_an_unknown_competition_is_not_found(client):
    assert client.get(reverse("competitions:detail", args=[999])).status_code == 404


def test_the_roll_of_champions_lists_the_first_places_by_year(
    client, django_assert_max_num_queries
):
    for year, name, trade in [
        (2018, "王建国", "快递"),
        (2018, "李海燕", "气象"),
        (2017, "陈晓峰", "电焊工"),
    ]:
        contest = SkillsContestFactory(year=year, trade=trade)
        ResultFactory(competition=contest, rank=1, contestant_name=name)
        ResultFactory(competition=contest, rank=2, contestant_name=f"{name}的队友")
    county = SkillsContestFactory(level=Competition.Level.COUNTY)
    ResultFactory(competition=county, rank=1, contestant_name="县级第一名")

    with django_assert_max_num_queries(3 + CHAMPION_FILTERS + LAYOUT):  # count, page, honours
        response = client.get(reverse("competitions:champions"))
    page = response.content.decode()
    assert "共 <strong>3</strong> 名技术状元" in page
    assert "2018年</h2>" in page and "2017年</h2>" in page
    assert page.index("王建国") < page.index("陈晓峰")
    assert "的队友" not in page and "县级第一名" not in page


def test_an_enterprise_page_lists_its_entries_results_and_honours(
    client, django_assert_max_num_queries
):
    works = EnterpriseFactory(name="江海精密机械有限公司")
    EntryFactory(
        organisation=works, competition=CompetitionFactory(name="2018年创新升级竞赛"), workers=321
    )
    EntryFactory(
        organisation=works, competition=CompetitionFactory(name="2017年创新升级竞赛", year=2017)
    )
    ResultFactory(organisation=works, rank=1, contestant_name="王建国")
    EntryFactory(competition=CompetitionFactory(name="别家参加的竞赛"))

    with django_assert_max_num_queries(4 + LAYOUT):
        response = client.get(reverse("competitions:enterprise", args=[works.pk]))
    page = response.content.decode()
    assert "江海精密机械有限公司" in page and works.credit_code in page
    assert "2018年创新升级竞赛" in page and "2017年创新升级竞赛" in page
    assert '<data value="321">321</data>' in page
    assert "王建国" in page and "技术状元" in page
    assert "别家参加的竞赛" not in page
    assert page.index("2018年创新升级竞赛") < page.index("2017年创新升级竞赛")


def test_the_pages_load_their_stylesheet_and_no_inline_script(client):
    contest = CompetitionFactory()
    for url in (
        reverse("competitions:index"),
        contest.get_absolute_url(),
        reverse("competitions:champions"),
        reverse("competitions:enterprise_list"),
    ):
        page = client.get(url).content.decode()
        assert "css/competitions.css" in page
        assert "<script>" not in page and " onclick=" not in page


def test_a_winner_linked_to_a_person_shows_their_honours_everywhere(
    client, django_assert_max_num_queries
):
    works = EnterpriseFactory(name="江海精密机械有限公司")
    contest = SkillsContestFactory(name="2018年全市电焊工职业技能竞赛")
    person = honoured_person("王建国", workplace=works)
    ResultFactory(
        competition=contest, rank=1, contestant_name="王建国", organisation=works, person=person
    )
    for rank in range(2, 6):
        ResultFactory(competition=contest, rank=rank, person=honoured_person(f"选手{rank}"))
    person_url = reverse("honors:person_detail", args=[person.pk])

    for url, own_queries in [
        (contest.get_absolute_url(), 4),
        (reverse("competitions:champions"), 3 + CHAMPION_FILTERS),
        (reverse("competitions:enterprise", args=[works.pk]), 5),
    ]:
        with django_assert_max_num_queries(own_queries + LAYOUT):
            page = client.get(url).content.decode()
        assert f'<a href="{person_url}">王建国</a>' in page, url
        assert "2018年市级技术能手" in page, url


# --------------------------------------------------------------------------- browsing 技术状元


@pytest.fixture
def champions():
    from tests.honors.factories import DistrictFactory

    east, west = DistrictFactory(name="崇川区"), DistrictFactory(name="通州区")
    for year, name, trade, enterprise, industry, district in [
        (2018, "王建国", "快递", "顺达快递有限公司", "物流", east),
        (2018, "李海燕", "电焊工", "江海精密机械有限公司", "机械", west),
        (2017, "陈晓峰", "电焊工", "望海船舶配套有限公司", "船舶", west),
    ]:
        works = EnterpriseFactory(name=enterprise, industry=industry, district=district)
        contest = SkillsContestFactory(year=year, trade=trade)
        ResultFactory(competition=contest, rank=1, contestant_name=name, organisation=works)
    return {"east": east, "west": west}


def champions_on(response) -> set[str]:
    page = response.content.decode()
    return {name for name in ("王建国", "李海燕", "陈晓峰") if name in page}


def test_a_reader_narrows_the_champions_by_each_filter(client, champions):
    url = reverse("competitions:champions")
    assert champions_on(client.get(url, {"year": 2018})) == {"王建国", "李海燕"}
    assert champions_on(client.get(url, {"trade": "电焊工"})) == {"李海燕", "陈晓峰"}
    assert champions_on(client.get(url, {"district": champions["east"].pk})) == {"王建国"}
    assert champions_on(client.get(url, {"industry": "船舶"})) == {"陈晓峰"}
    assert champions_on(client.get(url, {"q": "江海"})) == {"李海燕"}
    response = client.get(url, {"trade": "电焊工", "year": 2017})
    assert champions_on(response) == {"陈晓峰"}
    page = response.content.decode()
    assert '<option value="电焊工" selected>电焊工</option>' in page
    assert '<option value="2017" selected>2017年</option>' in page
    assert "符合条件的 <strong>1</strong> 名技术状元" in page and "清除筛选" in page


def test_the_champions_cost_the_same_queries_filtered_or_not(
    client, champions, django_assert_max_num_queries
):
    url = reverse("competitions:champions")
    every_filter = {
        "q": "江海",
        "year": 2018,
        "trade": "电焊工",
        "district": champions["west"].pk,
        "industry": "机械",
        "page": 1,
    }
    for params in ({}, every_filter, {"year": "abc"}):
        with django_assert_max_num_queries(3 + CHAMPION_FILTERS + LAYOUT):
            assert client.get(url, params).status_code == 200


def test_the_champions_are_paged(client, champions):
    from competitions.views import PAGE_SIZE

    for number in range(PAGE_SIZE):
        contest = SkillsContestFactory(year=2016, trade=f"工种{number:02d}")
        ResultFactory(competition=contest, rank=1, contestant_name=f"状元{number:02d}")
    url = reverse("competitions:champions")
    first = client.get(url).content.decode()
    assert "共 <strong>53</strong> 名技术状元" in first and 'href="?page=2"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count("<tr>") - 1 == 3  # a header row and the last three champions


# ------------------------------------------------------------------------ the enterprise directory


@pytest.fixture
def directory():
    from tests.honors.factories import DistrictFactory, HonourFactory

    east, west = DistrictFactory(name="崇川区"), DistrictFactory(name="通州区")
    honoured = EnterpriseFactory(name="潮音纺织印染有限公司", industry="纺织", district=east)
    HonourFactory(collective=True, organization=honoured)
    entered = EnterpriseFactory(name="江海精密机械有限公司", industry="机械", district=west)
    EntryFactory(organisation=entered)
    EntryFactory(organisation=entered)
    placed = EnterpriseFactory(name="望海船舶配套有限公司", industry="船舶", district=west)
    ResultFactory(organisation=placed)
    silent = EnterpriseFactory(name="默默无闻贸易有限公司", industry="纺织", district=east)
    return {"east": east, "west": west, "entered": entered, "silent": silent}


def enterprises_on(response) -> set[str]:
    page = response.content.decode()
    names = (
        "潮音纺织印染有限公司",
        "江海精密机械有限公司",
        "望海船舶配套有限公司",
        "默默无闻贸易有限公司",
    )
    return {name for name in names if name in page}


def test_the_directory_lists_enterprises_with_records_and_links_to_their_pages(
    client, directory, django_assert_max_num_queries
):
    url = reverse("competitions:enterprise_list")
    assert url == "/competitions/enterprises/"
    # districts, industries; count, the page's ids, the rows not kept yet
    with django_assert_max_num_queries(2 + 3 + LAYOUT):
        response = client.get(url)
    page = response.content.decode()
    assert enterprises_on(response) == {
        "潮音纺织印染有限公司",
        "江海精密机械有限公司",
        "望海船舶配套有限公司",
    }
    entered = directory["entered"]
    detail = reverse("competitions:enterprise", args=[entered.pk])
    assert f'<a href="{detail}">江海精密机械有限公司</a>' in page
    row = page[page.index(detail) : page.index("</tr>", page.index(detail))]
    assert entered.credit_code in row and "通州区" in row and "<td>2</td>" in row
    assert "共 <strong>3</strong> 家单位" in page


def test_the_directory_finds_an_enterprise_by_name_or_credit_code(client, directory):
    url = reverse("competitions:enterprise_list")
    code = directory["entered"].credit_code
    assert enterprises_on(client.get(url, {"q": "精密"})) == {"江海精密机械有限公司"}
    assert enterprises_on(client.get(url, {"q": code})) == {"江海精密机械有限公司"}
    assert enterprises_on(client.get(url, {"q": code.lower()})) == {"江海精密机械有限公司"}
    assert enterprises_on(client.get(url, {"q": directory["silent"].credit_code})) == set()


def test_the_directory_filters_by_district_and_industry(client, directory):
    url = reverse("competitions:enterprise_list")
    west = directory["west"].pk
    assert enterprises_on(client.get(url, {"district": west})) == {
        "江海精密机械有限公司",
        "望海船舶配套有限公司",
    }
    response = client.get(url, {"district": west, "industry": "船舶"})
    assert enterprises_on(response) == {"望海船舶配套有限公司"}
    page = response.content.decode()
    assert '<option value="船舶" selected>船舶</option>' in page
    assert "符合条件的 <strong>1</strong> 家单位" in page


def test_the_directory_is_paged_with_a_fixed_number_of_queries(
    client, directory, django_assert_max_num_queries
):
    from competitions.views import PAGE_SIZE

    for _ in range(PAGE_SIZE):
        EntryFactory(organisation=EnterpriseFactory(industry="机械"))
    url = reverse("competitions:enterprise_list")
    for params in ({}, {"page": 2}, {"q": "有限公司", "industry": "机械", "district": 1}):
        with django_assert_max_num_queries(2 + 3 + LAYOUT):
            assert client.get(url, params).status_code == 200
    second = client.get(url, {"page": 2}).content.decode()
    assert "共 <strong>53</strong> 家单位" in second
    assert second.count('<th scope="row">') == 3


def test_the_directory_is_linked_where_the_competitions_are(client, directory):
    directory_url = reverse("competitions:enterprise_list")
    for url in (reverse("competitions:index"), reverse("competitions:champions")):
        assert f'<a href="{directory_url}"' in client.get(url).content.decode(), url
    enterprise = reverse("competitions:enterprise", args=[directory["entered"].pk])
    assert f'<a href="{directory_url}">企业名录</a>' in client.get(enterprise).content.decode()


def test_an_enterprise_renamed_in_the_admin_shows_at_once_in_the_cached_directory(
    client, admin_client, directory, django_capture_on_commit_callbacks
):
    from tests.admin_forms import admin_change

    url = reverse("competitions:enterprise_list")
    assert "江海精密机械有限公司" in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    entered = directory["entered"]
    with django_capture_on_commit_callbacks(execute=True):
        admin_change(
            admin_client,
            reverse("admin:organizations_organization_change", args=[entered.pk]),
            name="江海精密机械集团有限公司",
        )
    assert "江海精密机械集团有限公司" in client.get(url).content.decode()


def test_the_site_navigation_leads_to_the_directory_and_marks_it_current(client, directory):
    directory_link = '<a href="/competitions/enterprises/">企业名录</a>'
    home = client.get("/").content.decode()
    assert directory_link in home
    page = client.get(reverse("competitions:enterprise_list")).content.decode()
    assert f'<li class="site-nav__item is-current">{directory_link}</li>' in page
    assert '<li class="site-nav__item"><a href="/competitions/">竞赛</a></li>' in page
    index = client.get(reverse("competitions:index")).content.decode()
    assert '<li class="site-nav__item is-current"><a href="/competitions/">竞赛</a></li>' in index


# --------------------------------------------------------------------------- kept rows and pages


def test_every_list_and_page_costs_the_same_queries_for_5_or_25_records(client, settings):
    """A page rendered anew (no stored page) reads its rows kept per content version: a second
    render costs no more than the first, and 25 records no more than 5."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    works = EnterpriseFactory(name="江海精密机械有限公司")
    contest = SkillsContestFactory(name="2018年全市电焊工职业技能竞赛")
    urls = [
        reverse("competitions:index"),
        reverse("competitions:champions"),
        reverse("competitions:enterprise_list"),
        contest.get_absolute_url(),
        reverse("competitions:enterprise", args=[works.pk]),
    ]

    def add(numbers):
        for number in numbers:
            champion = SkillsContestFactory(trade=f"工种{number}")
            ResultFactory(competition=champion, rank=1, organisation=works,
                          person=honoured_person(f"状元{number}"))  # fmt: skip
            ResultFactory(competition=contest, rank=number + 2, organisation=works,
                          person=honoured_person(f"选手{number}"))  # fmt: skip
            EntryFactory(competition=champion, organisation=EnterpriseFactory())

    counts = query_counts_as_records_grow(client, urls, add)
    assert counts[25] == counts[5]


def test_kept_rows_and_pages_show_a_competition_changed_by_staff(
    client, admin_client, settings, django_capture_on_commit_callbacks
):
    from tests.admin_forms import admin_change

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    works = EnterpriseFactory(name="江海精密机械有限公司")
    contest = SkillsContestFactory(name="2018年全市电焊工职业技能竞赛", trade="电焊工")
    ResultFactory(competition=contest, rank=1, organisation=works, contestant_name="王建国")
    urls = [
        reverse("competitions:index"),
        reverse("competitions:champions"),
        contest.get_absolute_url(),
        reverse("competitions:enterprise", args=[works.pk]),
    ]
    for url in urls:
        assert "2018年全市电焊工职业技能竞赛" in client.get(url).content.decode(), url
        client.get(url)  # and from its kept parts

    with django_capture_on_commit_callbacks(execute=True):
        saved = admin_change(
            admin_client,
            reverse("admin:competitions_competition_change", args=[contest.pk]),
            name="2018年全市焊工职业技能竞赛",
        )
    assert saved.status_code == 200
    for url in urls:
        page = client.get(url).content.decode()
        assert "2018年全市焊工职业技能竞赛" in page and "电焊工职业技能竞赛" not in page, url


def test_the_kept_directory_follows_entries_saved_by_staff(
    client, admin_client, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    works = EnterpriseFactory(name="江海精密机械有限公司")
    EntryFactory(organisation=works)
    url = reverse("competitions:enterprise_list")
    detail = reverse("competitions:enterprise", args=[works.pk])

    def row():
        page = client.get(url).content.decode()
        return page[page.index(detail) : page.index("</tr>", page.index(detail))]

    assert "<td>1</td>" in row() and "<td>1</td>" in row()
    contest = CompetitionFactory(name="2019年创新升级竞赛", year=2019)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:competitions_entry_add"),
            {"competition": contest.pk, "organisation": works.pk, "workers": 10, "teams": 1,
             "suggestions": 0, "innovations": 0, "advanced_methods": 0,
             "economic_benefit_yuan": "0"},
        )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "<td>2</td>" in row()

    newcomer = EnterpriseFactory(name="望海船舶配套有限公司")
    assert "望海船舶配套有限公司" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:competitions_entry_add"),
            {"competition": contest.pk, "organisation": newcomer.pk, "workers": 5, "teams": 0,
             "suggestions": 0, "innovations": 0, "advanced_methods": 0,
             "economic_benefit_yuan": "0"},
        )  # fmt: skip
    assert "望海船舶配套有限公司" in client.get(url).content.decode()  # the kept list moved too


def test_a_competition_s_and_an_enterprise_s_page_rendered_again_read_nothing(
    client, settings, django_assert_num_queries
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every request renders the page
    works = EnterpriseFactory(name="江海精密机械有限公司")
    contest = SkillsContestFactory(name="2018年全市电焊工职业技能竞赛", trade="电焊工")
    ResultFactory(competition=contest, rank=1, organisation=works, contestant_name="王建国")
    for url in (contest.get_absolute_url(), reverse("competitions:enterprise", args=[works.pk])):
        client.get(url)
        with django_assert_num_queries(0):
            page = client.get(url)
        assert "2018年全市电焊工职业技能竞赛" in page.content.decode(), url
    assert client.get(reverse("competitions:detail", args=[contest.pk + 1000])).status_code == 404
