"""Counting each person once nationally without sharing names: keyed Bloom-filter encodings.

Each organisation's clients are encoded inside that organisation's scope: the given names,
surname, date of birth and sex become a 1024-bit cryptographic long-term key (CLK) in the manner
of clkhash (Schnell et al. 2011; CSIRO Data61's schema): every token of a field is hashed with
HMAC-SHA256 under a field key derived from ``settings.LINKAGE_KEY`` and sets ``k`` bits by double
hashing, ``k`` being the field's weight. The encodings are stored in ``LinkageEncoding`` under the
statistical record's key, apart from the case data; the names never leave the organisation's
scope and the matcher compares bits only.

The matcher compares encodings that share a keyed blocking value (date of birth with day and
month in either order, or the first letters of the two name parts), scores them with the Dice
coefficient and joins pairs at or above ``THRESHOLD`` into clusters (union-find). Each cluster is
one person: ``StatisticalRecord.person_cluster`` holds its opaque id and the figures count
distinct clusters with :func:`distinct_persons`. Who matched whom is never shown to anyone.

Why not the clkhash and anonlink packages themselves: see docs/adr/0020f-record-linkage.md.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from anyascii import anyascii
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, Q

from .models import LinkageEncoding, StatisticalRecord

BITS = 1024
WORDS = BITS // 64
# Field weights: how many bits each token of a field sets (clkhash's "k" per field). Names carry
# most of the identity; the date of birth is strong but short; sex only breaks ties.
NAME_K = 14
DATE_K = 24
SEX_K = 8
# Dice coefficient at or above which two encodings are the same person. Measured on synthetic
# persons with injected variants (tests/statistics/test_linkage.py, bench/statistics_linkage.py).
THRESHOLD = 0.80
# Upper bounds: a record is a person, not a paragraph.
MAX_NAME_CHARS = 200
MAX_TOKENS = 8
_BATCH = 5000

# --- normalisation ---------------------------------------------------------------------------

_NON_LETTER = re.compile(r"[^a-z]+")
_MARKS = re.compile(r"['`’ʼ\"]")
# Spelling variants of the same sound in Latin transliterations of Russian and Ukrainian names,
# and in Latvian spelling of them, folded to one form (order matters: longer patterns first).
# Юлия → Yuliya/Yulia/Iuliia/Julija all become "julia".
_VARIANTS = (
    ("shch", "sc"), ("tsch", "c"), ("sch", "s"), ("tch", "c"), ("ch", "c"), ("tz", "c"), ("ts", "c"),
    ("kh", "h"), ("zh", "z"), ("sh", "s"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("x", "ks"), ("w", "v"),
    ("yu", "ju"), ("iu", "ju"), ("ya", "ja"), ("ia", "ja"), ("ye", "je"), ("yo", "jo"), ("io", "jo"),
    ("iy", "i"), ("ii", "i"), ("yi", "i"), ("ij", "i"), ("y", "i"),
)
_DOUBLE = re.compile(r"(.)\1+")
# Yulja / Yulia: a j between a consonant and a vowel is written i in the other spelling.
_SOFT_J = re.compile(r"(?<=[bcdfghklmnprstvz])j(?=[aeiou])")


def fold(text: str) -> str:
    """One spelling for one name: case, Latvian diacritics, Cyrillic and transliteration variants."""
    text = _MARKS.sub("", anyascii((text or "")[:MAX_NAME_CHARS]).casefold())
    return " ".join(_fold_token(t) for t in _NON_LETTER.split(text) if t)


def _fold_token(token: str) -> str:
    for old, new in _VARIANTS:
        token = token.replace(old, new)
    token = _DOUBLE.sub(r"\1", _SOFT_J.sub("i", token))
    # Latvian adds a masculine ending to foreign names (Aleksandr → Aleksandrs, Sergei → Sergejs).
    if len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
        token = token[:-1]
    # Sergej / Sergei, Nikolaj / Nikolai: a closing j after a vowel is the same sound.
    if len(token) > 2 and token.endswith("j") and token[-2] in "aeiou":
        token = token[:-1] + "i"
    return token


def name_tokens(given_names: str, surname: str) -> list[str]:
    """The name parts, field-agnostic and sorted: a swapped first and last name encodes alike."""
    return sorted(fold(f"{given_names} {surname}").split())[:MAX_TOKENS]


def _bigrams(token: str) -> list[str]:
    padded = f"_{token}_"
    return [padded[i:i + 2] for i in range(len(padded) - 1)]


def _date_tokens(birth_date: datetime.date | None) -> list[str]:
    if birth_date is None:
        return []
    d, m, y = birth_date.day, birth_date.month, birth_date.year
    low, high = sorted((d, m))
    # Year, day and month apart, and the day/month pair in either order: a swapped day and month
    # keeps most of the bits, a typo in one part keeps the others.
    return [f"y{y}", f"y3{y // 10}", f"d{d}", f"m{m}", f"dm{low}-{high}", f"ym{y}-{m}"]


# --- encoding ---------------------------------------------------------------------------------

def _key() -> bytes:
    key = getattr(settings, "LINKAGE_KEY", "") or ""
    if not key:
        raise ImproperlyConfigured("Record linkage needs ATBALSTS_LINKAGE_KEY.")
    return key.encode("utf-8")


def key_id() -> str:
    """A fingerprint of the linkage key: encodings made under another key are redone."""
    return hashlib.sha256(b"linkage-key-id:" + _key()).hexdigest()[:12]


@dataclass(frozen=True)
class _Keys:
    fields: dict[str, bytes]
    block: bytes


def _derive(master: bytes) -> _Keys:
    def sub(label: str) -> bytes:
        return hmac.new(master, label.encode(), hashlib.sha256).digest()

    return _Keys(
        fields={name: sub(f"field:{name}") for name in ("name", "date", "sex")},
        block=sub("block"),
    )


def _bits_of(key: bytes, token: str, k: int) -> int:
    # Double hashing (Kirsch and Mitzenmacher): bit i = h1 + i·h2 mod 1024, both halves of one
    # HMAC-SHA256 of the token under the field's key; h2 odd, so the k bits are distinct.
    digest = hmac.new(key, token.encode("utf-8"), hashlib.sha256).digest()
    h1 = int.from_bytes(digest[:8], "big") % BITS
    h2 = (int.from_bytes(digest[8:16], "big") % BITS) | 1
    mask = 0
    for i in range(k):
        # Bit p is the p-th bit of the 128 bytes, most significant first.
        mask |= 1 << (BITS - 1 - (h1 + i * h2) % BITS)
    return mask


@dataclass(frozen=True)
class Encoding:
    clk: bytes
    block_date: str
    block_name: str


def encode(given_names: str, surname: str, birth_date: datetime.date | None, sex: str,
           *, _keys: _Keys | None = None) -> Encoding:
    """The CLK of one person and its two keyed blocking values. Pure: no database."""
    keys = _keys or _derive(_key())
    bits = 0
    names = name_tokens(given_names, surname)
    for token in names:
        for gram in _bigrams(token):
            bits |= _bits_of(keys.fields["name"], gram, NAME_K)
    for token in _date_tokens(birth_date):
        bits |= _bits_of(keys.fields["date"], token, DATE_K)
    if sex:
        bits |= _bits_of(keys.fields["sex"], (sex or "")[:10].casefold(), SEX_K)

    def block(value: str) -> str:
        if not value:
            return ""
        return hmac.new(keys.block, value.encode(), hashlib.sha256).hexdigest()[:16]

    date_block = ""
    if birth_date is not None:
        low, high = sorted((birth_date.day, birth_date.month))
        date_block = f"{birth_date.year}:{low}-{high}"
    name_block = "+".join(sorted(t[:3] for t in names[:2])) if len(names) >= 2 else ""
    return Encoding(bits.to_bytes(BITS // 8, "big"), block(date_block), block(name_block))


def encoder() -> Callable[..., Encoding]:
    """An ``encode`` with the keys derived once, for encoding many persons."""
    keys = _derive(_key())

    def run(given_names, surname, birth_date, sex):
        return encode(given_names, surname, birth_date, sex, _keys=keys)

    return run


# --- matching ---------------------------------------------------------------------------------

def _as_words(clks: list[bytes]) -> np.ndarray:
    if not clks:
        return np.zeros((0, WORDS), dtype=np.uint64)
    return np.frombuffer(b"".join(bytes(c) for c in clks), dtype=">u8").reshape(len(clks), WORDS).astype(np.uint64)


def _popcount(words: np.ndarray) -> np.ndarray:
    return np.bitwise_count(words).sum(axis=-1, dtype=np.int64)


def _candidate_pairs(blocks: Iterable[list[str]], chunk: int = 2_000_000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Index pairs (i < j) that share a blocking value, in chunks of about ``chunk`` pairs so that
    memory stays bounded. A pair sharing both values comes twice: comparing it again is cheaper
    than remembering every pair."""
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    size = 0
    for values in blocks:
        groups: dict[str, list[int]] = {}
        for i, value in enumerate(values):
            if value:
                groups.setdefault(value, []).append(i)
        for members in groups.values():
            if len(members) < 2:
                continue
            m = np.asarray(members, dtype=np.int64)
            a, b = np.triu_indices(len(m), k=1)
            left.append(m[a])
            right.append(m[b])
            size += len(a)
            if size >= chunk:
                yield np.concatenate(left), np.concatenate(right)
                left, right, size = [], [], 0
    if left:
        yield np.concatenate(left), np.concatenate(right)


def match(clks: list[bytes], block_date: list[str], block_name: list[str],
          threshold: float = THRESHOLD) -> list[int]:
    """Cluster labels for the encodings: equal label, same person. Compares only pairs that share a
    blocking value."""
    n = len(clks)
    words = _as_words(clks)
    counts = _popcount(words)
    parent = np.arange(n)

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for i, j in _candidate_pairs([block_date, block_name]):
        common = _popcount(words[i] & words[j])
        total = counts[i] + counts[j]
        dice = np.divide(2.0 * common, total, out=np.zeros(len(i)), where=total > 0)
        hit = dice >= threshold
        for a, b in zip(i[hit].tolist(), j[hit].tolist(), strict=True):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return [find(x) for x in range(n)]


def dice(a: bytes, b: bytes) -> float:
    wa, wb = _as_words([a, b])
    total = int(_popcount(wa) + _popcount(wb))
    return 2.0 * int(_popcount(wa & wb)) / total if total else 0.0


# --- the stored encodings and clusters -------------------------------------------------------

@dataclass(frozen=True)
class PersonRow:
    """What a source gives for one client, inside its organisation's scope."""

    record_keys: tuple[str, ...]
    given_names: str
    surname: str
    birth_date: datetime.date | None
    sex: str


# The app that holds the clients registers a function (organisation → its clients' rows): this app
# sits below the people app and must not import it.
_sources: list[Callable[[object], Iterator[PersonRow]]] = []


def register_source(source: Callable[[object], Iterator[PersonRow]]) -> None:
    if source not in _sources:
        _sources.append(source)


def encode_organisation(organisation, rows: Iterable[PersonRow] | None = None) -> int:
    """(Re)write the encodings of one organisation's records; return how many records it has.

    Runs with that organisation's rows only; records that no longer exist lose their encoding."""
    rows = rows if rows is not None else (row for source in _sources for row in source(organisation))
    run = encoder()
    kid = key_id()
    wanted: dict[uuid.UUID, Encoding] = {}
    for row in rows:
        enc = run(row.given_names, row.surname, row.birth_date, row.sex)
        for ref in row.record_keys:
            try:
                wanted[uuid.UUID(str(ref))] = enc
            except ValueError:
                continue
    keys = list(wanted)
    existing_records: set[uuid.UUID] = set()
    for start in range(0, len(keys), _BATCH):  # bounded IN lists (SQLite allows ~32,000 parameters)
        existing_records.update(StatisticalRecord.objects.filter(pk__in=keys[start:start + _BATCH])
                                .values_list("pk", flat=True))
    wanted = {k: v for k, v in wanted.items() if k in existing_records}
    with transaction.atomic():
        current = {e.record_key: e for e in LinkageEncoding.objects.filter(organisation=organisation)}
        stale = [k for k in current if k not in wanted]
        for start in range(0, len(stale), _BATCH):
            LinkageEncoding.objects.filter(record_key__in=stale[start:start + _BATCH]).delete()
        create, update = [], []
        for key, enc in wanted.items():
            old = current.get(key)
            if old is None:
                create.append(LinkageEncoding(record_key=key, organisation=organisation, clk=enc.clk,
                                              block_date=enc.block_date, block_name=enc.block_name, key_id=kid))
            elif (bytes(old.clk), old.block_date, old.block_name, old.key_id) != (enc.clk, enc.block_date,
                                                                                 enc.block_name, kid):
                old.clk, old.block_date, old.block_name, old.key_id = enc.clk, enc.block_date, enc.block_name, kid
                update.append(old)
        LinkageEncoding.objects.bulk_create(create, batch_size=2000)
        LinkageEncoding.objects.bulk_update(update, ["clk", "block_date", "block_name", "key_id"], batch_size=2000)
    return len(wanted)


def _cluster_id(member_keys: list[uuid.UUID], secret: bytes) -> uuid.UUID:
    # The same members give the same id on every run (idempotent); without the key nobody can
    # compute which record key a cluster id came from.
    digest = hmac.new(secret, b"cluster:" + min(member_keys).bytes, hashlib.sha256).digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def link(threshold: float = THRESHOLD) -> dict[str, int]:
    """Match every stored encoding and write each statistical record's person cluster.

    Records without an encoding get no cluster and count one each. Returns totals only."""
    rows = list(LinkageEncoding.objects.filter(key_id=key_id())
                .values_list("record_key", "clk", "block_date", "block_name"))
    keys = [r[0] for r in rows]
    labels = match([r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows], threshold)
    members: dict[int, list[uuid.UUID]] = {}
    for key, label in zip(keys, labels, strict=True):
        members.setdefault(label, []).append(key)
    secret = hmac.new(_key(), b"cluster-ids", hashlib.sha256).digest()
    wanted: dict[uuid.UUID, uuid.UUID] = {}
    for group in members.values():
        cid = _cluster_id(group, secret)
        for key in group:
            wanted[key] = cid
    changed = []
    with transaction.atomic():
        for record in StatisticalRecord.objects.only("id", "person_cluster").iterator(chunk_size=5000):
            target = wanted.get(record.pk)
            if record.person_cluster != target:
                record.person_cluster = target
                changed.append(record)
        StatisticalRecord.objects.bulk_update(changed, ["person_cluster"], batch_size=2000)
    return {"records": len(keys), "persons": len(members), "changed": len(changed)}


def distinct_persons(records) -> int:
    """How many persons a queryset of statistical records holds: one per cluster, and one per
    record that has no cluster yet."""
    totals = records.aggregate(
        clusters=Count("person_cluster", distinct=True),
        unlinked=Count("pk", filter=Q(person_cluster__isnull=True)),
    )
    return totals["clusters"] + totals["unlinked"]
