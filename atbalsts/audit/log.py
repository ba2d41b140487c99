"""Writing and checking the audit trail.

``record`` must be called inside the transaction of the change it describes, so the event
and the change are committed together or not at all. Reads are recorded by the access
functions in the same way.

The chain (ADR 0015): each event's ``hash`` is SHA-256 over its content and the previous hash;
its ``mac`` is an HMAC of that hash under the audit key, which lives outside the database. A
database attacker can recompute hashes but not MACs, and cannot reach the signed checkpoints
that say how long the chain was.

There are ``settings.AUDIT_CHAINS`` such chains (ADR 0022). An event goes to whichever chain
its transaction can lock without waiting, so concurrent audited reads no longer queue behind
one chain head; each chain is numbered, linked and verified on its own, and every checkpoint
names the head of every chain.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from . import checkpoints, keys
from .models import Action, AuditEvent, Purpose

GENESIS = "0" * 64
# The first chain: the only one with AUDIT_CHAINS = 1, and the one SQLite (a single writer) uses.
MAIN_CHAIN = 0
# pg_advisory_xact_lock(class, chain): the class is "Audt" in ASCII, so it cannot meet another lock.
_LOCK_CLASS = 0x41756474
MAC_MISMATCH = "its MAC does not match: it was written or rewritten without the audit key"


def _content(event: AuditEvent) -> dict[str, Any]:
    content = {
        "seq": event.seq,
        "at": event.at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "organisation_id": event.organisation_id,
        "organisation_name": event.organisation_name,
        "role": event.role,
        "action": event.action,
        "object_type": event.object_type,
        "object_ref": event.object_ref,
        "purpose": event.purpose,
        "detail": event.detail,
    }
    if event.key_id:
        # Keyed events also bind their chain and key, so neither can be swapped afterwards.
        # Events from before the keyed chain have neither and keep their original form.
        content["chain"] = event.chain
        content["key_id"] = event.key_id
    return content


def compute_hash(prev_hash: str, event: AuditEvent) -> str:
    payload = json.dumps(_content(event), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def _event_mac(key: bytes, event: AuditEvent) -> str:
    return keys.mac(key, "event", f"{event.chain}:{event.seq}:{event.hash}")


def event_mac_ok(event: AuditEvent, known: dict[str, bytes]) -> bool:
    key = known.get(event.key_id) if event.key_id else None
    return key is not None and keys.same(_event_mac(key, event), event.mac)


# Chain numbers are a PositiveSmallIntegerField and the lock's second key an int4.
MAX_CHAINS = 256


def chain_count() -> int:
    return max(1, min(settings.AUDIT_CHAINS, MAX_CHAINS))


def _claim_chain() -> int:
    """Lock a chain for the rest of the transaction and return it (ADR 0022).

    PostgreSQL: try, without waiting, this connection's chain and then the others in turn
    (``pg_try_advisory_xact_lock``, the advisory counterpart of ``FOR UPDATE SKIP LOCKED``);
    only when every chain is busy wait for this connection's own. Connections start at
    different chains (their process id), and each keeps the last chain it got, so a
    transaction that records twice tries the chain it already holds first and gets it again
    at once: a transaction holds at most one chain and waits only while holding none, so two
    appenders never deadlock. An advisory lock rather than a locked head row: the
    application's database role may then hold only INSERT and SELECT on the audit table.

    SQLite serialises writers by itself, so sharding gains nothing there: one chain.
    """
    if connection.vendor != "postgresql":
        return MAIN_CHAIN
    count = chain_count()
    home = getattr(connection, "_audit_chain", None)
    if home is None:
        home = os.getpid()
    home %= count
    with connection.cursor() as cursor:
        for step in range(count):
            chain = (home + step) % count
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, chain])
            if cursor.fetchone()[0]:
                connection._audit_chain = chain
                return chain
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, home])
    connection._audit_chain = home
    return home


def _checkpoint_due(chain: int, seq: int) -> bool:
    """About one checkpoint per AUDIT_CHECKPOINT_EVERY events in all, whatever the number of
    chains: each chain asks for one every so many of its own events, the chains staggered so
    that they do not all ask at once. Each checkpoint seals every chain's head."""
    every = settings.AUDIT_CHECKPOINT_EVERY
    return (seq + chain * every // chain_count()) % every == 0


def record(
    actor,
    action: str,
    *,
    object_type: str = "",
    object_ref: str = "",
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. ``actor`` is an accounts ``Actor``, a user, or None for the system."""
    user = getattr(actor, "user", actor)
    organisation = getattr(actor, "organisation", None)
    key_id, key = keys.current()
    event = AuditEvent(
        at=timezone.now(),
        actor_id=getattr(user, "pk", None),
        actor_username=getattr(user, "username", "") or "",
        organisation_id=getattr(organisation, "pk", None),
        organisation_name=getattr(organisation, "name", "") or "",
        role=getattr(actor, "role_label", "") or "",
        action=Action(action),
        object_type=object_type,
        object_ref=object_ref,
        purpose=Purpose(purpose) if purpose else "",
        detail=detail or {},
        key_id=key_id,
    )
    queue = getattr(connection, "_audit_queue", None)
    if queue is not None and not connection.in_atomic_block:
        # Inside ``batched()`` and outside any transaction: a read, appended with the others
        # when the block ends (before its answer leaves). Inside a transaction the event is
        # appended at once, so that it commits or rolls back with the change it describes.
        queue.append((event, key))
        return event
    with transaction.atomic():
        _append_one(event, key)
    return event


@contextlib.contextmanager
def batched():
    """Append the events recorded in this block together, in one transaction and one statement,
    when the block ends (ADR 0022, "Batched appends").

    Only events recorded outside any transaction wait: reads, and refusals, which describe no
    change. An event recorded inside a transaction is appended at once, as without the block, so
    that it commits or rolls back with its change. The waiting events are appended when the block
    ends, also when it ends with an exception (what was read was read), and an error in that
    append propagates: whoever opened the block must not answer before its events are stored.
    Blocks do not nest; an inner block joins the outer one."""
    if getattr(connection, "_audit_queue", None) is not None:
        yield
        return
    connection._audit_queue = queue = []
    try:
        yield
    finally:
        connection._audit_queue = None
        if queue:
            _append_batch(queue)


def _append_batch(queue: list[tuple[AuditEvent, bytes]]) -> None:
    """Place the queued events one after another on one chain and insert them together."""
    if len(queue) == 1:
        event, key = queue[0]
        with transaction.atomic():
            _append_one(event, key)
        return
    with transaction.atomic():
        chain = _claim_chain()
        seq, prev = AuditEvent.objects.filter(chain=chain).order_by("-seq").values_list("seq", "hash").first() or (
            0, GENESIS)
        for event, key in queue:
            _seal(event, key, chain, seq, prev)
            seq, prev = event.seq, event.hash
        events = [event for event, _key in queue]
        if connection.vendor == "postgresql":
            _copy_in(events)
        else:
            AuditEvent.objects.bulk_create(events)
        _remember_head(events[-1])
        if any(_checkpoint_due(e.chain, e.seq) for e in events):
            transaction.on_commit(checkpoints.write_after_commit)


def _copy_in(events: list[AuditEvent]) -> None:
    """Insert sealed events with one ``COPY ... FROM STDIN`` (PostgreSQL): the cheapest way in
    for many rows, and an insert like any other for the table's append-only triggers and for a
    database role that holds only INSERT and SELECT. Values go in as the model would save them."""
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(
        f"COPY {quote(AuditEvent._meta.db_table)} ({columns}) FROM STDIN"  # names from the model's metadata
    ) as copy:
        for event in events:
            copy.write_row([_copy_value(f, getattr(event, f.attname)) for f in fields])


def _copy_value(field, value):
    # The event's values are plain text, numbers and an aware time, which the driver writes as
    # they are; only the detail needs its JSON text.
    if isinstance(field, models.JSONField):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def _append_one(event: AuditEvent, key: bytes) -> None:
    if not _append_at_known_head(event, key):
        chain = _claim_chain()
        last = AuditEvent.objects.filter(chain=chain).order_by("-seq").values_list("seq", "hash").first()
        _seal(event, key, chain, *(last or (0, GENESIS)))
        event.save(force_insert=True)
        _remember_head(event)
    if _checkpoint_due(event.chain, event.seq):
        transaction.on_commit(checkpoints.write_after_commit)


def _seal(event: AuditEvent, key: bytes, chain: int, seq: int, prev_hash: str) -> None:
    """Place the event after (seq, prev_hash) on the chain: number, link, hash and MAC."""
    event.chain, event.seq, event.prev_hash = chain, seq + 1, prev_hash
    event.hash = compute_hash(prev_hash, event)
    event.mac = _event_mac(key, event)


def _remember_head(event: AuditEvent) -> None:
    heads = getattr(connection, "_audit_heads", None)
    if heads is None:
        heads = connection._audit_heads = {}
    heads[event.chain] = (event.seq, event.hash)


@functools.cache
def _insert_at_head_sql() -> tuple[list, str]:
    """The fields and the statement of ``_append_at_known_head``, made once from the model.

    In ``INSERT ... SELECT`` a bare parameter is text, so numbers, the time and the detail are
    cast to their columns' types. Strings stay text: casting to ``varchar(n)`` would cut a long
    value silently (and the hash, made over the whole value, would no longer match), while
    assigning text to the column refuses it as a plain insert does."""
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    table = quote(AuditEvent._meta.db_table)
    casts = ", ".join(
        "%s" if f.get_internal_type() == "CharField" else f"CAST(%s AS {f.cast_db_type(connection)})" for f in fields
    )
    # Names come from the model's own metadata; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
        f"SELECT {casts} "
        f"WHERE pg_try_advisory_xact_lock(%s, %s) AND EXISTS (SELECT 1 FROM {table} "
        f"WHERE {quote('chain')} = %s AND {quote('seq')} = %s AND {quote('hash')} = %s) "
        f"ON CONFLICT ({quote('chain')}, {quote('seq')}) DO NOTHING "
        f"RETURNING {quote(AuditEvent._meta.pk.column)}"
    )
    return fields, sql


def _append_at_known_head(event: AuditEvent, key: bytes) -> bool:
    """The common case in one statement (PostgreSQL; ADR 0022, "Cheaper appends").

    A connection remembers where it last appended on each chain. It tries to lock its chain
    without waiting and to append right after that head, in one ``INSERT ... SELECT ... WHERE``:
    the row goes in only if the lock was free (or already held by this transaction), the
    remembered previous event is there with that hash (visible to this transaction, so
    committed or its own), and its place is still free (``ON CONFLICT ... DO NOTHING``, which
    also sees an event committed after this statement began). Otherwise nothing is written and
    ``record`` takes the general way (claim a chain, read its head, append). The remembered head
    is only a guess: a guess that is wrong (another connection appended since, or the
    transaction that wrote it was rolled back) inserts nothing, so the chain never gets a gap or
    a fork because of it. Every appender holds the chain's lock while it appends, so no other
    transaction can be adding to the chain while this one's insert goes in.
    """
    if connection.vendor != "postgresql":
        return False
    chain = getattr(connection, "_audit_chain", None)
    known = (getattr(connection, "_audit_heads", None) or {}).get(chain)
    if chain is None or known is None or chain >= chain_count():
        return False
    _seal(event, key, chain, *known)
    fields, sql = _insert_at_head_sql()
    values = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, _LOCK_CLASS, chain, chain, known[0], known[1]])
        row = cursor.fetchone()
    if row is None:
        return False
    event.pk = row[0]
    event._state.adding = False
    event._state.db = connection.alias
    _remember_head(event)
    return True


@dataclass
class Problem:
    seq: int | None
    message: str
    chain: int | None = None


def verify(
    extra_checkpoints: list[Path] | None = None, *, incremental: bool = False, sample: int = 0
) -> list[Problem]:
    """Walk every chain; return every place where it does not hold.

    Checked: numbering without gaps, each event linking to the one before, each hash matching
    the content, each MAC matching under the audit key, the chain agreeing with every signed
    checkpoint, and no checkpoint naming an event beyond the chain's end.

    ``incremental`` starts each chain at the newest signed "verified up to here" mark that an
    earlier clean run left (``checkpoints.read_marks``), so a daily run costs the day's events:
    the marked event must still be there with the hash and MAC it had, and ``sample`` older
    events chosen at random are checked again (ADR 0020g). Without a usable mark the chain is
    walked whole. A clean run (no problem) leaves a new mark at each chain's end.
    """
    problems: list[Problem] = []
    paths = [checkpoints.default_path()] if settings.AUDIT_CHECKPOINT_DIR else []
    reading = checkpoints.read(paths + list(extra_checkpoints or []))
    problems += [Problem(None, f"checkpoint {message}") for message in reading.forged]
    marks = checkpoints.read_marks() if incremental and settings.AUDIT_CHECKPOINT_DIR else {}
    chains = set(checkpoints.chains_present())
    # A chain a checkpoint named but that has no event left was removed whole: walking it
    # (empty) reports its events as cut off.
    chains |= {cp.chain for cp in reading.valid}
    ends: dict[int, AuditEvent] = {}
    for chain in sorted(chains):
        sealed = [cp for cp in reading.valid if cp.chain == chain]
        start = None
        if chain in marks:
            start, mark_problems = _start_at_mark(chain, marks[chain], sample)
            problems += mark_problems
        found, end = _verify_chain(chain, sealed, start)
        problems += found
        if end is not None:
            ends[chain] = end
    if not problems and settings.AUDIT_CHECKPOINT_DIR and ends:
        checkpoints.write_marks(ends)
    return problems


def _start_at_mark(chain: int, mark: checkpoints.Mark, sample: int) -> tuple[AuditEvent | None, list[Problem]]:
    """The event an earlier clean run ended at, if it is still exactly as it was; and the
    problems found among ``sample`` older events checked again at random."""
    known = keys.all_keys()
    event = AuditEvent.objects.filter(chain=chain, seq=mark.seq).first()
    if event is None or not keys.same(event.hash, mark.hash):
        return None, [
            Problem(mark.seq, f"the event the verification of {mark.at} ended at was changed or removed since", chain)
        ]
    problems = []
    if event.key_id and not event_mac_ok(event, known):
        problems.append(Problem(event.seq, MAC_MISMATCH))
    if sample and mark.seq > 1:
        chosen = random.SystemRandom().sample(range(2, mark.seq + 1), min(sample, mark.seq - 1))
        wanted = set(chosen) | {seq - 1 for seq in chosen}
        older = {e.seq: e for e in AuditEvent.objects.filter(chain=chain, seq__in=wanted)}
        for seq in sorted(chosen):
            current, before = older.get(seq), older.get(seq - 1)
            if current is None or before is None:
                problems.append(Problem(seq, "an event verified before is missing now"))
                continue
            if current.prev_hash != before.hash or compute_hash(current.prev_hash, current) != current.hash:
                problems.append(Problem(seq, "an event verified before was changed since"))
            elif current.key_id and current.key_id in known and not event_mac_ok(current, known):
                problems.append(Problem(seq, MAC_MISMATCH))
    for problem in problems:
        problem.chain = chain
    return event, problems


def _verify_chain(
    chain: int, sealed: list[checkpoints.Checkpoint], start: AuditEvent | None = None
) -> tuple[list[Problem], AuditEvent | None]:
    """Walk one chain from its beginning, or from just after ``start`` (an event already
    verified); returns the problems and the chain's last event."""
    problems: list[Problem] = []
    known = keys.all_keys()
    by_seq: dict[int, list[checkpoints.Checkpoint]] = {}
    for cp in sealed:
        if start is None or cp.seq > start.seq:
            by_seq.setdefault(cp.seq, []).append(cp)
    expected_prev, expected_seq = GENESIS, 1
    events = AuditEvent.objects.filter(chain=chain)
    if start is not None:
        expected_prev, expected_seq = start.hash, start.seq + 1
        events = events.filter(seq__gt=start.seq)
    end = start
    # Events whose MAC cannot be checked (written before the keyed chain, or under a key since
    # removed) are safe only once a later verified event or a checkpoint links past them.
    unanchored: list[int] = []
    for event in events.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            problems.append(Problem(event.seq, f"events {expected_seq}–{event.seq - 1} are missing"))
        if event.prev_hash != expected_prev:
            problems.append(Problem(event.seq, "does not link to the event before it"))
        if compute_hash(event.prev_hash, event) != event.hash:
            problems.append(Problem(event.seq, "its content was changed after it was written"))
        if event.key_id and event.key_id in known:
            if event_mac_ok(event, known):
                unanchored = []
            else:
                problems.append(
                    Problem(event.seq, "its MAC does not match: it was written or rewritten without the audit key")
                )
        else:
            unanchored.append(event.seq)
        for cp in by_seq.pop(event.seq, []):
            if keys.same(cp.hash, event.hash):
                unanchored = []
            else:
                problems.append(Problem(event.seq, f"differs from the checkpoint of {cp.at} ({cp.source}:{cp.line})"))
        expected_prev, expected_seq = event.hash, event.seq + 1
        end = event
    last = expected_seq - 1
    if unanchored:
        problems.append(
            Problem(
                unanchored[0],
                f"events {unanchored[0]}–{unanchored[-1]} cannot be checked: no configured audit key signed them "
                "and no later event or checkpoint covers them",
            )
        )
    beyond = [cp for seq, cps in by_seq.items() if seq > last for cp in cps]
    if beyond:
        furthest = max(beyond, key=lambda cp: cp.seq)
        problems.append(
            Problem(
                last + 1,
                f"the chain ends at event {last}, but the checkpoint of {furthest.at} recorded event {furthest.seq}: "
                "the newest events were removed",
            )
        )
    for problem in problems:
        problem.chain = chain
    return problems, end
