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
import itertools
import multiprocessing
import os
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
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

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


# Every cache of the encoder holds at most this many entries and starts again when full (~40 MB
# at most for all of them). Names and dates repeat enormously (at 133,000 synthetic records: 478
# bigrams, 9,700 name parts, 20,000 dates, 48,000 name blocks), so the keyed bit positions of a
# token are computed once, not once per record.
CACHE_ENTRIES = 1 << 17
# Records handed to one worker process at a time; below two chunks everything runs in-process.
ENCODE_CHUNK = 20_000
MAX_PROCESSES = 8


def _put(cache: dict, key, value):
    if len(cache) >= CACHE_ENTRIES:
        cache.clear()
    cache[key] = value
    return value


class _Encoder:
    """The scheme of ``encode`` with bounded caches: the same bytes for the same key and person.

    Caches the keyed bits of each name bigram, each folded name part, each date token, each date
    of birth and each sex, the folding of each name string and the keyed block value of each
    name block. No cache holds more than ``CACHE_ENTRIES`` entries."""

    def __init__(self, keys: _Keys):
        self.keys = keys
        self._grams: dict[str, int] = {}
        self._parts: dict[str, int] = {}
        self._folded: dict[str, list[str]] = {}
        self._dates: dict[datetime.date, tuple[int, int | None]] = {}
        self._date_parts: dict[str, int] = {}
        self._sexes: dict[str, int] = {}
        self._name_blocks: dict[str, int] = {}

    def _block(self, value: str) -> int:
        # The first 64 bits of the HMAC: its hex form is the stored 16-character block value.
        return int.from_bytes(hmac.new(self.keys.block, value.encode(), hashlib.sha256).digest()[:8], "big")

    def _fold(self, text: str) -> list[str]:
        got = self._folded.get(text)
        if got is None:
            got = _put(self._folded, text, fold(text).split())
        return got

    def _names(self, given_names: str, surname: str) -> list[str]:
        if len(given_names) + 1 + len(surname) <= MAX_NAME_CHARS:
            # Folding works letter by letter and splits at the space, so the two halves fold
            # apart exactly as the joined text does (the joined text is cut at MAX_NAME_CHARS).
            return sorted(self._fold(given_names) + self._fold(surname))[:MAX_TOKENS]
        return name_tokens(given_names, surname)

    def _part(self, part: str) -> int:
        mask = self._parts.get(part)
        if mask is None:
            mask = 0
            key = self.keys.fields["name"]
            for gram in _bigrams(part):
                bits = self._grams.get(gram)
                if bits is None:
                    bits = _put(self._grams, gram, _bits_of(key, gram, NAME_K))
                mask |= bits
            _put(self._parts, part, mask)
        return mask

    def _date(self, birth_date: datetime.date) -> tuple[int, int | None]:
        got = self._dates.get(birth_date)
        if got is None:
            mask = 0
            for token in _date_tokens(birth_date):
                bits = self._date_parts.get(token)
                if bits is None:
                    bits = _put(self._date_parts, token, _bits_of(self.keys.fields["date"], token, DATE_K))
                mask |= bits
            low, high = sorted((birth_date.day, birth_date.month))
            got = _put(self._dates, birth_date, (mask, self._block(f"{birth_date.year}:{low}-{high}")))
        return got

    def raw(self, given_names, surname, birth_date: datetime.date | None,
            sex: str) -> tuple[int, int | None, int | None]:
        """The filter as an int (bit 0 of the 128 bytes is the int's top bit) and the two block
        values as 64-bit ints, None where there is none."""
        names = self._names(f"{given_names}", f"{surname}")
        bits = 0
        for part in names:
            bits |= self._part(part)
        date_block = None
        if birth_date is not None:
            mask, date_block = self._date(birth_date)
            bits |= mask
        if sex:
            mask = self._sexes.get(sex)
            if mask is None:
                mask = _put(self._sexes, sex, _bits_of(self.keys.fields["sex"], sex[:10].casefold(), SEX_K))
            bits |= mask
        name_block = None
        if len(names) >= 2:
            value = "+".join(sorted(t[:3] for t in names[:2]))
            if value:
                name_block = self._name_blocks.get(value)
                if name_block is None:
                    name_block = _put(self._name_blocks, value, self._block(value))
        return bits, date_block, name_block

    def __call__(self, given_names, surname, birth_date, sex) -> Encoding:
        bits, date_block, name_block = self.raw(given_names, surname, birth_date, sex)
        return Encoding(bits.to_bytes(BITS // 8, "big"), _hex(date_block), _hex(name_block))


def _hex(block: int | None) -> str:
    return "" if block is None else f"{block:016x}"


def encode(given_names: str, surname: str, birth_date: datetime.date | None, sex: str,
           *, _keys: _Keys | None = None) -> Encoding:
    """The CLK of one person and its two keyed blocking values. Pure: no database."""
    return _Encoder(_keys or _derive(_key()))(given_names, surname, birth_date, sex)


def encoder() -> Callable[..., Encoding]:
    """An ``encode`` with the keys derived once and the keyed bits cached, for encoding many
    persons."""
    return _Encoder(_derive(_key()))


@dataclass(frozen=True)
class EncodedBatch:
    """Many encodings as arrays: ``words`` (n × 16 uint64, the 128 bytes of each CLK as they are),
    and each blocking value as a uint64 with a flag for 'none'."""

    words: np.ndarray
    block_date: np.ndarray
    has_date: np.ndarray
    block_name: np.ndarray
    has_name: np.ndarray

    def __len__(self) -> int:
        return len(self.words)

    def encoding(self, i: int) -> Encoding:
        return Encoding(self.words[i].tobytes(), _hex(int(self.block_date[i]) if self.has_date[i] else None),
                        _hex(int(self.block_name[i]) if self.has_name[i] else None))


def _encode_chunk(encoder_: _Encoder, rows: list[tuple]) -> tuple[bytes, np.ndarray, np.ndarray]:
    blob = bytearray()
    dates = np.zeros(len(rows), dtype=np.uint64)
    names = np.zeros(len(rows), dtype=np.uint64)
    flags = np.zeros((2, len(rows)), dtype=bool)
    for i, row in enumerate(rows):
        bits, date_block, name_block = encoder_.raw(*row)
        blob += bits.to_bytes(BITS // 8, "big")
        if date_block is not None:
            dates[i], flags[0, i] = date_block, True
        if name_block is not None:
            names[i], flags[1, i] = name_block, True
    return bytes(blob), np.stack([dates, names]), flags


_worker: _Encoder | None = None
_worker_rows: list[tuple] = []


def _worker_start(keys: _Keys) -> None:
    global _worker
    _worker = _Encoder(keys)


def _worker_chunk(bounds: tuple[int, int]):
    # The rows came with the fork: only the bounds of a chunk and its result cross the pipe.
    return _encode_chunk(_worker, _worker_rows[bounds[0]:bounds[1]])


def default_processes() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_PROCESSES))


def encode_batch(rows: Iterable[tuple], *, processes: int | None = None, chunk: int = ENCODE_CHUNK) -> EncodedBatch:
    """Encode many (given names, surname, birth date, sex) rows, in ``processes`` worker
    processes (default: the cores this process may use, at most ``MAX_PROCESSES``) when there
    are at least two chunks. The result is the same whatever the number of processes."""
    keys = _derive(_key())
    processes = default_processes() if processes is None else max(1, min(int(processes), MAX_PROCESSES))
    chunk = max(1, int(chunk))
    rows = rows if isinstance(rows, list) else list(rows)
    bounds = [(start, min(start + chunk, len(rows))) for start in range(0, len(rows), chunk)]
    if processes > 1 and len(bounds) >= 2:
        # fork: the workers inherit the rows and the derived keys without pickling them, and
        # touch no database.
        global _worker_rows
        _worker_rows = rows
        try:
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(min(processes, len(bounds)), initializer=_worker_start, initargs=(keys,)) as pool:
                parts = list(pool.imap(_worker_chunk, bounds))
        finally:
            _worker_rows = []
    else:
        enc = _Encoder(keys)
        parts = [_encode_chunk(enc, rows[a:b]) for a, b in bounds]
    if not parts:
        empty = np.zeros(0, dtype=np.uint64)
        return EncodedBatch(np.zeros((0, WORDS), dtype=np.uint64), empty, empty.astype(bool), empty,
                            empty.astype(bool))
    # The bytes as they are, read as native uint64: a popcount of an AND does not depend on the
    # byte order, and ``words[i].tobytes()`` is the CLK again.
    words = np.frombuffer(b"".join(p[0] for p in parts), dtype=np.uint64).reshape(-1, WORDS)
    blocks = np.concatenate([p[1] for p in parts], axis=1)
    flags = np.concatenate([p[2] for p in parts], axis=1)
    return EncodedBatch(words, blocks[0], flags[0], blocks[1], flags[1])


# --- matching ---------------------------------------------------------------------------------
# Blocking values larger than this many encodings are not used for comparing (each such block
# alone would give more than ~12M pairs): a value that common says little about identity. The
# encodings in it are still compared through their other blocking value.
MAX_BLOCK = 5_000
# Candidate pairs scored at a time: bounds the memory of the matcher (~350 bytes a pair, so
# ~175 MB besides the encodings themselves).
PAIR_CHUNK = 500_000


def _as_words(clks) -> np.ndarray:
    if isinstance(clks, np.ndarray):
        return clks.reshape(-1, WORDS).astype(np.uint64, copy=False)
    if not clks:
        return np.zeros((0, WORDS), dtype=np.uint64)
    return np.frombuffer(b"".join(bytes(c) for c in clks), dtype=np.uint64).reshape(len(clks), WORDS)


def _popcount(words: np.ndarray) -> np.ndarray:
    # uint16 holds the 1,024 bits of a filter; summing uint8 counts into it is ~4× faster than
    # into int64 (no widening cast per element).
    return np.bitwise_count(words).sum(axis=-1, dtype=np.uint16).astype(np.int64)


def _common(words: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The number of bits rows p and q of ``words`` share, pair by pair."""
    both = words[p]
    both &= words[q]
    return np.bitwise_count(both).sum(axis=-1, dtype=np.uint16)


def _block_codes(values) -> tuple[np.ndarray, np.ndarray]:
    """Hex blocking values (as stored) to uint64 codes and a 'has a value' flag."""
    if isinstance(values, tuple):
        return values
    codes = np.fromiter((int(v, 16) if v else 0 for v in values), dtype=np.uint64, count=len(values))
    present = np.fromiter((bool(v) for v in values), dtype=bool, count=len(values))
    return codes, present


@dataclass
class _Block:
    """One blocking value's encodings grouped: ``order`` lists the encodings sorted by value and
    ``partners[p]`` is how many encodings after position p share its value."""

    order: np.ndarray
    partners: np.ndarray
    oversized: int = 0  # values shared by more than max_block encodings, not used


def _group(codes: np.ndarray, present: np.ndarray, max_block: int) -> _Block:
    idx = np.flatnonzero(present)
    order = idx[np.argsort(codes[idx], kind="stable")]
    sorted_codes = codes[order]
    if len(order) == 0:
        return _Block(order, np.zeros(0, dtype=np.int64))
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    keep = np.repeat(sizes <= max_block, sizes)
    ends = np.repeat(starts + sizes, sizes)
    partners = np.where(keep, ends - np.arange(len(order)) - 1, 0)
    return _Block(order, partners.astype(np.int64), int(np.count_nonzero(sizes > max_block)))


def _pairs_of(block: _Block, chunk: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Positions (p, q), p < q, in ``block.order`` that share a value, about ``chunk`` at a time,
    without a Python loop over groups or pairs."""
    partners = block.partners
    total = np.cumsum(partners)
    if len(total) == 0 or total[-1] == 0:
        return
    # Cut the positions where the running count of pairs crosses a multiple of chunk.
    cuts = np.searchsorted(total, np.arange(chunk, int(total[-1]), chunk), side="left") + 1
    bounds = np.unique(np.r_[0, cuts, len(partners)])
    for a, b in itertools.pairwise(bounds.tolist()):
        reps = partners[a:b]
        n = int(reps.sum())
        if n == 0:
            continue
        left = np.repeat(np.arange(a, b, dtype=np.int64), reps)
        first = np.cumsum(reps) - reps
        step = np.arange(n, dtype=np.int64) - np.repeat(first, reps)
        yield left, left + 1 + step


def _candidate_pairs(blocks, chunk: int = PAIR_CHUNK,
                     max_block: int = MAX_BLOCK) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Index pairs (i, j) that share a blocking value, in chunks of about ``chunk`` pairs so that
    memory stays bounded. A pair sharing both values comes twice: comparing it again is cheaper
    than remembering every pair."""
    for values in blocks:
        block = _group(*_block_codes(values), max_block)
        for p, q in _pairs_of(block, chunk):
            yield block.order[p], block.order[q]


def match_with_stats(clks, block_date, block_name, threshold: float = THRESHOLD, *,
                     max_block: int = MAX_BLOCK, chunk: int = PAIR_CHUNK) -> tuple[np.ndarray, dict[str, int]]:
    """Cluster labels (the smallest index of each cluster) and counts of the work done.

    ``clks``: a list of 128-byte CLKs or an n × 16 uint64 array; the blocking values: lists of
    the stored hex strings or (uint64 codes, present flags)."""
    words = _as_words(clks)
    n = len(words)
    counts = _popcount(words)
    stats = {"candidate_pairs": 0, "scored_pairs": 0, "matched_pairs": 0, "oversized_blocks": 0}
    hits_a: list[np.ndarray] = []
    hits_b: list[np.ndarray] = []
    for values in (block_date, block_name):
        block = _group(*_block_codes(values), max_block)
        stats["oversized_blocks"] += block.oversized
        # The encodings in block order: the pairs of one group are neighbours in memory.
        local = words[block.order]
        local_counts = counts[block.order]
        for p, q in _pairs_of(block, chunk):
            stats["candidate_pairs"] += len(p)
            total = local_counts[p] + local_counts[q]
            # Dice ≥ t needs 2·min(|a|, |b|) ≥ t·(|a| + |b|): pairs of very unequal weight are
            # dropped before their bits are read.
            safe = np.maximum(total, 1)
            fit = (2.0 * np.minimum(local_counts[p], local_counts[q]) / safe >= threshold) & (total > 0)
            p, q, safe = p[fit], q[fit], safe[fit]
            stats["scored_pairs"] += len(p)
            common = _common(local, p, q)
            hit = 2.0 * common / safe >= threshold
            hits_a.append(block.order[p[hit]])
            hits_b.append(block.order[q[hit]])
            stats["matched_pairs"] += int(hit.sum())
    return _components(n, hits_a, hits_b), stats


def _components(n: int, left: list[np.ndarray], right: list[np.ndarray]) -> np.ndarray:
    """Connected components of the matched pairs, each labelled by its smallest index."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    a = np.concatenate(left) if left else np.zeros(0, dtype=np.int64)
    b = np.concatenate(right) if right else np.zeros(0, dtype=np.int64)
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n)).tocsr()
    _count, component = connected_components(graph, directed=False)
    # The first index of each component in order is its smallest.
    _values, first = np.unique(component, return_index=True)
    return first[component].astype(np.int64)


def match(clks, block_date, block_name, threshold: float = THRESHOLD) -> list[int]:
    """Cluster labels for the encodings: equal label, same person. Compares only pairs that share a
    blocking value."""
    return match_with_stats(clks, block_date, block_name, threshold)[0].tolist()


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


def encode_organisation(organisation, rows: Iterable[PersonRow] | None = None, *,
                        processes: int | None = None) -> int:
    """(Re)write the encodings of one organisation's records; return how many records it has.

    Runs with that organisation's rows only; records that no longer exist lose their encoding."""
    rows = list(rows if rows is not None else (row for source in _sources for row in source(organisation)))
    # In worker processes when the organisation has many clients; they see only this one's rows.
    batch = encode_batch([(row.given_names, row.surname, row.birth_date, row.sex) for row in rows],
                         processes=processes)
    kid = key_id()
    wanted: dict[uuid.UUID, Encoding] = {}
    for i, row in enumerate(rows):
        enc = batch.encoding(i)
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
    keys: list[uuid.UUID] = []
    clks = bytearray()
    block_date: list[str] = []
    block_name: list[str] = []
    for key, clk, date_value, name_value in (LinkageEncoding.objects.filter(key_id=key_id())
                                             .values_list("record_key", "clk", "block_date", "block_name")
                                             .iterator(chunk_size=10_000)):
        if len(clk) != BITS // 8:
            continue  # not an encoding of this scheme
        keys.append(key)
        clks += clk
        block_date.append(date_value)
        block_name.append(name_value)
    words = np.frombuffer(bytes(clks), dtype=np.uint64).reshape(-1, WORDS)
    del clks
    labels = match_with_stats(words, _block_codes(block_date), _block_codes(block_name), threshold)[0].tolist()
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
