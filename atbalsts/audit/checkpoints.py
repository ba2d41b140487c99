"""Signed checkpoints of the audit chain, kept outside the database (ADR 0015).

A checkpoint says "at time T chain 0 had reached event N0 whose hash was H0, chain 1 event N1
whose hash was H1, ...", naming the head of every chain in one line signed with the audit key
(version 2, ADR 0022; version 1 lines named one chain each and are still read). They are
appended, one JSON line each, to ``checkpoints.jsonl`` in
``settings.AUDIT_CHECKPOINT_DIR`` — a directory the database cannot reach — and can be shipped
to another machine with ``manage.py audit ship``. ``verify`` compares the chain with them, so
cutting events off the end of the chain (or emptying it) is found even though every remaining
event is intact.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from . import keys
from .models import AuditEvent

logger = logging.getLogger(__name__)

FILE_NAME = "checkpoints.jsonl"
VERSION = 1  # one chain per line: still read, and still the version of the "verified" marks
VERSION_HEADS = 2  # every chain's head in one signed line
# How far back from the newest event ``write`` looks for one whose MAC it can vouch for.
_LOOK_BACK = 1000


@dataclass(frozen=True)
class Checkpoint:
    chain: int
    seq: int
    hash: str
    at: str
    key_id: str
    line: int  # where it was read (1-based), for messages
    source: str


def default_path() -> Path:
    if not settings.AUDIT_CHECKPOINT_DIR:
        raise ImproperlyConfigured("ATBALSTS_AUDIT_CHECKPOINT_DIR is not set: audit checkpoints cannot be kept.")
    return Path(settings.AUDIT_CHECKPOINT_DIR) / FILE_NAME


def _body(chain: int, seq: int, hash_: str, at: str, key_id: str) -> str:
    return json.dumps(
        {"v": VERSION, "chain": chain, "seq": seq, "hash": hash_, "at": at, "key_id": key_id},
        sort_keys=True,
        separators=(",", ":"),
    )


def _heads_body(heads: list[tuple[int, int, str]], at: str, key_id: str) -> str:
    return json.dumps(
        {"v": VERSION_HEADS, "heads": [[c, n, h] for c, n, h in heads], "at": at, "key_id": key_id},
        sort_keys=True,
        separators=(",", ":"),
    )


_CHAINS_PRESENT = (
    "WITH RECURSIVE c(chain) AS (SELECT MIN(chain) FROM audit_auditevent UNION ALL "
    "SELECT (SELECT MIN(chain) FROM audit_auditevent WHERE chain > c.chain) FROM c WHERE c.chain IS NOT NULL) "
    "SELECT chain FROM c WHERE chain IS NOT NULL"
)


def chains_present() -> list[int]:
    """The chains that hold at least one event, found by skipping along the (chain, seq) index
    one chain at a time rather than reading every event as a DISTINCT would."""
    with connection.cursor() as cursor:
        cursor.execute(_CHAINS_PRESENT)
        return [int(row[0]) for row in cursor.fetchall()]


def _sealable(chain: int) -> AuditEvent | None:
    """The newest event of the chain whose MAC holds under a configured key.

    A checkpoint vouches for everything before the event it names, so it must never name an
    event that somebody without the key could have written.
    """
    from .log import event_mac_ok

    known = keys.all_keys()
    newest = AuditEvent.objects.filter(chain=chain).order_by("-seq")
    # Almost always the newest event itself: fetch a few at a time rather than the whole window.
    for start in range(0, _LOOK_BACK, 20):
        batch = list(newest[start : start + 20])
        for event in batch:
            if event_mac_ok(event, known):
                return event
        if len(batch) < 20:
            break
    return None


def write(path: Path | None = None) -> list[Checkpoint]:
    """Append one checkpoint naming every chain's newest verifiable event, all in one signed
    line, so no chain can later be left out of it. Returns what was written, one per chain."""
    path = path or default_path()
    key_id, key = keys.current()
    at = timezone.now().isoformat(timespec="seconds")
    heads = []
    for chain in chains_present():
        event = _sealable(chain)
        if event is not None:
            heads.append((chain, event.seq, event.hash))
    if not heads:
        return []
    body = _heads_body(heads, at, key_id)
    record = json.loads(body)
    record["sig"] = keys.mac(key, "checkpoint", body)
    _append(path, json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n")
    return [Checkpoint(chain, seq, hash_, at, key_id, 0, str(path)) for chain, seq, hash_ in heads]


def write_after_commit() -> None:
    """The every-N checkpoint, run once the events are committed. The events are safe whether or
    not it succeeds, so a failure (a full disk, a wrong directory) is logged, not raised into the
    request that happened to write the Nth event; `audit checkpoint` on its timer tries again."""
    try:
        write()
    except (OSError, ImproperlyConfigured):
        logger.exception("The audit checkpoint could not be written.")


def _append(path: Path, text: str) -> None:
    """One write with O_APPEND: lines from concurrent processes never interleave."""
    path.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class Reading:
    valid: list[Checkpoint]
    forged: list[str]  # messages about lines that fail their signature or cannot be read
    unchecked: int  # lines under a key that is no longer configured


def read(paths: list[Path]) -> Reading:
    known = keys.all_keys()
    reading = Reading(valid=[], forged=[], unchecked=0)
    for path in paths:
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    record = json.loads(raw)
                    if record.get("v") == VERSION_HEADS:
                        heads = [(int(c), int(n), str(h)) for c, n, h in record["heads"]]
                        body = _heads_body(heads, record["at"], record["key_id"])
                    else:
                        heads = [(int(record["chain"]), int(record["seq"]), str(record["hash"]))]
                        body = _body(record["chain"], record["seq"], record["hash"], record["at"], record["key_id"])
                    sig = record["sig"]
                except (ValueError, KeyError, TypeError, AttributeError):
                    reading.forged.append(f"{path}:{number}: not a checkpoint")
                    continue
                key = known.get(str(record["key_id"]))
                if key is None:
                    reading.unchecked += 1
                    continue
                if not keys.same(keys.mac(key, "checkpoint", body), str(sig)):
                    reading.forged.append(f"{path}:{number}: its signature does not match: it was altered")
                    continue
                reading.valid += [
                    Checkpoint(chain, seq, hash_, str(record["at"]), str(record["key_id"]), number, str(path))
                    for chain, seq, hash_ in heads
                ]
    return reading


def ship(destination: Path, source: Path | None = None) -> int:
    """Append to ``destination`` every checkpoint line it does not hold yet. Returns how many."""
    source = source or default_path()
    if not source.exists():
        return 0
    have = set()
    if destination.exists():
        have = {line.strip() for line in destination.read_text(encoding="utf-8").splitlines() if line.strip()}
    new = [line.strip() for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    missing = [line for line in new if line not in have]
    if missing:
        _append(destination, "".join(line + "\n" for line in missing))
    return len(missing)


# "Verified up to here" marks: after a clean `audit verify`, each chain's last event is noted,
# signed like a checkpoint, in a file of its own beside the checkpoints. An incremental run starts
# there (ADR 0020g). A mark only saves work: a missing, forged or unreadable one means a full walk.
MARKS_FILE = "verified.jsonl"


@dataclass(frozen=True)
class Mark:
    chain: int
    seq: int
    hash: str
    at: str


def _marks_path() -> Path:
    return default_path().with_name(MARKS_FILE)


def _mark_body(chain: int, seq: int, hash_: str, at: str, key_id: str) -> str:
    return json.dumps(
        {"v": VERSION, "chain": chain, "seq": seq, "hash": hash_, "at": at, "key_id": key_id, "kind": "verified"},
        sort_keys=True,
        separators=(",", ":"),
    )


def write_marks(ends: dict) -> None:
    """Note, for each chain, the last event of a run that found nothing wrong."""
    key_id, key = keys.current()
    at = timezone.now().isoformat(timespec="seconds")
    lines = []
    for chain, event in sorted(ends.items()):
        body = _mark_body(chain, event.seq, event.hash, at, key_id)
        record = json.loads(body)
        record["sig"] = keys.mac(key, "verified", body)
        lines.append(json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n")
    _append(_marks_path(), "".join(lines))


def read_marks() -> dict[int, Mark]:
    """The newest mark of each chain whose signature holds; lines that fail are ignored (a full
    walk follows for that chain, and it finds whatever was done to the events)."""
    path = _marks_path()
    if not path.exists():
        return {}
    known = keys.all_keys()
    newest: dict[int, Mark] = {}
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            try:
                record = json.loads(raw)
                body = _mark_body(record["chain"], record["seq"], record["hash"], record["at"], record["key_id"])
                key = known.get(record["key_id"])
                signed = key is not None and keys.same(keys.mac(key, "verified", body), str(record["sig"]))
            except (ValueError, KeyError, TypeError):
                continue
            if signed:
                mark = Mark(int(record["chain"]), int(record["seq"]), str(record["hash"]), str(record["at"]))
                if mark.chain not in newest or mark.seq >= newest[mark.chain].seq:
                    newest[mark.chain] = mark
    return newest
