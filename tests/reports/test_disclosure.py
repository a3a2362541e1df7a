"""Complementary suppression: what is published never isolates a group of fewer than 5 people."""

from itertools import combinations

import pytest

from reports.disclosure import publishable_groups


def derivable(total: int, rows) -> set[int]:
    """Every number a reader gets by subtracting published rows from the published total."""
    values = [value for _, _, value in rows]
    sums = {sum(chosen) for n in range(len(values) + 1) for chosen in combinations(values, n)}
    return sums | {total - s for s in sums}


CASES = {
    "one small district among big ones": [("A", 6, 6000), ("B", 7, 7000), ("C", 3, 3333)],
    "hidden ones that are small together": [
        ("A", 6, 6000),
        ("B", 8, 8000),
        ("C", 2, 2222),
        ("D", 2, 2468),
    ],
    "hidden ones that are big enough together": [
        ("A", 6, 6000),
        ("B", 7, 7000),
        ("C", 3, 3331),
        ("D", 2, 2467),
    ],
    "records without a district": [("A", 9, 9000), ("B", 6, 6000), (None, 2, 1999)],
    "one big district and a small one": [("A", 5, 5000), ("B", 4, 4000)],
}


@pytest.mark.parametrize("groups", CASES.values(), ids=CASES.keys())
def test_no_small_group_can_be_recovered_by_subtraction(groups):
    total = sum(value for _, _, value in groups)
    rows = publishable_groups(groups, minimum=5)

    assert all(size >= 5 for _, size, _ in rows)
    assert not rows or sum(value for _, _, value in rows) == total
    # a district, or districts together, of fewer than 5 people must stay out of reach
    protected = {
        sum(value for _, _, value in chosen)
        for n in (1, 2)
        for chosen in combinations(groups, n)
        if sum(size for _, size, _ in chosen) < 5
    }
    assert protected
    assert not protected & derivable(total, rows)


def test_big_districts_stay_shown_and_the_merged_rest_comes_last():
    rows = publishable_groups(
        [("A", 6, 6000), ("B", 7, 7000), ("C", 3, 3000), ("D", 2, 2000)], minimum=5
    )
    assert rows == [("A", 6, 6000), ("B", 7, 7000), ("其他", 5, 5000)]


def test_the_smallest_shown_district_joins_a_rest_that_is_too_small():
    rows = publishable_groups([("A", 9, 9000), ("B", 6, 6000), ("C", 3, 3333)], minimum=5)
    assert rows == [("A", 9, 9000), ("其他", 9, 9333)]


def test_nothing_to_hide_publishes_every_district():
    assert publishable_groups([("A", 5, 5000), ("B", 6, 6000)], minimum=5) == [
        ("A", 5, 5000),
        ("B", 6, 6000),
    ]


def test_a_breakdown_of_a_single_row_is_not_published():
    assert publishable_groups([("A", 5, 5000), ("B", 4, 4000)], minimum=5) == []
    assert publishable_groups([("A", 30, 30000)], minimum=5) == []
