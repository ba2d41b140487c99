"""A migration step that carries plaintext columns into ciphertext, and back when reversed.

Used right after an ``AlterField`` that turns a plain column into one of the encrypted fields of
``crypto``. It works on the raw column (the historical model's field would try to decrypt the
plaintext and fail), one table at a time, inside the migration's transaction.

Kinds: ``text`` (any string), ``json`` (a JSON value), ``bool`` (a yes/no), ``date`` (ISO date).
Reversing writes the plaintext back in the form the earlier column type reads on SQLite and
PostgreSQL alike (JSON text, ``1``/``0``, ISO dates), before the reverse ``AlterField`` runs.
"""

from __future__ import annotations

import json

from django.db import migrations

from .crypto import PREFIX, decrypt, encrypt

_TRUE = {"1", "t", "true", "yes", "on"}


def _plaintext(kind: str, raw) -> str:
    if kind == "json":
        return json.dumps(json.loads(raw) if isinstance(raw, str) else raw, ensure_ascii=False, sort_keys=True)
    if kind == "bool":
        return json.dumps(str(raw).strip().lower() in _TRUE)
    if kind == "date":
        return str(raw)[:10]
    return str(raw)


def _restored(kind: str, plaintext: str) -> str:
    if kind == "bool":
        return "1" if json.loads(plaintext) else "0"
    return plaintext


def _rewrite(schema_editor, table: str, column: str, change) -> None:
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {qn(column)} FROM {qn(table)} WHERE {qn(column)} IS NOT NULL"  # noqa: S608 — names from code
        )
        rows = cursor.fetchall()
    updates = [(new, pk) for pk, value in rows if (new := change(value)) is not None]
    if updates:
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE id = %s", updates)  # noqa: S608


def encrypt_columns(*targets: tuple[str, str, str]) -> migrations.RunPython:
    """``targets``: (table, column, kind) triples."""

    def forward(apps, schema_editor):
        for table, column, kind in targets:

            def change(value, kind=kind):
                if value == "" or str(value).startswith(PREFIX):
                    return None
                return encrypt(_plaintext(kind, value))

            _rewrite(schema_editor, table, column, change)

    def backward(apps, schema_editor):
        for table, column, kind in targets:

            def change(value, kind=kind):
                if not str(value).startswith(PREFIX):
                    return None
                return _restored(kind, decrypt(value))

            _rewrite(schema_editor, table, column, change)

    return migrations.RunPython(forward, backward, elidable=False)
