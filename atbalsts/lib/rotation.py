"""Re-encrypt every encrypted column of every model under the newest field key."""

from __future__ import annotations

from django.apps import apps
from django.db import connection, transaction

from .crypto import EncryptedBinaryField, EncryptedTextField, rotate, rotate_bytes

# Ciphertexts kept inside JSON columns of models that are not ours (allauth's MFA secrets),
# registered by the app that knows where they are: (app_label.Model, field, keys in the JSON).
_JSON_VALUES: list[tuple[str, str, tuple[str, ...]]] = []


def register_encrypted_json(model_label: str, field: str, keys: tuple[str, ...]) -> None:
    if (model_label, field, keys) not in _JSON_VALUES:
        _JSON_VALUES.append((model_label, field, keys))


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
        counts.update(_reencrypt_json())
    return counts


def _reencrypt_json() -> dict[str, int]:
    counts: dict[str, int] = {}
    for model_label, field, keys in _JSON_VALUES:
        model = apps.get_model(model_label)
        done = 0
        for pk, data in model._base_manager.values_list("pk", field).iterator(chunk_size=500):
            if not isinstance(data, dict):
                continue
            changed = dict(data)
            for key in keys:
                value = changed.get(key)
                if isinstance(value, str) and value:
                    changed[key] = rotate(value)
                    done += 1
                elif isinstance(value, list):
                    changed[key] = [rotate(v) if isinstance(v, str) and v else v for v in value]
                    done += sum(1 for v in value if isinstance(v, str) and v)
            model._base_manager.filter(pk=pk).update(**{field: changed})
        counts[f"{model._meta.db_table}.{field}"] = done
    return counts


def _field_named(model, column: str) -> str:
    return next(f.name for f in model._meta.concrete_fields if f.column == column)
