"""Writes of the welfare app: records saved or deleted by a union's staff (the union's scope
checked, the years whose figures they touch marked for the rollup), a ledger line with the
values of its kind's measures, and the access log of personal data."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from organizations.selectors import user_may_act_for
from reports.services import (
    counted_record_delete,
    counted_record_save,
    figures_changed,
    stored_figure_years,
)
from welfare.models import (
    Certificate,
    DegreeStudent,
    EventEdition,
    HousedFamily,
    LedgerLine,
    LedgerValue,
    Measure,
    PersonalDataAccess,
    RecuperationBatch,
    RecuperationParticipant,
)

SENSITIVE_PERMISSION = "welfare.view_sensitive"
REFUSED = "只能维护本工会（及下属工会）报送的记录。"


def union_of(record: models.Model):
    if isinstance(record, RecuperationParticipant):
        return record.batch.union if record.batch_id else None
    if isinstance(record, LedgerValue):
        return record.line.union
    union_id = getattr(record, "union_id", None)
    return record.union if union_id else None


def _years_from(start: datetime.date | None, end: datetime.date | None) -> list[int]:
    if start is None:
        return []
    last = max(end.year if end else timezone.localdate().year, start.year)
    return list(range(start.year, last + 1))


def figure_years(record: models.Model) -> list[int]:
    """The years whose figures the record counts in."""
    if isinstance(record, LedgerLine):
        return [record.held_on.year] if record.held_on else []
    if isinstance(record, RecuperationBatch):
        return [record.starts_on.year] if record.starts_on else []
    if isinstance(record, RecuperationParticipant):
        return figure_years(record.batch) if record.batch_id else []
    if isinstance(record, Certificate):
        return [record.obtained_on.year] if record.obtained_on else []
    if isinstance(record, HousedFamily):
        return [record.keys_received_on.year] if record.keys_received_on else []
    if isinstance(record, DegreeStudent):
        return _years_from(record.enrolled_on, record.left_on)
    if isinstance(record, EventEdition):  # an edition counts in every later year's edition
        return list(range(record.year, max(record.year, timezone.localdate().year) + 1))
    return []


def _check_scope(record, user) -> None:
    union = union_of(record)
    if user is not None and union is not None and not user_may_act_for(user, union):
        raise PermissionDenied(REFUSED)


@transaction.atomic
def welfare_record_save(*, record: models.Model, user=None) -> models.Model:
    """Create or update a welfare record for the union the user acts for."""
    _check_scope(record, user)
    return counted_record_save(record=record, figure_years=figure_years)


@transaction.atomic
def welfare_record_delete(*, record: models.Model, user=None) -> None:
    _check_scope(record, user)
    counted_record_delete(record=record, figure_years=figure_years)


def ledger_values_check(
    *, line: LedgerLine, values: dict[Measure, Decimal | None]
) -> dict[Measure, Decimal]:
    """The values a line keeps: its kind's measures only, required ones given, each one valid.
    Raises a ``ValidationError`` keyed by measure code."""
    errors: dict[str, list[str]] = {}
    kept = {}
    for measure, value in values.items():
        if measure.kind_id != line.kind_id:
            errors.setdefault(measure.code, []).append(
                "“%s”不是“%s”的统计项。" % (measure.name, line.kind.name)
            )
            continue
        if value is None:
            if measure.required:
                errors.setdefault(measure.code, []).append("必须填写“%s”。" % measure.name)
            continue
        try:
            measure.value_check(Decimal(value))
        except ValidationError as exc:
            errors.setdefault(measure.code, []).extend(exc.messages)
            continue
        kept[measure] = Decimal(value)
    if errors:
        raise ValidationError(errors)
    return kept


@transaction.atomic
def ledger_line_save(
    *, line: LedgerLine, values: dict[Measure, Decimal | None], user=None
) -> LedgerLine:
    """Create or update a ledger line with the values of its kind's measures (a measure left
    out or blank has no value on the line)."""
    _check_scope(line, user)
    kept = ledger_values_check(line=line, values=values)
    previous = stored_figure_years(line, figure_years)
    line.full_clean()
    line.save()
    LedgerValue.objects.filter(line=line).exclude(measure__in=list(kept)).delete()
    for measure, value in kept.items():
        LedgerValue.objects.update_or_create(line=line, measure=measure, defaults={"value": value})
    figures_changed(years=[*previous, *figure_years(line)])
    return line


def user_sees_sensitive(user) -> bool:
    return bool(user and user.has_perm(SENSITIVE_PERMISSION))


def personal_data_access_record(
    *, user, records: Iterable[models.Model], action: str
) -> list[PersonalDataAccess]:
    """One access-log row per record whose full numbers ``user`` saw or exported."""
    rows = [
        PersonalDataAccess(
            user=user,
            username=user.get_username(),
            record_type=record._meta.model_name,
            record_id=record.pk,
            record_label=str(record)[:100],
            action=action,
        )
        for record in {(type(r), r.pk): r for r in records}.values()
    ]
    return PersonalDataAccess.objects.bulk_create(rows)
