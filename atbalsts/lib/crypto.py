"""Encryption of personal data at rest, and keyed hashes that keep it searchable.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a MultiFernet built from
``settings.FIELD_ENCRYPTION_KEYS``: the first key encrypts, every key decrypts, so keys can be
rotated by adding a new one in front and re-encrypting (``manage.py rotate_keys``).
A value that does not decrypt raises: we never hand ciphertext to a user as if it were data.

Search works on keyed hashes (HMAC-SHA256 under ``settings.SEARCH_HASH_KEYS[0]``) of
normalised values, so the database can match an exact name without holding it.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import re
from functools import cache

from anyascii import anyascii
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Ciphertext is tagged so that a plaintext value can never be mistaken for an encrypted one.
PREFIX = "enc1:"


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("ATBALSTS_FIELD_KEYS is empty: personal data cannot be stored.")
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return PREFIX + fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise DecryptionError("The stored value is not encrypted.")
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise DecryptionError("No configured key decrypts this value.") from exc


def rotate(stored: str) -> str:
    """Re-encrypt a stored value under the newest key."""
    if not stored.startswith(PREFIX):
        raise DecryptionError("The stored value is not encrypted.")
    try:
        return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise DecryptionError("No configured key decrypts this value.") from exc


class EncryptedTextField(models.TextField):
    """A text column whose value is only ever ciphertext in the database."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return self.to_python_from_plaintext(decrypt(value))

    def to_python_from_plaintext(self, plaintext: str):
        return plaintext

    def plaintext_of(self, value) -> str:
        return str(value)

    def get_prep_value(self, value):
        value = super(models.TextField, self).get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(self.plaintext_of(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        if prepared:
            return value
        return self.get_prep_value(value)

    def get_lookup(self, lookup_name):
        # Comparing ciphertexts is meaningless; only emptiness can be asked of the database.
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)


class EncryptedDateField(EncryptedTextField):
    """A date stored encrypted as its ISO form; Python code sees a ``datetime.date``."""

    def to_python_from_plaintext(self, plaintext: str):
        return datetime.date.fromisoformat(plaintext)

    def to_python(self, value):
        if isinstance(value, datetime.date) or value in (None, ""):
            return value or None
        return datetime.date.fromisoformat(str(value))

    def plaintext_of(self, value) -> str:
        return self.to_python(value).isoformat()

    def formfield(self, **kwargs):
        from django import forms

        return forms.DateField(required=not self.blank, label=self.verbose_name, **kwargs)


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (a list of codes, of countries) stored encrypted; Python code sees the value.

    The database cannot look inside it, so nothing may filter or count on it there: aggregate
    figures come from ``statistics.StatisticalRecord`` instead (ADR 0017)."""

    def to_python_from_plaintext(self, plaintext: str):
        return json.loads(plaintext)

    def to_python(self, value):
        if isinstance(value, str) and value:
            return json.loads(value)
        return value

    def plaintext_of(self, value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def get_prep_value(self, value):
        if value is None:
            return None
        return encrypt(self.plaintext_of(value))

    def value_to_string(self, obj):
        return self.plaintext_of(self.value_from_object(obj))


class EncryptedBooleanField(EncryptedTextField):
    """A yes/no answer about a person (e.g. EU citizenship) stored encrypted; None when unknown."""

    def to_python_from_plaintext(self, plaintext: str):
        return json.loads(plaintext)

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        return str(value).lower() in ("1", "true", "yes", "on")

    def plaintext_of(self, value) -> str:
        return json.dumps(bool(value))

    def get_prep_value(self, value):
        if value is None or value == "":
            return None if value is None else ""
        return encrypt(self.plaintext_of(self.to_python(value)))


# --- keyed hashes for search --------------------------------------------------------------

_NON_WORD = re.compile(r"[^0-9a-z]+")
# Transliteration writes the soft sign and apostrophes as ' (Ильин → Il'in, Мар'яна → Mar'iana);
# they belong inside the name and must not split it.
_INNER_MARKS = re.compile(r"['`’ʼ\"]")


def normalise(text: str) -> str:
    """Fold case and script so that 'Bērziņa', 'BERZINA' and 'Берзиня' meet where they can."""
    return _NON_WORD.sub(" ", _INNER_MARKS.sub("", anyascii(text).lower())).strip()


def tokens(text: str) -> list[str]:
    return [t for t in normalise(text).split() if t]


def keyed_hash(kind: str, value: str, key: str | None = None) -> str:
    key = key if key is not None else settings.SEARCH_HASH_KEYS[0]
    digest = hmac.new(key.encode("utf-8"), f"{kind}:{value}".encode(), hashlib.sha256)
    return digest.hexdigest()[:40]


# --- encrypted files ----------------------------------------------------------------------

BYTES_PREFIX = PREFIX.encode("ascii")


def encrypt_bytes(data: bytes) -> bytes:
    return BYTES_PREFIX + fernet().encrypt(bytes(data))


def decrypt_bytes(stored: bytes) -> bytes:
    stored = bytes(stored)
    if not stored.startswith(BYTES_PREFIX):
        raise DecryptionError("The stored file is not encrypted.")
    try:
        return fernet().decrypt(stored[len(BYTES_PREFIX) :])
    except InvalidToken as exc:
        raise DecryptionError("No configured key decrypts this file.") from exc


def rotate_bytes(stored: bytes) -> bytes:
    """Re-encrypt a stored file under the newest key."""
    stored = bytes(stored)
    if not stored.startswith(BYTES_PREFIX):
        raise DecryptionError("The stored file is not encrypted.")
    try:
        return BYTES_PREFIX + fernet().rotate(stored[len(BYTES_PREFIX) :])
    except InvalidToken as exc:
        raise DecryptionError("No configured key decrypts this file.") from exc


class EncryptedBinaryField(models.BinaryField):
    """A file's bytes, only ever ciphertext in the database (documents, generated PDFs)."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt_bytes(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is not None and not prepared:
            value = encrypt_bytes(bytes(value))
        return super().get_db_prep_value(value, connection, prepared=True)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)


def register_api_fields() -> None:
    """Let DRF's model serializers show the encrypted fields as the values they hold (a list, a
    yes/no, a date) rather than as text. Called once from ``people.apps``; imported lazily so
    that this module does not depend on DRF."""
    from rest_framework import serializers

    mapping = serializers.ModelSerializer.serializer_field_mapping
    mapping[EncryptedJSONField] = serializers.JSONField
    mapping[EncryptedBooleanField] = serializers.BooleanField
    mapping[EncryptedDateField] = serializers.DateField
