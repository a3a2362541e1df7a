"""Bulk inserts for large spreadsheet imports, on PostgreSQL with COPY.

Kept, rather than Django's ``bulk_create`` and django-simple-history's
``bulk_create_with_history``, because ``bench/import_honours.py`` shows the import target
(5,000 rows/s at 10,000 rows on PostgreSQL) out of reach without it: it times the confirmation
both ways in one run (bench/RESULTS.md). ``QuerySet.bulk_create`` sends every value of every
object through the SQL compiler; for a 10,000-row honours import (about 40,000 rows written with
the history rows, 15 values each) the compiler alone took two thirds of the import.
``bulk_insert`` does the same job for plain models: it decides once per field and per distinct
value how a value becomes a database value (``Field.get_db_prep_save``), and gives each object
its primary key, as ``bulk_create`` does. Like ``bulk_create`` it sends no signals and calls no
``save()``: ``tests/unionportal/test_import_writes.py`` proves that every record every import
writes is stored as ``save()`` would store it, so a rule kept in a ``save()`` cannot be lost
unnoticed.

On PostgreSQL with psycopg2 the rows go in with ``COPY … FROM STDIN`` (``copy_expert`` of the
driver's cursor), which the server parses and checks several times faster than an ``INSERT`` of
the same rows; with another driver (psycopg 3 has another COPY interface) or another database
they go in as multi-row ``INSERT … RETURNING`` statements, and what cannot (multi-table
inheritance, no automatic key) through ``bulk_create`` unchanged.
"""

import datetime
import decimal
import io
import sqlite3
import time
import uuid
from itertools import chain
from operator import itemgetter

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
NoneType = type(None)

#: COPY's text format: a value per column, tab-separated, \N for NULL, backslash escapes
COPY_NULL = "\\N"
COPY_SPECIALS = ("\\", "\n", "\r", "\t")


def _copy_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


#: how a database value of each type is written in COPY's text format; other types (JSON
#: adapters, arrays …) make the rows go in with INSERT instead
COPY_TEXT = {
    str: _copy_escape,
    int: str,
    bool: lambda value: "t" if value else "f",
    float: repr,
    decimal.Decimal: str,
    datetime.datetime: datetime.datetime.isoformat,
    datetime.date: datetime.date.isoformat,
    datetime.time: datetime.time.isoformat,
    uuid.UUID: str,
}


def _db_column(field, values, connection) -> list:
    """One column of Python values as database values.

    Values that already have the plain type pass as they are; others (dates, times, decimals)
    go through the field once per distinct value: an import repeats the same few dates."""
    internal_type = (field.target_field if field.is_relation else field).get_internal_type()
    plain = PLAIN_TYPES.get(internal_type, ())
    if set(map(type, values)) <= {NoneType, *plain}:
        return values
    try:
        prepared = dict.fromkeys(values)
    except TypeError:  # not hashable
        return [
            value
            if value is None or type(value) in plain
            else field.get_db_prep_save(value, connection=connection)
            for value in values
        ]
    for value in prepared:
        if value is None or type(value) in plain:
            prepared[value] = value
        else:
            prepared[value] = field.get_db_prep_save(value, connection=connection)
    return list(map(prepared.__getitem__, values))


def _db_columns(fields, rows, connection) -> list[list]:
    """The rows (tuples of Python values in the order of ``fields``), column by column, as
    database values."""
    return [
        _db_column(field, list(values), connection)
        for field, values in zip(fields, zip(*rows, strict=True), strict=True)
    ]


def _insertable(model, connection) -> bool:
    return connection.features.can_return_rows_from_bulk_insert and _writable(model)


def _writable(model) -> bool:
    meta = model._meta
    return not meta.parents and isinstance(meta.pk, AutoField | BigAutoField | SmallAutoField)


def _fields(model) -> list:
    """The columns an insert writes: every concrete field but the automatic primary key."""
    meta = model._meta
    return [field for field in meta.local_concrete_fields if field is not meta.pk]


def _values_getter(attnames: list[str]):
    """A function giving an object's values of ``attnames`` as a tuple, read from the
    instance's dictionary (a new object holds every field there) without a descriptor call
    per value."""
    get = itemgetter(*attnames)
    single = len(attnames) == 1

    def values(obj) -> tuple:
        try:
            found = get(obj.__dict__)
        except KeyError:  # a deferred field: through its descriptor, which loads it
            return tuple(getattr(obj, attname) for attname in attnames)
        return (found,) if single else found

    return values


def _rows_per_statement(connection, fields, rows, batch_size) -> int:
    """How many rows one INSERT may carry. Django assumes SQLite's old default of 999
    parameters a statement (66 rows of 15 columns); the SQLite Python is built with says what it
    takes (250,000 since SQLite 3.32), and statements of a thousand rows made a 10,000-row
    honours import about a tenth faster."""
    wanted = batch_size or 1000
    getlimit = getattr(connection.connection, "getlimit", None)  # sqlite3, Python >= 3.11
    if connection.vendor == "sqlite" and getlimit is not None:
        parameters = getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return max(1, min(wanted, parameters // max(1, len(fields))))
    return max(1, min(wanted, connection.ops.bulk_batch_size(fields, rows)))


def _insert_rows(model, fields, rows, *, connection, batch_size, returning=True) -> list:
    """INSERT the rows (one tuple of Python values per row, in the order of ``fields``) and,
    with ``returning``, return their new primary keys, in order."""
    meta = model._meta
    quote = connection.ops.quote_name
    db_rows = list(zip(*_db_columns(fields, rows, connection), strict=True))
    columns = ", ".join(quote(field.column) for field in fields)
    table, key = quote(meta.db_table), quote(meta.pk.column)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    suffix = f" RETURNING {key}" if returning else ""
    keys = []
    with connection.cursor() as cursor:
        per_statement = _rows_per_statement(connection, fields, rows, batch_size)
        for start in range(0, len(db_rows), per_statement):
            chunk = db_rows[start : start + per_statement]
            values = ", ".join([row_sql] * len(chunk))
            # Identifiers come from the model's meta and are quoted; every value is a parameter.
            sql = f"INSERT INTO {table} ({columns}) VALUES {values}{suffix}"  # noqa: S608
            cursor.execute(sql, list(chain.from_iterable(chunk)))
            if returning:
                keys.extend(row[0] for row in cursor.fetchall())
    return keys


def _copy_text(kind):
    """How a value of type ``kind`` is written in COPY's text format, or None. A subclass (a
    ``TextChoices`` member is a ``str``, an ``IntegerChoices`` one an ``int``) is written as its
    base value, not as its own ``str()``."""
    for base in kind.__mro__:
        if base in COPY_TEXT:
            if base is not kind and base in (int, float):
                return base.__repr__
            return COPY_TEXT[base]
    return None


def _copy_column(values: list) -> list | None:
    """One column of database values in COPY's text format, or None if a value has a type
    COPY_TEXT does not know. Text without a tab, newline or backslash (nearly all) is kept as
    it is: looking for them in the whole column at once costs far less than escaping each."""
    kinds = set(map(type, values))
    nullable = NoneType in kinds
    kinds.discard(NoneType)
    converters = {kind: _copy_text(kind) for kind in kinds}
    if None in converters.values():
        return None
    if len(converters) != 1:
        return [COPY_NULL if value is None else converters[type(value)](value) for value in values]
    [convert] = converters.values()
    if convert is _copy_escape:
        text = "".join([value for value in values if value is not None] if nullable else values)
        if not any(special in text for special in COPY_SPECIALS):
            convert = None
    if not nullable:
        return values if convert is None else list(map(convert, values))
    if convert is None:
        return [COPY_NULL if value is None else value for value in values]
    return [COPY_NULL if value is None else convert(value) for value in values]


#: (database, table) -> the sequence behind the table's automatic key, or None
_SEQUENCES: dict[tuple[str, str], str | None] = {}


def _sequence(cursor, connection, meta) -> str | None:
    """The name of the sequence the table's key is drawn from, looked up once: asked for on
    every row of ``nextval(pg_get_serial_sequence(…))`` it cost six times the nextval."""
    where = (connection.settings_dict["NAME"], meta.db_table)
    if where not in _SEQUENCES:
        table = connection.ops.quote_name(meta.db_table)
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, meta.pk.column])
        _SEQUENCES[where] = cursor.fetchone()[0]
    return _SEQUENCES[where]


def _copy_rows(model, fields, rows, *, connection, with_keys=False) -> list | None:
    """COPY the rows into the model's table, on PostgreSQL with psycopg2, and return their new
    primary keys, in order (with ``with_keys``: drawn from the table's own sequence first, as
    an INSERT draws them, and written with the rows) or ``[]``. None, having written nothing,
    when the database or a value's type does not allow it."""
    if connection.vendor != "postgresql" or not fields:
        return None
    texts = [_copy_column(column) for column in _db_columns(fields, rows, connection)]
    if None in texts:
        return None
    meta = model._meta
    quote = connection.ops.quote_name
    keys = []
    with connection.cursor() as cursor:
        driver_cursor = cursor.cursor
        if not hasattr(driver_cursor, "copy_expert"):  # psycopg 3 has another COPY interface
            return None
        if with_keys:
            sequence = _sequence(cursor, connection, meta)
            if sequence is None:
                return None
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, len(rows)])
            keys = sorted(row[0] for row in cursor.fetchall())
            fields, texts = [meta.pk, *fields], [list(map(str, keys)), *texts]
        columns = ", ".join(quote(field.column) for field in fields)
        sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        payload = io.StringIO("\n".join(map("\t".join, zip(*texts, strict=True))) + "\n")
        connection.validate_no_broken_transaction()
        started = time.monotonic()
        with connection.wrap_database_errors:
            driver_cursor.copy_expert(sql, payload, size=1 << 20)
        if connection.queries_logged:  # counted like any query (tests pin query counts)
            connection.queries_log.append(
                {"sql": f"{sql} -- {len(rows)} rows", "time": f"{time.monotonic() - started:.3f}"}
            )
    return keys


def _write_rows(model, fields, rows, *, connection, batch_size) -> None:
    """Write rows that need no key back: COPY where possible, else INSERT without RETURNING."""
    if rows and _copy_rows(model, fields, rows, connection=connection) is None:
        _insert_rows(
            model, fields, rows, connection=connection, batch_size=batch_size, returning=False
        )


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
    for obj in objects:
        if obj.pk is not None:
            raise ValueError(f"bulk_insert: {obj!r} already has a primary key.")
        values = obj.__dict__
        for field in relations:
            # As save() does: a related object saved since it was assigned gives its key. Read
            # from the field's cache (FieldCacheMixin.get_cached_value): no query either way.
            related = field.get_cached_value(obj, default=None)
            if related is not None:
                if related.pk is None:
                    raise ValueError(f"bulk_insert: {field.name} of {obj!r} is not saved.")
                if values.get(field.attname) != related.pk:
                    # through the object, so that it stays cached on obj
                    setattr(obj, field.name, related)
        for attname, value in stamped:
            values[attname] = value
        for field in files:
            if not isinstance(values.get(field.attname), str):  # a stored name needs no save
                field.pre_save(obj, add=True)
    rows = list(map(_values_getter([field.attname for field in fields]), objects))

    keys = _copy_rows(model, fields, rows, connection=connection, with_keys=True)
    if keys is None:
        keys = _insert_rows(model, fields, rows, connection=connection, batch_size=batch_size)
    pk_attname = model._meta.pk.attname
    for obj, key in zip(objects, keys, strict=True):
        obj.__dict__[pk_attname] = key
        obj._state.adding = False
        obj._state.db = alias
    return objects


def bulk_insert_values(
    model, attnames: list[str], rows: list[tuple], *, batch_size: int | None = 1000
) -> None:
    """Insert rows of ``model`` given as tuples of values, in the order of ``attnames``, for
    records nobody needs as objects or keys afterwards (admin log entries). ``attnames`` must
    name every column but the automatic primary key: no default is filled in."""
    if not rows:
        return
    fields = {field.attname: field for field in _fields(model)}
    if sorted(attnames) != sorted(fields):
        raise ValueError(f"bulk_insert_values: give exactly the columns {sorted(fields)}.")
    connection = connections[router.db_for_write(model)]
    if not _writable(model):
        objects = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=batch_size)
        return
    ordered = [fields[attname] for attname in attnames]
    _write_rows(model, ordered, rows, connection=connection, batch_size=batch_size)


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
    if not _writable(historical_model):
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
    # The columns in an order of our own: the tracked values read from each object, then the
    # same history values for every row.
    copied = [field for field in fields if field.attname not in given]
    constant = [field for field in fields if field.attname in given]
    tail = tuple(given[field.attname] for field in constant)
    get = _values_getter([field.attname for field in copied])
    rows = [get(obj) + tail for obj in objects]
    _write_rows(
        historical_model, copied + constant, rows, connection=connection, batch_size=batch_size
    )
    return objects
