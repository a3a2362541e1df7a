"""Which groups of a published total may be shown on their own (statistical disclosure control).

A group of fewer than ``minimum`` people is never shown on its own. Hiding it is not enough when
the total is published beside the breakdown: the hidden value is the total minus the groups shown
(9000 − 5000 = 4000). So the hidden groups are merged into one “其他” row, and when that row is
itself too small, the smallest shown groups join it until it is not (complementary suppression).
The rows published then always add up to the total, and none of them is a small group, alone or
together with other hidden ones: no subtraction of published numbers isolates a small group.
"""

from collections.abc import Iterable
from typing import NamedTuple

OTHER_GROUP = "其他"


class Group(NamedTuple):
    name: str | None  # None: records without a group (no district); never shown on their own
    size: int  # the people in it, which decides whether it may be shown
    value: object  # what is published (yuan, a count); supports +


def publishable_groups(
    groups: Iterable[tuple], *, minimum: int, other: str = OTHER_GROUP
) -> list[Group]:
    """The groups to publish, in their order, with hidden ones merged into a last ``other`` row.

    Every row returned has at least ``minimum`` people; the rows add up to all the groups given.
    Returns [] when fewer than two rows would remain: a single row is the total itself, and
    showing it as a "breakdown" tells nothing.
    """
    shown, hidden = [], []
    for group in map(Group._make, groups):
        if group.name and group.size >= minimum:
            shown.append(group)
        elif group.size or group.value:  # an empty group hides nothing and adds nothing
            hidden.append(group)
    if hidden:
        while sum(group.size for group in hidden) < minimum and shown:
            smallest = min(shown, key=lambda group: (group.size, group.value))
            shown.remove(smallest)
            hidden.append(smallest)
        merged = Group(
            other,
            sum(group.size for group in hidden),
            sum((group.value for group in hidden[1:]), start=hidden[0].value),
        )
        shown.append(merged)
    return shown if len(shown) >= 2 else []
