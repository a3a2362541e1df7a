"""Writes of the rights app: a record saved or deleted by a union's staff (the union's scope
checked, the record validated, the years whose figures it touches marked for the rollup)."""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from organizations.selectors import user_may_act_for
from reports.services import counted_record_delete, counted_record_save
from rights.models import (
    CollectiveContract,
    LegalServiceActivity,
    MonitoringSample,
    SupervisionVisit,
)


def union_of(record: models.Model):
    """The union that entered the record (an activity is its team's)."""
    if isinstance(record, LegalServiceActivity):
        return record.team.union if record.team_id else None
    return record.union if record.union_id else None


def figure_years(record: models.Model) -> list[int]:
    """The years whose figures the record counts in."""
    if isinstance(record, CollectiveContract):
        if record.valid_from is None or record.valid_to is None:
            return []
        return list(range(record.valid_from.year, record.valid_to.year + 1))
    if isinstance(record, MonitoringSample):
        return [record.year] if record.year else []
    if isinstance(record, SupervisionVisit):
        return [record.visited_on.year] if record.visited_on else []
    if isinstance(record, LegalServiceActivity):
        return [record.held_on.year] if record.held_on else []
    return []


def _check_scope(record: models.Model, user) -> None:
    """A user acting for some unions keeps only their records (what the union's staff enter);
    no user (a management command) keeps any."""
    union = union_of(record)
    if user is not None and union is not None and not user_may_act_for(user, union):
        raise PermissionDenied("只能维护本工会（及下属工会）报送的记录。")


@transaction.atomic
def rights_record_save(*, record: models.Model, user=None) -> models.Model:
    """Create or update a rights record for the union the user acts for; raises
    ``PermissionDenied`` (Chinese) for another union's record, ``ValidationError`` when the
    record breaks a rule."""
    _check_scope(record, user)
    return counted_record_save(record=record, figure_years=figure_years)


@transaction.atomic
def rights_record_delete(*, record: models.Model, user=None) -> None:
    _check_scope(record, user)
    counted_record_delete(record=record, figure_years=figure_years)
