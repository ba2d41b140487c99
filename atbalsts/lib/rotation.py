"""Re-encrypt every encrypted column of every model under the newest field key."""

from __future__ import annotations

from django.apps import apps
from django.db import connection, transaction

from .crypto import EncryptedBinaryField, EncryptedTextField, rotate, rotate_bytes


def encrypted_columns() -> list[tuple[type, str]]:
    out = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, (EncryptedTextField, EncryptedBinaryField)):
                out.append((model, field.column))
    return out


def reencrypt_all(batch: int = 1000) -> dict[str, int]:
    """Rewrite each stored ciphertext with the first key. Returns values rewritten per table.

    Reads and writes the raw column, so nothing is ever decrypted into Python objects beyond
    the Fernet call itself. One transaction: either every value is under the new key or none.
    """
    counts: dict[str, int] = {}
    qn = connection.ops.quote_name
    with transaction.atomic():
        for model, column in encrypted_columns():
            table = model._meta.db_table
            pk = model._meta.pk.column
            done = 0
            binary = isinstance(model._meta.get_field(_field_named(model, column)), EncryptedBinaryField)
            again = rotate_bytes if binary else rotate
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {qn(pk)}, {qn(column)} FROM {qn(table)} "  # noqa: S608 — names from model meta
                    + (f"WHERE {qn(column)} IS NOT NULL" if binary else
                       f"WHERE {qn(column)} IS NOT NULL AND {qn(column)} <> ''")
                )
                rows = cursor.fetchall()
            for start in range(0, len(rows), batch):
                chunk = [(again(value), key) for key, value in rows[start : start + batch]]
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE {qn(pk)} = %s",  # noqa: S608
                        chunk,
                    )
                done += len(chunk)
            counts[f"{table}.{column}"] = done
    return counts


def _field_named(model, column: str) -> str:
    return next(f.name for f in model._meta.concrete_fields if f.column == column)
