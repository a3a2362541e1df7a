"""Coordinates: WGS-84 is stored; GCJ-02 (what Chinese map pickers give) is converted on entry.

GCJ-02 is WGS-84 shifted by a published, deterministic offset (Krasovsky ellipsoid constants and
two trigonometric series). Going from WGS-84 to GCJ-02 is the formula itself; the way back has no
closed form, so ``gcj02_to_wgs84`` inverts it by fixed-point iteration, which converges to well
under a metre in a few steps. Outside mainland China no offset applies.
"""

import math

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG), for distances
_KRASOVSKY_A = 6_378_245.0
_KRASOVSKY_EE = 0.00669342162296594323


def out_of_china(lat: float, lng: float) -> bool:
    """The rough box GCJ-02 applies to (mainland China and its seas)."""
    return not (0.8293 <= lat <= 55.8271 and 72.004 <= lng <= 137.8347)


def _offset_lat(x: float, y: float) -> float:
    value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    value += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    value += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2 / 3
    return value


def _offset_lng(x: float, y: float) -> float:
    value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    value += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    value += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    return value


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    """(lat, lng) in WGS-84 → (lat, lng) in GCJ-02."""
    if out_of_china(lat, lng):
        return lat, lng
    d_lat = _offset_lat(lng - 105.0, lat - 35.0)
    d_lng = _offset_lng(lng - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _KRASOVSKY_EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / (
        (_KRASOVSKY_A * (1 - _KRASOVSKY_EE)) / (magic * sqrt_magic) * math.pi
    )
    d_lng = (d_lng * 180.0) / (_KRASOVSKY_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lat + d_lat, lng + d_lng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """(lat, lng) in GCJ-02 → (lat, lng) in WGS-84, to a few centimetres."""
    if out_of_china(lat, lng):
        return lat, lng
    guess_lat, guess_lng = lat, lng
    for _ in range(10):
        shifted_lat, shifted_lng = wgs84_to_gcj02(guess_lat, guess_lng)
        error_lat, error_lng = shifted_lat - lat, shifted_lng - lng
        guess_lat, guess_lng = guess_lat - error_lat, guess_lng - error_lng
        if abs(error_lat) < 1e-9 and abs(error_lng) < 1e-9:
            break
    return guess_lat, guess_lng


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine), the same formula the finder's SQL uses."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lng2 - lng1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def round_position(value: float) -> float:
    """A reader's coordinate rounded to 0.001° (about 100 m): close enough to sort by distance,
    coarse enough that neighbours share a cached page and the address says little about them."""
    return round(value, 3)
