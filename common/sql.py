"""Plain SQL, for the few questions on a hot path that the ORM answers measurably slower.

Every query written this way goes through here, so that its tables are always named as the
models name them and quoted for the database, and it says where it was measured
(`python -m bench sql`, bench/sql.py).
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model


def select_one(sql: str, params: Sequence = (), **tables: type[Model] | str) -> tuple:
    """The one row a SELECT returns. `{name}` in `sql` stands for the table of `tables[name]`
    (a model, or a table's own name), quoted; values go in `params`, never into `sql`."""
    with connection.cursor() as cursor:
        cursor.execute(_with_tables(sql, tables), params)
        return cursor.fetchone()


def select_all(sql: str, params: Sequence = (), **tables: type[Model] | str) -> list[tuple]:
    """Every row a SELECT returns; `sql`, `params` and `tables` as for select_one."""
    with connection.cursor() as cursor:
        cursor.execute(_with_tables(sql, tables), params)
        return cursor.fetchall()


def _with_tables(sql: str, tables: dict) -> str:
    quote = connection.ops.quote_name
    return sql.format(
        **{
            name: quote(table if isinstance(table, str) else table._meta.db_table)
            for name, table in tables.items()
        }
    )
