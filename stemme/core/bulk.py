"""Fast bulk INSERT for large, trusted row sets (demo data, derived obligations).

``bulk_create`` builds a model instance per row and, on SQLite, splits inserts into statements
of at most 999 parameters; for hundreds of thousands of rows that dominates the time. Here the
values go straight to ``executemany`` (SQLite) or ``COPY`` (PostgreSQL), converted per column
the same way ``Field.get_db_prep_save`` would. Only for rows the caller has already validated.
"""

import functools
from collections.abc import Callable, Iterable, Sequence

from django.db import connections, models, router


def _converter(field: models.Field, db) -> Callable | None:
    """How a Python value becomes a database parameter for ``db``; None when it goes as it is.

    The same conversions as ``field.get_db_prep_save``, looked up once per column instead of
    once per value (half a million rows make the lookups the slowest part of the write).
    """
    if field.is_relation:
        field = field.target_field
    ops = db.ops
    if isinstance(field, models.DateTimeField):
        adapt = ops.adapt_datetimefield_value
    elif isinstance(field, models.DateField):
        adapt = ops.adapt_datefield_value
    elif isinstance(field, models.UUIDField):
        if db.features.has_native_uuid_field:
            return None
        return lambda value: None if value is None else value.hex
    elif isinstance(field, models.JSONField):
        return functools.partial(ops.adapt_json_value, encoder=field.encoder)
    elif isinstance(
        field, models.CharField | models.TextField | models.BooleanField | models.IntegerField
    ):
        return None
    else:  # anything else goes the ORM's way
        return functools.partial(field.get_db_prep_save, connection=db)
    return lambda value: None if value is None else adapt(value)


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[tuple],
    *,
    batch_size: int = 900,
) -> int:
    """INSERT ``rows`` (values in the order of ``columns``, model field names); returns the count.

    PostgreSQL loads them with COPY, other databases with executemany in batches.
    """
    db = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in columns]
    converted = [
        (index, fn)
        for index, fn in enumerate(_converter(field, db) for field in fields)
        if fn is not None
    ]

    def prepared() -> Iterable[tuple]:
        for row in rows:
            if converted:
                row = list(row)
                for index, fn in converted:
                    row[index] = fn(row[index])
            yield tuple(row)

    quote = db.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in fields)
    count = 0
    with db.cursor() as cursor:
        if db.vendor == "postgresql":  # PostgreSQL's bulk load: several times faster
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in prepared():
                    copy.write_row(row)
                    count += 1
            return count
        # Only quoted table and column names go into the text; the values are parameters.
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
        batch: list[tuple] = []
        for row in prepared():
            batch.append(row)
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
