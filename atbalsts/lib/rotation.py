"""Re-encrypt every encrypted column of every model under the newest field key."""

from __future__ import annotations

from django.apps import apps
from django.db import connection, transaction

from .crypto import EncryptedTextField, rotate


def encrypted_columns() -> list[tuple[type, str]]:
    out = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
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
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {qn(pk)}, {qn(column)} FROM {qn(table)} "  # noqa: S608 — names from model meta
                    f"WHERE {qn(column)} IS NOT NULL AND {qn(column)} <> ''"
                )
                rows = cursor.fetchall()
            for start in range(0, len(rows), batch):
                chunk = [(rotate(value), key) for key, value in rows[start : start + batch]]
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE {qn(pk)} = %s",  # noqa: S608
                        chunk,
                    )
                done += len(chunk)
            counts[f"{table}.{column}"] = done
    return counts
