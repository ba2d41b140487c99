"""Several audit chains (ADR 0022): the forgeries of a database attacker against one chain among
several, and, on PostgreSQL, appends spreading over the chains instead of queueing behind one.

SQLite always appends to one chain (a single writer gains nothing from more), so the forgery
tests put events on four chains in turn by replacing the chain choice; what they test is
``verify`` and the checkpoints, which are the same on both databases.
"""

import datetime
import itertools
import json
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from atbalsts.audit import checkpoints, log
from atbalsts.audit.log import compute_hash, record, verify
from atbalsts.audit.models import Action, AuditEvent
from tests.audit.test_keyed_chain import tamper
from tests.conftest import actor

CHAINS = 4


@pytest.fixture
def round_robin(settings, monkeypatch):
    settings.AUDIT_CHAINS = CHAINS
    turn = itertools.cycle(range(CHAINS))
    monkeypatch.setattr(log, "_claim_chain", lambda: next(turn))
    # Every append through the chain choice above, never after a remembered head.
    monkeypatch.setattr(log, "_append_at_known_head", lambda event, key: False)


@pytest.fixture
def shards(people, round_robin):
    """Three events on each of four chains, the heads sealed by one checkpoint."""
    for _ in range(3 * CHAINS):
        record(actor(people["sw"]), Action.LIST, object_type="client")
    written = checkpoints.write()
    assert [(cp.chain, cp.seq) for cp in written] == [(chain, 3) for chain in range(CHAINS)]
    return {chain: list(AuditEvent.objects.filter(chain=chain).order_by("seq")) for chain in range(CHAINS)}


def where(problems) -> list:
    return sorted({(p.chain, p.seq) for p in problems})


def test_untouched_chains_verify_and_one_signed_line_names_every_head(shards):
    assert verify() == []
    lines = checkpoints.default_path().read_text().splitlines()
    assert len(lines) == 1
    line = json.loads(lines[0])
    assert line["v"] == 2
    assert [head[:2] for head in line["heads"]] == [[chain, 3] for chain in range(CHAINS)]
    assert [head[2] for head in line["heads"]] == [shards[chain][-1].hash for chain in range(CHAINS)]


def test_the_command_says_how_many_chains_it_checked(shards, capsys):
    call_command("audit", "verify")
    assert "OK: 12 events, 4 chains intact." in capsys.readouterr().out


def test_deleting_the_newest_events_of_one_chain_is_found_by_the_checkpoint(shards):
    newest = shards[2][-1]
    tamper(("DELETE FROM audit_auditevent WHERE id = %s", [newest.pk]))
    problems = verify()
    assert where(problems) == [(2, 3)]
    assert "newest events were removed" in problems[0].message


def test_removing_a_whole_chain_is_found_because_the_checkpoint_names_it(shards, capsys):
    tamper(("DELETE FROM audit_auditevent WHERE chain = %s", [1]))
    problems = verify()
    assert where(problems) == [(1, 1)]
    assert "the chain ends at event 0" in problems[0].message
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert "chain 1, event 1: the chain ends at event 0" in capsys.readouterr().err


def test_truncating_the_whole_trail_is_found_for_every_chain(shards):
    tamper(("DELETE FROM audit_auditevent", []))
    assert where(verify()) == [(chain, 1) for chain in range(CHAINS)]


def test_altering_an_event_of_one_chain_even_rehashed_is_found_by_its_mac(shards):
    victim = shards[3][1]
    victim.role = "forged"
    new_hash = compute_hash(victim.prev_hash, victim)
    after = shards[3][2]
    after.prev_hash = new_hash
    tamper(
        ("UPDATE audit_auditevent SET role = %s, hash = %s WHERE id = %s", ["forged", new_hash, victim.pk]),
        (
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            [new_hash, compute_hash(new_hash, after), after.pk],
        ),
    )
    problems = verify()
    assert {p.chain for p in problems} == {3}
    assert any(p.seq == 2 and p.message == log.MAC_MISMATCH for p in problems)


def test_moving_an_event_to_another_chain_is_found(shards):
    # The newest event of chain 0 becomes event 4 of chain 1: both chains are now wrong.
    moved = shards[0][-1]
    tamper(("UPDATE audit_auditevent SET chain = %s, seq = %s WHERE id = %s", [1, 4, moved.pk]))
    problems = verify()
    assert (0, 3) in where(problems)  # the checkpoint named chain 0's event 3
    assert any(p.chain == 1 and p.seq == 4 and "does not link" in p.message for p in problems)
    assert any(p.chain == 1 and p.seq == 4 and "content was changed" in p.message for p in problems)


def test_renumbering_within_one_chain_is_found(shards):
    event = shards[2][1]
    tamper(("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [7, event.pk]))
    problems = verify()
    assert {p.chain for p in problems} == {2}
    assert any(p.seq == 3 and "events 2–2 are missing" in p.message for p in problems)
    assert any(p.seq == 7 and "content was changed" in p.message for p in problems)


def test_a_checkpoint_line_with_one_chain_left_out_is_refused(shards):
    path = checkpoints.default_path()
    line = json.loads(path.read_text().splitlines()[-1])
    line["heads"] = [head for head in line["heads"] if head[0] != 1]
    path.write_text(json.dumps(line) + "\n")
    assert any("signature does not match" in p.message for p in verify())


def test_incremental_verification_marks_and_checks_every_chain(shards, people):
    assert verify(incremental=True) == []
    assert {chain: mark.seq for chain, mark in checkpoints.read_marks().items()} == {c: 3 for c in range(CHAINS)}
    for _ in range(CHAINS):
        record(actor(people["sw"]), Action.LIST, object_type="client")
    assert verify(incremental=True) == []
    assert {chain: mark.seq for chain, mark in checkpoints.read_marks().items()} == {c: 4 for c in range(CHAINS)}
    # The event chain 2's mark names is removed: the incremental run finds it.
    marked = AuditEvent.objects.get(chain=2, seq=4)
    tamper(("DELETE FROM audit_auditevent WHERE id = %s", [marked.pk]))
    problems = verify(incremental=True)
    assert {p.chain for p in problems} == {2}
    assert any("ended at was changed or removed" in p.message for p in problems)


def test_a_chain_named_only_in_an_old_one_chain_checkpoint_is_still_checked(shards):
    """Checkpoints written before ADR 0022 (one chain per line, version 1) are still read."""
    key_id, key = log.keys.current()
    head = shards[1][-1]
    body = checkpoints._body(1, head.seq, head.hash, "2026-11-01T09:00:00+00:00", key_id)
    line = json.loads(body)
    line["sig"] = log.keys.mac(key, "checkpoint", body)
    checkpoints.default_path().write_text(json.dumps(line) + "\n")
    assert verify() == []
    tamper(("DELETE FROM audit_auditevent WHERE id = %s", [head.pk]))
    assert where(verify()) == [(1, 3)]


def test_checkpoints_come_about_once_every_n_events_whatever_the_number_of_chains(
    people, round_robin, settings, django_capture_on_commit_callbacks
):
    settings.AUDIT_CHECKPOINT_EVERY = 4
    for _ in range(16):
        with django_capture_on_commit_callbacks(execute=True):
            record(actor(people["sw"]), Action.LIST, object_type="client")
    lines = checkpoints.default_path().read_text().splitlines()
    # Four chains of four events: each chain asked once, at a different moment.
    assert len(lines) == 4
    firsts = [[head[:2] for head in json.loads(line)["heads"]] for line in lines]
    assert len({json.dumps(heads) for heads in firsts}) == 4
    assert verify() == []


def test_the_audit_page_lists_the_newest_first_across_chains(people, settings, monkeypatch, login, clock, clock_today):
    """Numbers count within a chain: the oldest of these events has the highest number."""
    settings.AUDIT_CHAINS = CHAINS
    turn = iter([0, 0, 0, 1, 2])
    monkeypatch.setattr(log, "_claim_chain", lambda: next(turn, 3))
    record(None, Action.LIST, object_type="client")
    record(None, Action.LIST, object_type="client")
    for day in range(3):
        clock.move_to(clock_today + datetime.timedelta(days=day))
        record(actor(people["sw"]), Action.READ, object_type="client", object_ref=f"AT-ORDER{day}")
    assert AuditEvent.objects.get(object_ref="AT-ORDER0").seq == 3
    body = login(people["sys_admin"]).get("/audit/").content.decode()
    positions = [body.index(f"AT-ORDER{day}") for day in (2, 1, 0)]
    assert positions == sorted(positions)


# --- PostgreSQL: real locks, real concurrency ---------------------------------------------

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_appends_that_hold_their_chain_at_the_same_time_take_different_chains(people, settings):
    """Four transactions each append and then wait until all four have appended: none waits
    for another's chain, so they hold four different chains."""
    settings.AUDIT_CHAINS = 8
    barrier = threading.Barrier(4, timeout=60)
    chains, errors = [], []

    def append_and_hold():
        try:
            with transaction.atomic():
                chains.append(record(None, Action.LIST, object_type="client").chain)
                barrier.wait()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append_and_hold) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(set(chains)) == 4
    assert verify() == []


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_when_every_chain_is_busy_an_append_waits_for_one(people, settings):
    settings.AUDIT_CHAINS = 2
    holding = threading.Barrier(3, timeout=60)
    release = threading.Event()
    late: list = []
    errors: list = []

    def hold():
        try:
            with transaction.atomic():
                record(None, Action.LIST, object_type="client")
                holding.wait()
                release.wait(60)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    def append_late():
        try:
            late.append(record(None, Action.LIST, object_type="client"))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    holders = [threading.Thread(target=hold) for _ in range(2)]
    for thread in holders:
        thread.start()
    holding.wait()
    latecomer = threading.Thread(target=append_late)
    latecomer.start()
    latecomer.join(timeout=1)
    assert latecomer.is_alive() and late == []  # both chains are held: it waits
    release.set()
    for thread in [*holders, latecomer]:
        thread.join(timeout=120)
    assert errors == []
    assert late[0].seq == 2
    assert verify() == []


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_appends_spread_over_chains_each_unbroken(people, settings):
    settings.AUDIT_CHAINS = 8
    errors = []

    def append_many():
        try:
            for _ in range(25):
                with transaction.atomic():
                    # Twice in one transaction: the second append takes the chain it already holds.
                    first = record(None, Action.LIST, object_type="client")
                    second = record(None, Action.READ, object_type="client")
                    assert second.chain == first.chain
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append_many) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert AuditEvent.objects.count() == 300
    for chain in checkpoints.chains_present():
        seqs = list(AuditEvent.objects.filter(chain=chain).order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))
    assert verify() == []


# --- PostgreSQL: an append after the head this connection remembers, in one statement ------


def audit_statements(captured) -> list[str]:
    return [q["sql"] for q in captured if "audit_auditevent" in q["sql"] or "advisory" in q["sql"]]


@postgres_only
@pytest.mark.django_db
def test_the_next_append_on_a_connection_is_one_statement(people, settings):
    from django.test.utils import CaptureQueriesContext

    settings.AUDIT_CHAINS = 8
    first = record(None, Action.LIST, object_type="client")  # claims a chain, reads its head
    with CaptureQueriesContext(connection) as ctx:
        second = record(None, Action.READ, object_type="client")
    statements = audit_statements(ctx.captured_queries)
    assert len(statements) == 1 and statements[0].startswith("INSERT INTO")
    assert (second.chain, second.seq, second.prev_hash) == (first.chain, first.seq + 1, first.hash)
    assert AuditEvent.objects.get(pk=second.pk).hash == second.hash
    assert verify() == []


@postgres_only
@pytest.mark.django_db
def test_a_remembered_head_that_was_rolled_back_writes_nothing_and_the_chain_stays_whole(people, settings):
    settings.AUDIT_CHAINS = 8
    first = record(None, Action.LIST, object_type="client")
    with pytest.raises(RuntimeError), transaction.atomic():
        gone = record(None, Action.READ, object_type="client")
        raise RuntimeError("the change is undone, and its event with it")
    assert gone.seq == first.seq + 1
    # The connection remembers the undone event as its chain's head; the next append must not
    # link to it (that would leave a gap): it finds the real head instead.
    after = record(None, Action.READ, object_type="client")
    assert (after.chain, after.seq, after.prev_hash) == (first.chain, first.seq + 1, first.hash)
    assert verify() == []


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_head_moved_on_by_another_connection_is_not_forked(people, settings):
    settings.AUDIT_CHAINS = 8
    mine = record(None, Action.LIST, object_type="client")
    # Another connection appends to the same chain after it: our remembered head is stale.
    other = connection.copy()
    try:
        other.connect()
        with other.cursor() as cursor:
            cursor.execute("SELECT seq, hash FROM audit_auditevent WHERE chain = %s ORDER BY seq DESC LIMIT 1",
                           [mine.chain])
            assert cursor.fetchone() == (mine.seq, mine.hash)
        from atbalsts.audit import keys

        key_id, key = keys.current()
        theirs = AuditEvent(at=mine.at, action=Action.LIST, object_type="client", detail={}, key_id=key_id)
        log._seal(theirs, key, mine.chain, mine.seq, mine.hash)
        fields, _sql = log._insert_at_head_sql()
        with other.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO audit_auditevent ({', '.join(f.column for f in fields)}) VALUES "  # noqa: S608 - column names from the model
                f"({', '.join(['%s'] * len(fields))})",
                [f.get_db_prep_save(getattr(theirs, f.attname), other) for f in fields],
            )
    finally:
        other.close()
    after = record(None, Action.READ, object_type="client")
    assert (after.chain, after.seq, after.prev_hash) == (mine.chain, mine.seq + 2, theirs.hash)
    assert verify() == []
