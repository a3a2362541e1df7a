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

pytestmark = pytest.mark.django_db

# The site header and footer (news: site settings, navigation) read at most this many queries.
LAYOUT = 2


def test_the_index_lists_competitions_by_year_with_filters(client, django_assert_max_num_queries):
    CompetitionFactory(name="2018年全市职工创新升级竞赛", year=2018)
    SkillsContestFactory(name="2018年全市快递职业技能竞赛", trade="快递", year=2018)
    CompetitionFactory(name="2017年度安康杯竞赛", kind=Competition.Kind.ANKANG, year=2017)
    CompetitionFactory.create_batch(10, year=2016)

    with django_assert_max_num_queries(3 + LAYOUT):
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

    with django_assert_max_num_queries(1 + LAYOUT):
        response = client.get(reverse("competitions:champions"))
    page = response.content.decode()
    assert "2018年（2名）" in page and "2017年（1名）" in page
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
        (reverse("competitions:champions"), 2),
        (reverse("competitions:enterprise", args=[works.pk]), 5),
    ]:
        with django_assert_max_num_queries(own_queries + LAYOUT):
            page = client.get(url).content.decode()
        assert f'<a href="{person_url}">王建国</a>' in page, url
        assert "2018年市级技术能手" in page, url
