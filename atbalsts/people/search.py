"""Searchable keys for encrypted client data.

A client is indexed by keyed hashes of: every beginning (3 to 6 letters) of every part of
their names, their date of birth and their personal code. A query is split the same way; a
longer name part is matched on its first six letters and then checked against the decrypted
names, so the database never sees a name and the user still finds 'Bērziņa' by 'berz'.
"""

from __future__ import annotations

import datetime
import re

from atbalsts.lib.crypto import keyed_hash, normalise, tokens

PREFIX_MIN = 3
PREFIX_MAX = 6
CASE_NUMBER = re.compile(r"^AT-[A-Z0-9]{7}$", re.IGNORECASE)
PERSONAL_CODE = re.compile(r"^\d{6}-?\d{5}$")
DATE_LV = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def name_digests(*names: str, key: str | None = None) -> set[str]:
    out: set[str] = set()
    for name in names:
        for token in tokens(name or ""):
            for length in range(PREFIX_MIN, min(len(token), PREFIX_MAX) + 1):
                out.add(keyed_hash("name", token[:length], key))
    return out


def birth_digest(value: datetime.date, key: str | None = None) -> str:
    return keyed_hash("birth", value.isoformat(), key)


def code_digest(value: str, key: str | None = None) -> str:
    return keyed_hash("code", re.sub(r"\D", "", value), key)


def client_digests(client, key: str | None = None) -> set[str]:
    digests = name_digests(client.given_names, client.surname, key=key)
    if client.birth_date:
        digests.add(birth_digest(client.birth_date, key))
    if client.personal_code:
        digests.add(code_digest(client.personal_code, key))
    return digests


def parse_date(text: str) -> datetime.date | None:
    for pattern, order in ((DATE_LV, (3, 2, 1)), (DATE_ISO, (1, 2, 3))):
        m = pattern.match(text)
        if m:
            try:
                return datetime.date(*(int(m.group(i)) for i in order))
            except ValueError:
                return None
    return None


class Query:
    """A search box entry, split into what can be looked up by hash."""

    def __init__(self, text: str, min_letters: int = PREFIX_MIN):
        # The index holds beginnings of PREFIX_MIN letters and more: never ask for fewer.
        min_letters = max(min_letters, PREFIX_MIN)
        self.min_letters = min_letters
        self.text = (text or "").strip()
        self.case_number: str | None = None
        self.digests: list[str] = []
        self.long_names: list[str] = []  # name parts to confirm on decrypted names
        self.too_short: list[str] = []
        for raw in self.text.split():
            if CASE_NUMBER.match(raw):
                self.case_number = raw.upper()
            # A personal code or a birth date matches few people: looked up first.
            elif PERSONAL_CODE.match(raw):
                self.digests.insert(0, code_digest(raw))
            elif (d := parse_date(raw)) is not None:
                self.digests.insert(0, birth_digest(d))
            else:
                for token in tokens(raw):
                    if len(token) < min_letters:
                        self.too_short.append(token)
                        continue
                    self.digests.append(keyed_hash("name", token[:PREFIX_MAX]))
                    if len(token) > PREFIX_MAX:
                        self.long_names.append(token)

    @property
    def is_empty(self) -> bool:
        return not (self.case_number or self.digests)

    def confirms(self, client) -> bool:
        if not self.long_names:
            return True
        parts = tokens(f"{client.given_names} {client.surname}")
        return all(any(p.startswith(t) for p in parts) for t in self.long_names)


__all__ = ["Query", "client_digests", "name_digests", "normalise"]
