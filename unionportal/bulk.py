"""Bulk inserts for large spreadsheet imports, without Django's per-value SQL compiler.

``QuerySet.bulk_create`` sends every value of every object through the SQL compiler. For a
10,000-row honours import (about 40,000 rows written with the history rows, 15 values each) the
compiler alone took two thirds of the import (bench/RESULTS.md). ``bulk_insert`` does the same
job for plain models: it decides once per field how a value becomes a database value, writes
multi-row ``INSERT … RETURNING`` statements, and gives each object its primary key, as
``bulk_create`` does. Like ``bulk_create`` it sends no signals and calls no ``save()``.

It covers what the import models are: concrete fields, an automatic primary key, no
multi-table inheritance. Anything else, and databases that cannot return the new keys of a
multi-row insert, go through ``bulk_create`` unchanged.
"""

from django.conf import settings
from django.db import connections, router
from django.db.models import AutoField, BigAutoField, FileField, SmallAutoField
from django.utils import timezone

#: internal types whose Python value is already the database value, when it has this type
PLAIN_TYPES = {
    "AutoField": (int,),
    "BigAutoField": (int,),
    "SmallAutoField": (int,),
    "IntegerField": (int,),
    "BigIntegerField": (int,),
    "SmallIntegerField": (int,),
    "PositiveIntegerField": (int,),
    "PositiveBigIntegerField": (int,),
    "PositiveSmallIntegerField": (int,),
    "BooleanField": (bool,),
    "CharField": (str,),
    "TextField": (str,),
    "SlugField": (str,),
    "EmailField": (str,),
}


def _converter(field, connection):
    """A function turning the field's Python value into the database value.

    Values that already have the plain type pass as they are; others (dates, times, decimals)
    go through the field, once per distinct value: an import repeats the same few dates."""
    internal_type = (field.target_field if field.is_relation else field).get_internal_type()
    plain = PLAIN_TYPES.get(internal_type, ())
    prepared = {}

    def convert(value):
        if value is None or type(value) in plain:
            return value
        try:
            return prepared[value]
        except KeyError:
            result = prepared[value] = field.get_db_prep_save(value, connection=connection)
            return result
        except TypeError:  # not hashable
            return field.get_db_prep_save(value, connection=connection)

    return convert


def _insertable(model, connection) -> bool:
    meta = model._meta
    return (
        connection.features.can_return_rows_from_bulk_insert
        and not meta.parents
        and isinstance(meta.pk, AutoField | BigAutoField | SmallAutoField)
    )


def _fields(model) -> list:
    """The columns an insert writes: every concrete field but the automatic primary key."""
    meta = model._meta
    return [field for field in meta.local_concrete_fields if field is not meta.pk]


def _insert_rows(model, fields, rows, *, connection, batch_size) -> list:
    """INSERT the rows (one tuple of Python values per row, in the order of ``fields``) and
    return their new primary keys, in order."""
    meta = model._meta
    quote = connection.ops.quote_name
    converters = [_converter(field, connection) for field in fields]
    columns = ", ".join(quote(field.column) for field in fields)
    table, key = quote(meta.db_table), quote(meta.pk.column)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, min(batch_size or 1000, connection.ops.bulk_batch_size(fields, rows)))
    keys = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [
                convert(value)
                for row in chunk
                for convert, value in zip(converters, row, strict=True)
            ]
            values = ", ".join([row_sql] * len(chunk))
            # Identifiers come from the model's meta and are quoted; every value is a parameter.
            sql = f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {key}"  # noqa: S608
            cursor.execute(sql, params)
            keys.extend(row[0] for row in cursor.fetchall())
    return keys


def bulk_insert(model, objects: list, *, batch_size: int | None = 1000) -> list:
    """Insert the new (unsaved) ``objects`` of ``model``; each gets its primary key."""
    if not objects:
        return objects
    alias = router.db_for_write(model)
    connection = connections[alias]
    if not _insertable(model, connection):
        return model._default_manager.bulk_create(objects, batch_size=batch_size)

    fields = _fields(model)
    relations = [field for field in fields if field.is_relation]
    # auto_now(_add) fields: one timestamp for the whole insert, taken as save() takes it
    stamped = [
        (field.attname, field.pre_save(objects[0], add=True))
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    # a file field's pre_save stores a newly assigned file, as save() would
    files = [field for field in fields if isinstance(field, FileField)]
    attnames = [field.attname for field in fields]
    rows = []
    for obj in objects:
        if obj.pk is not None:
            raise ValueError(f"bulk_insert: {obj!r} already has a primary key.")
        for field in relations:
            # As save() does: a related object saved since it was assigned gives its key.
            if field.is_cached(obj):
                related = field.get_cached_value(obj)
                if related is not None:
                    if related.pk is None:
                        raise ValueError(f"bulk_insert: {field.name} of {obj!r} is not saved.")
                    if getattr(obj, field.attname) != related.pk:
                        # through the object, so that it stays cached on obj
                        setattr(obj, field.name, related)
        for attname, value in stamped:
            setattr(obj, attname, value)
        for field in files:
            field.pre_save(obj, add=True)
        rows.append(tuple(getattr(obj, attname) for attname in attnames))

    keys = _insert_rows(model, fields, rows, connection=connection, batch_size=batch_size)
    for obj, key in zip(objects, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = alias
    return objects


def bulk_insert_with_history(
    model, objects: list, *, user=None, reason: str = "", batch_size: int | None = 1000
) -> list:
    """``bulk_insert`` the objects, then one django-simple-history "created" row for each, with
    the values ``simple_history.utils.bulk_create_with_history`` gives them."""
    bulk_insert(model, objects, batch_size=batch_size)
    if not objects or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return objects
    historical_model = model.history.model
    connection = connections[router.db_for_write(historical_model)]
    if not _insertable(historical_model, connection):
        model.history.bulk_history_create(
            objects, batch_size=batch_size, default_user=user, default_change_reason=reason
        )
        return objects
    given = {
        "history_date": timezone.now(),
        "history_user_id": user.pk if user is not None else None,
        "history_change_reason": reason,
        "history_type": "+",
    }
    fields = _fields(historical_model)
    tracked = {field.attname for field in historical_model.tracked_fields}
    unknown = [f.attname for f in fields if f.attname not in given and f.attname not in tracked]
    if unknown:
        raise ValueError(f"bulk_insert_with_history: no value for {unknown}.")
    getters = [
        (lambda obj, value=given[f.attname]: value)
        if f.attname in given
        else (lambda obj, attname=f.attname: getattr(obj, attname))
        for f in fields
    ]
    rows = [tuple(get(obj) for get in getters) for obj in objects]
    _insert_rows(historical_model, fields, rows, connection=connection, batch_size=batch_size)
    return objects
