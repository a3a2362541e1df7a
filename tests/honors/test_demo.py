import pytest

from honors import demo, figures
from honors.models import Honour, HonourType, Person
from organizations.models import Organization

pytestmark = pytest.mark.django_db

EXPECTED_2018 = {
    "federation_honours_city_plus": 27,
    "provincial_plus_may_day_awards": 28,
    "provincial_plus_pioneer_teams": 35,
    "municipal_may_day_awards": 134,
    "municipal_pioneer_teams": 80,
    "moral_models": 5,
    "reading_rooms_national": 5,
    "reading_rooms_provincial": 8,
    "reading_rooms_most_beautiful": 1,
    "reading_enterprises_new": 10,
    "reading_rooms_municipal_new": 29,
    "ten_best_streak_years": 15,
}


def all_figures(year):
    return {
        **figures.honours_of_the_year(year),
        **figures.reading_of_the_year(year),
        **figures.ten_best_streak(year),
    }


def test_the_demo_gives_exactly_the_2018_figures_of_the_annual_review():
    demo.seed()
    assert all_figures(2018) == EXPECTED_2018


def test_the_other_years_have_smaller_plausible_records():
    demo.seed()
    for year in (2016, 2017, 2019):
        values = all_figures(year)
        assert 0 < values["municipal_may_day_awards"] < 134 * 1.01
        assert values["federation_honours_city_plus"] > 0
    assert all_figures(2019)["ten_best_streak_years"] == 16
    assert all_figures(2003)["ten_best_streak_years"] == 0


def test_a_second_seed_adds_nothing(django_assert_max_num_queries):
    demo.seed()
    counts = [model.objects.count() for model in (Honour, Person, Organization, HonourType)]
    with django_assert_max_num_queries(40):
        demo.seed()
    assert [model.objects.count() for model in (Honour, Person, Organization, HonourType)] == counts


def test_the_demo_has_model_workers_with_and_without_photo_consent():
    demo.seed()
    workers = Person.objects.model_workers()
    assert workers.count() >= 20
    assert workers.filter(photo_consent=True).exists()
    assert workers.filter(photo_consent=False).exists()
