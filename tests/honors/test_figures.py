"""Each honours figure is computed from the records, and moves when a record changes."""

import datetime

import pytest

from honors import codes, figures
from honors.models import FederationRecognition, Honour, ModelWorkerActivity
from reports.registry import registry
from tests.honors.factories import HonourFactory, honour_type

pytestmark = pytest.mark.django_db

Level = Honour.Level
HONOURS_KEYS = {
    "federation_honours_city_plus",
    "provincial_plus_may_day_awards",
    "provincial_plus_pioneer_teams",
    "municipal_may_day_awards",
    "municipal_pioneer_teams",
    "moral_models",
}
FEDERATION_WORK_KEYS = {
    "provincial_meetings_hosted",
    "experiences_promoted",
    "model_worker_activities",
}
READING_KEYS = {
    "reading_rooms_national",
    "reading_rooms_provincial",
    "reading_rooms_most_beautiful",
    "reading_enterprises_new",
    "reading_rooms_municipal_new",
}


def test_the_honours_figures_are_registered_for_the_annual_review():
    keys = {figure.key for figure in registry.figures() if figure.owner == "honors"}
    assert keys == HONOURS_KEYS | READING_KEYS | FEDERATION_WORK_KEYS | {"ten_best_streak_years"}
    assert registry.get("reading_rooms_national").theme == "reading"
    assert registry.get("moral_models").theme == "honours"


def test_each_group_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        figures.honours_of_the_year(2018)
    with django_assert_num_queries(1):
        figures.reading_of_the_year(2018)
    with django_assert_num_queries(1):
        figures.ten_best_streak(2018)


def test_federation_honours_count_municipal_level_and_above_of_the_year():
    HonourFactory(federation=True, level=Level.NATIONAL)
    HonourFactory(federation=True, level=Level.MUNICIPAL)
    HonourFactory(federation=True, level=Level.COUNTY)  # below municipal
    HonourFactory(federation=True, level=Level.MUNICIPAL, year=2017)  # another year
    HonourFactory(collective=True, level=Level.NATIONAL)  # not the federation
    moved = HonourFactory(federation=True, level=Level.PROVINCIAL)
    assert figures.honours_of_the_year(2018)["federation_honours_city_plus"] == 3

    moved.level = Level.COUNTY
    moved.save()
    assert figures.honours_of_the_year(2018)["federation_honours_city_plus"] == 2


def test_may_day_awards_add_medals_and_certificates_by_level():
    HonourFactory(level=Level.NATIONAL)  # medal, individual
    HonourFactory(level=Level.PROVINCIAL)
    HonourFactory(collective=True, level=Level.PROVINCIAL)  # certificate, collective
    HonourFactory(level=Level.MUNICIPAL)
    HonourFactory(collective=True, level=Level.MUNICIPAL)
    HonourFactory(collective=True, level=Level.COUNTY)
    HonourFactory(honour_type=honour_type(codes.SKILL_EXPERT), level=Level.PROVINCIAL)
    values = figures.honours_of_the_year(2018)
    assert values["provincial_plus_may_day_awards"] == 3
    assert values["municipal_may_day_awards"] == 2

    changed = HonourFactory(level=Level.MUNICIPAL)
    changed.level = Level.PROVINCIAL
    changed.save()
    values = figures.honours_of_the_year(2018)
    assert values["provincial_plus_may_day_awards"] == 4
    assert values["municipal_may_day_awards"] == 2


def test_pioneer_teams_by_level():
    pioneer = honour_type(codes.PIONEER_TEAM)
    HonourFactory(collective=True, honour_type=pioneer, level=Level.NATIONAL)
    HonourFactory(collective=True, honour_type=pioneer, level=Level.PROVINCIAL)
    municipal = HonourFactory(collective=True, honour_type=pioneer, level=Level.MUNICIPAL)
    values = figures.honours_of_the_year(2018)
    assert values["provincial_plus_pioneer_teams"] == 2
    assert values["municipal_pioneer_teams"] == 1

    municipal.year = 2019
    municipal.save()
    assert figures.honours_of_the_year(2018)["municipal_pioneer_teams"] == 0
    assert figures.honours_of_the_year(2019)["municipal_pioneer_teams"] == 1


def test_moral_models_count_workers():
    moral = honour_type(codes.MORAL_MODEL_DEDICATION)
    first = HonourFactory(honour_type=moral, level=Level.MUNICIPAL)
    HonourFactory(honour_type=moral, level=Level.MUNICIPAL)
    assert figures.honours_of_the_year(2018)["moral_models"] == 2
    first.delete()
    assert figures.honours_of_the_year(2018)["moral_models"] == 1


@pytest.mark.parametrize(
    ("code", "level", "key"),
    [
        (codes.READING_ROOM_DEMO, Level.NATIONAL, "reading_rooms_national"),
        (codes.READING_ROOM_DEMO, Level.PROVINCIAL, "reading_rooms_provincial"),
        (codes.MOST_BEAUTIFUL_READING_ROOM, Level.PROVINCIAL, "reading_rooms_most_beautiful"),
        (codes.READING_ENTERPRISE, Level.MUNICIPAL, "reading_enterprises_new"),
        (codes.READING_ROOM, Level.MUNICIPAL, "reading_rooms_municipal_new"),
    ],
)
def test_each_reading_figure_counts_its_type_and_level(code, level, key):
    counted = HonourFactory(collective=True, honour_type=honour_type(code), level=level)
    HonourFactory(collective=True, honour_type=honour_type(code), level=Level.COUNTY)
    HonourFactory(collective=True, honour_type=honour_type(code), level=level, year=2017)
    values = figures.reading_of_the_year(2018)
    assert values[key] == 1
    assert sum(values.values()) == 1

    counted.delete()
    assert figures.reading_of_the_year(2018)[key] == 0


def test_the_ten_best_streak_counts_unbroken_years_up_to_the_year():
    ten_best = honour_type(codes.TEN_BEST_CIVILISED_WORKER)
    for year in [2010, 2012, 2013, 2014]:
        HonourFactory(honour_type=ten_best, year=year)
    HonourFactory(honour_type=ten_best, year=2014)  # two in one year count once
    assert figures.ten_best_streak(2014) == {"ten_best_streak_years": 3}
    assert figures.ten_best_streak(2015) == {"ten_best_streak_years": 0}

    HonourFactory(honour_type=ten_best, year=2011)  # the gap is filled
    assert figures.ten_best_streak(2014) == {"ten_best_streak_years": 5}


def test_the_federations_own_work_counts_provincial_recognitions_and_activities_of_the_year(
    django_assert_num_queries,
):
    Kind = FederationRecognition.Kind

    def recognition(kind, level, year=2018, title="现场会"):
        FederationRecognition.objects.create(kind=kind, level=level, year=year, title=title)

    recognition(Kind.MEETING_HOSTED, Level.PROVINCIAL, title="全省书屋现场会")
    recognition(Kind.MEETING_HOSTED, Level.NATIONAL, title="全国帮扶现场会")
    recognition(Kind.MEETING_HOSTED, Level.MUNICIPAL, title="全市现场会")  # below provincial
    recognition(Kind.EXPERIENCE_PROMOTED, Level.PROVINCIAL, title="集体协商经验")
    recognition(Kind.EXPERIENCE_PROMOTED, Level.PROVINCIAL, year=2017, title="集体协商经验")
    for day in (1, 2, 3):
        ModelWorkerActivity.objects.create(
            title="劳模进校园", held_on=datetime.date(2018, 5, day), organiser="市劳模党支部"
        )
    ModelWorkerActivity.objects.create(
        title="劳模进校园", held_on=datetime.date(2019, 1, 1), organiser="市劳模党支部"
    )

    with django_assert_num_queries(1):
        assert figures.federation_recognitions(2018) == {
            "provincial_meetings_hosted": 2,
            "experiences_promoted": 1,
        }
    with django_assert_num_queries(1):
        assert figures.model_worker_activities(2018) == {"model_worker_activities": 3}
