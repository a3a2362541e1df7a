"""Coordinates: GCJ-02 (what Chinese map pickers give) is converted to the WGS-84 we store."""

import pytest

from stations import geo

# A published pair (the coordtransform library's own example): WGS-84 (39.915, 116.404) is
# GCJ-02 (39.91640428150164, 116.41024449916938).
WGS_BEIJING = (39.915, 116.404)
GCJ_BEIJING = (39.91640428150164, 116.41024449916938)
# The same library's one-step inverse of GCJ-02 (39.915, 116.404): good to a few metres.
GCJ_INPUT = (39.915, 116.404)
WGS_APPROX = (39.91359571849836, 116.39775550083061)


def metres(a, b) -> float:
    return geo.distance_m(a[0], a[1], b[0], b[1])


def test_wgs84_to_gcj02_matches_the_published_pair():
    assert metres(geo.wgs84_to_gcj02(*WGS_BEIJING), GCJ_BEIJING) < 0.01


def test_gcj02_to_wgs84_finds_the_published_wgs84_point_again():
    assert metres(geo.gcj02_to_wgs84(*GCJ_BEIJING), WGS_BEIJING) < 0.5


def test_gcj02_to_wgs84_agrees_with_the_usual_approximation_within_a_few_metres():
    assert metres(geo.gcj02_to_wgs84(*GCJ_INPUT), WGS_APPROX) < 5


@pytest.mark.parametrize("point", [(32.0, 120.9), (31.81, 121.66), (32.535, 120.465)])
def test_round_trip_in_the_city_is_exact_to_a_few_centimetres(point):
    there = geo.wgs84_to_gcj02(*point)
    back = geo.gcj02_to_wgs84(*there)
    assert 100 < metres(point, there) < 1000  # the GCJ-02 shift here is a few hundred metres
    assert metres(point, back) < 0.05


def test_outside_china_nothing_is_shifted():
    assert geo.wgs84_to_gcj02(48.8584, 2.2945) == (48.8584, 2.2945)
    assert geo.gcj02_to_wgs84(48.8584, 2.2945) == (48.8584, 2.2945)


def test_distance_of_one_degree_along_the_equator():
    assert geo.distance_m(0, 0, 0, 1) == pytest.approx(111_195, rel=1e-3)


def test_a_readers_position_is_rounded_to_about_a_hundred_metres():
    assert geo.round_position(32.01234567) == 32.012
    assert metres((32.01249, 120.86149), (geo.round_position(32.01249), 120.861)) < 100
