"""The forgeries of a database attacker who knows the source but not the audit key (ADR 0015).

Each test tampers with the tables the way such an attacker would — raw SQL, triggers switched
off as the owner could — and checks that ``audit verify`` names the damage.
"""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from atbalsts.audit import checkpoints
from atbalsts.audit.log import compute_hash, record, verify
from atbalsts.audit.models import Action, AuditEvent
from tests.conftest import actor

TRIGGERS = ("audit_event_no_update_delete", "audit_event_no_truncate")


def tamper(*statements) -> None:
    """Run SQL as a database attacker would; on PostgreSQL as the owner, who can disable triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for trigger in TRIGGERS:
                cursor.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {trigger}")
        for sql, params in statements:
            cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            for trigger in TRIGGERS:
                cursor.execute(f"ALTER TABLE audit_auditevent ENABLE TRIGGER {trigger}")


def rehash_from(seq: int) -> None:
    """Recompute every hash from ``seq`` on, as anyone who reads the source can."""
    events = list(AuditEvent.objects.order_by("seq"))
    prev = next((e.hash for e in events if e.seq == seq - 1), "0" * 64)
    statements = []
    for event in events:
        if event.seq < seq:
            continue
        event.prev_hash = prev
        new_hash = compute_hash(prev, event)
        statements.append(
            ("UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", [prev, new_hash, event.pk])
        )
        prev = new_hash
    tamper(*statements)


@pytest.fixture(autouse=True)
def _one_chain(settings):
    """These forgeries work on a single chain, as on PostgreSQL with AUDIT_CHAINS = 1 (and always
    on SQLite); test_sharded_chains.py forges one chain among several."""
    settings.AUDIT_CHAINS = 1


@pytest.fixture
def trail(people, client_record):
    """Eight events, the newest sealed by a checkpoint."""
    for _ in range(6):
        record(actor(people["sw"]), Action.READ, object_type="client", object_ref=client_record.case_number)
    written = checkpoints.write()
    assert [cp.seq for cp in written] == [AuditEvent.objects.count()]
    return list(AuditEvent.objects.order_by("seq"))


def seqs(problems) -> list:
    return [p.seq for p in problems]


def test_an_untouched_chain_with_its_checkpoint_verifies(trail):
    assert verify() == []
    call_command("audit", "verify", stdout=open("/dev/null", "w"))


def test_every_event_carries_a_mac_under_the_current_key(trail, settings):
    from atbalsts.audit.keys import key_id

    assert {e.key_id for e in trail} == {key_id(settings.AUDIT_KEYS[0])}
    assert all(len(e.mac) == 64 and e.mac != e.hash for e in trail)


def test_deleting_the_newest_events_is_detected_by_the_checkpoint(trail):
    tamper(("DELETE FROM audit_auditevent WHERE seq > %s", [trail[-3].seq]))
    problems = verify()
    assert problems and "newest events were removed" in problems[-1].message
    with pytest.raises(CommandError):
        call_command("audit", "verify", stderr=open("/dev/null", "w"))


def test_emptying_the_whole_table_is_detected_by_the_checkpoint(trail):
    sql = "TRUNCATE audit_auditevent" if connection.vendor == "postgresql" else "DELETE FROM audit_auditevent"
    tamper((sql, []))
    assert AuditEvent.objects.count() == 0
    problems = verify()
    assert len(problems) == 1
    assert f"recorded event {trail[-1].seq}" in problems[0].message


def test_changing_an_event_and_recomputing_every_later_hash_is_detected(trail):
    target = trail[2]
    tamper(("UPDATE audit_auditevent SET actor_username = %s WHERE id = %s", ["someone_else", target.pk]))
    rehash_from(target.seq)
    problems = verify()
    # The hashes agree again, but no MAC does, and the checkpoint names a different last hash.
    assert {p.seq for p in problems} >= {e.seq for e in trail[2:]}
    assert any("MAC does not match" in p.message for p in problems)
    assert any("differs from the checkpoint" in p.message for p in problems)


def test_deleting_an_event_and_renumbering_the_rest_is_detected(trail):
    gone = trail[3]
    tamper(("DELETE FROM audit_auditevent WHERE id = %s", [gone.pk]))
    tamper(*[("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [e.seq - 1, e.pk]) for e in trail[4:]])
    rehash_from(gone.seq)
    problems = verify()
    assert gone.seq in seqs(problems)
    assert any("MAC does not match" in p.message for p in problems)
    assert any("newest events were removed" in p.message for p in problems)


def test_an_event_written_without_the_key_is_detected(trail):
    last = trail[-1]
    forged = AuditEvent(
        chain=0, seq=last.seq + 1, at=last.at, action=Action.LOGIN, object_type="user", object_ref="1",
        prev_hash=last.hash, key_id=last.key_id, mac="0" * 64,
    )
    forged.hash = compute_hash(last.hash, forged)
    forged.save(force_insert=True)
    assert seqs(verify()) == [forged.seq]


def test_a_checkpoint_is_never_written_for_an_event_forged_without_the_key(trail):
    last = trail[-1]
    forged = AuditEvent(
        chain=0, seq=last.seq + 1, at=last.at, action=Action.LOGIN, prev_hash=last.hash, key_id="", mac="",
    )
    forged.hash = compute_hash(last.hash, forged)
    forged.save(force_insert=True)
    assert [cp.seq for cp in checkpoints.write()] == [last.seq]
    assert seqs(verify()) == [forged.seq]


def test_a_changed_checkpoint_is_detected(trail):
    path = checkpoints.default_path()
    line = json.loads(path.read_text().splitlines()[-1])
    line["heads"][0][1] = trail[-4].seq  # pretend the chain was shorter
    path.write_text(path.read_text() + json.dumps(line) + "\n")
    problems = verify()
    assert any("signature does not match" in p.message for p in problems)


def test_checkpoints_are_written_after_every_nth_event(people, settings, django_capture_on_commit_callbacks):
    settings.AUDIT_CHECKPOINT_EVERY = 3
    for _ in range(7):
        with django_capture_on_commit_callbacks(execute=True):
            record(actor(people["sw"]), Action.LIST, object_type="client")
    reading = checkpoints.read([checkpoints.default_path()])
    assert [cp.seq for cp in reading.valid] == [3, 6]


def test_shipping_copies_only_the_new_checkpoints_and_verify_reads_the_copy(trail, tmp_path, people):
    copy = tmp_path / "elsewhere" / "checkpoints.jsonl"
    call_command("audit", "ship", "--to", str(copy), stdout=open("/dev/null", "w"))
    record(actor(people["sw"]), Action.LIST, object_type="client")
    checkpoints.write()
    assert checkpoints.ship(copy) == 1
    assert checkpoints.ship(copy) == 0
    assert len(copy.read_text().splitlines()) == 2
    # The local checkpoints are lost; the shipped copy still shows that the tail was cut off.
    checkpoints.default_path().unlink()
    newest = AuditEvent.objects.order_by("-seq").first().seq
    tamper(("DELETE FROM audit_auditevent WHERE seq = %s", [newest]))
    assert verify() == []
    assert any("newest events were removed" in p.message for p in verify([copy]))


def test_events_from_before_the_keyed_chain_are_covered_by_the_first_keyed_event(people):
    legacy = AuditEvent(chain=0, seq=1, at=timezone.now(), action=Action.LOGIN, prev_hash="0" * 64)
    legacy.hash = compute_hash(legacy.prev_hash, legacy)
    legacy.save(force_insert=True)
    problems = verify()
    assert seqs(problems) == [1] and "cannot be checked" in problems[0].message
    record(actor(people["sw"]), Action.LIST, object_type="client")
    assert verify() == []


def test_a_checkpoint_that_cannot_be_written_does_not_fail_the_request_that_triggered_it(
    people, settings, tmp_path, django_capture_on_commit_callbacks, caplog
):
    blocker = tmp_path / "a-file-not-a-directory"
    blocker.write_text("")
    settings.AUDIT_CHECKPOINT_DIR = str(blocker)
    settings.AUDIT_CHECKPOINT_EVERY = 1
    with django_capture_on_commit_callbacks(execute=True):
        event = record(actor(people["sw"]), Action.LIST, object_type="client")
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert "could not be written" in caplog.text


# Incremental verification (ADR 0020g): a daily run walks only what came after the last clean run.


def walked_hashes(monkeypatch) -> list:
    """Record the events whose hash ``verify`` recomputes."""
    from atbalsts.audit import log

    seen = []
    original = log.compute_hash

    def counting(prev_hash, event):
        seen.append(event.seq)
        return original(prev_hash, event)

    monkeypatch.setattr(log, "compute_hash", counting)
    return seen


def test_a_clean_run_leaves_a_mark_and_the_next_incremental_run_walks_only_the_new_events(
    trail, people, monkeypatch
):
    assert verify() == []
    assert checkpoints.read_marks()[0].seq == trail[-1].seq
    for _ in range(3):
        record(actor(people["sw"]), Action.LIST, object_type="client")
    seen = walked_hashes(monkeypatch)
    assert verify(incremental=True, sample=0) == []
    assert seen == [trail[-1].seq + 1, trail[-1].seq + 2, trail[-1].seq + 3]
    assert checkpoints.read_marks()[0].seq == trail[-1].seq + 3


def test_without_a_mark_the_incremental_run_walks_the_whole_chain(trail, monkeypatch):
    seen = walked_hashes(monkeypatch)
    assert verify(incremental=True, sample=0) == []
    assert seen == [e.seq for e in trail]


def test_an_event_changed_after_the_mark_is_found_by_the_incremental_run(trail, people):
    assert verify() == []
    newer = record(actor(people["sw"]), Action.LIST, object_type="client")
    tamper(("UPDATE audit_auditevent SET object_type = %s WHERE id = %s", ["user", newer.pk]))
    problems = verify(incremental=True, sample=0)
    assert newer.seq in seqs(problems)
    assert checkpoints.read_marks()[0].seq == trail[-1].seq  # no new mark over a broken chain


def test_removing_the_marked_event_is_found_and_the_chain_walked_whole(trail):
    assert verify() == []
    tamper(("DELETE FROM audit_auditevent WHERE id = %s", [trail[-1].pk]))
    problems = verify(incremental=True, sample=0)
    assert any("was changed or removed since" in p.message for p in problems)
    assert any("newest events were removed" in p.message for p in problems)


def test_an_older_event_changed_is_found_by_the_sample(trail):
    assert verify() == []
    target = trail[2]
    tamper(("UPDATE audit_auditevent SET actor_username = %s WHERE id = %s", ["someone_else", target.pk]))
    # Every older event is in a sample as large as the chain.
    problems = verify(incremental=True, sample=len(trail))
    assert target.seq in seqs(problems)
    # A sample of none cannot see it: the periodic full walk does.
    assert verify(incremental=True, sample=0) == []
    assert target.seq in seqs(verify())


def test_a_forged_mark_is_ignored(trail, monkeypatch):
    assert verify() == []
    path = checkpoints._marks_path()
    line = json.loads(path.read_text().splitlines()[-1])
    line["seq"] = 1
    path.write_text(json.dumps(line) + "\n")
    assert checkpoints.read_marks() == {}
    seen = walked_hashes(monkeypatch)
    assert verify(incremental=True, sample=0) == []
    assert seen == [e.seq for e in trail]


def test_the_command_says_how_much_an_incremental_run_walked(trail, people):
    from io import StringIO

    call_command("audit", "verify")
    record(actor(people["sw"]), Action.LIST, object_type="client")
    out = StringIO()
    call_command("audit", "verify", "--incremental", "--sample", "2", stdout=out)
    assert f"OK: {len(trail) + 1} events, chain intact (1 walked since the last verification, 2 older" in out.getvalue()
    with pytest.raises(CommandError, match="--sample"):
        call_command("audit", "verify", "--incremental", "--sample", "-1")
