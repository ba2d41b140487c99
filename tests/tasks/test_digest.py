from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from atbalsts.audit.models import Action, AuditEvent
from atbalsts.tasks.models import DigestPreference, DigestSent
from atbalsts.tasks.services import create_task
from tests.conftest import actor

from .conftest import TODAY


def _verify(*users, verified=True):
    for user in users:
        EmailAddress.objects.create(user=user, email=f"{user.username}@example.lv", verified=verified, primary=True)


def _run(*args):
    out = StringIO()
    call_command("send_digest", *args, stdout=out)
    return out.getvalue()


def _digest_event():
    return AuditEvent.objects.filter(action=Action.EXPORT, object_type="daily_digest").latest("seq")


def test_each_user_with_something_due_gets_one_mail_with_case_numbers_and_no_names(people, client_record,
                                                                                    application_due_today):
    _verify(people["sw"], people["siva"], people["statistician"])
    _verify(people["psy"], verified=False)
    create_task(actor(people["sw"]), {"title": "Book the interpreter", "due": TODAY,
                                      "case_number": client_record.case_number})
    output = _run("--date", "2026-11-23")
    assert "Sent 2 digest(s) for 2026-11-23" in output
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"sw@example.lv", "siva@example.lv"}
    sw_mail = by_address["sw@example.lv"]
    assert sw_mail.subject == "Atbalsts: kas jādara līdz 23.11.2026 (4)"
    assert client_record.case_number in sw_mail.body and "AT-FAKE002" in sw_mail.body
    assert "Book the interpreter" in sw_mail.body and "http://localhost:8000/rehabilitation/fake/" in sw_mail.body
    siva_mail = by_address["siva@example.lv"]
    assert f"http://localhost:8000/decisions/applications/{application_due_today.pk}/" in siva_mail.body
    for m in mail.outbox:
        for personal in ("Līga", "Bērziņa", "000101-12345", "Ūdens", "+371"):
            assert personal not in m.body and personal not in m.subject
    event = _digest_event()
    assert event.detail["sent"] == 2 and event.detail["nothing_due"] == 1
    assert event.detail["no_verified_address"] == len(people) - 3 and event.detail["dry_run"] is False
    assert AuditEvent.objects.filter(object_type="daily_digest").count() == 1


def test_the_digest_is_in_the_users_language(people, application_due_today):
    _verify(people["sw"], people["siva"])
    DigestPreference.objects.create(user=people["siva"], language="en")
    _run("--date", "2026-11-23")
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["siva@example.lv"].subject == "Atbalsts: what is due on 23.11.2026 (1)"
    assert "[due today]" in by_address["siva@example.lv"].body
    assert "Decide on application" in by_address["siva@example.lv"].body
    assert "jādara" in by_address["sw@example.lv"].subject and "[termiņš nokavēts]" in by_address["sw@example.lv"].body


def test_a_second_run_on_the_same_day_sends_nothing_twice(people):
    _verify(people["sw"])
    _run("--date", "2026-11-23")
    assert len(mail.outbox) == 1
    output = _run("--date", "2026-11-23")
    assert len(mail.outbox) == 1 and "Sent 0 digest(s)" in output and "1 had already received" in output
    assert _digest_event().detail["already_sent"] == 1
    _run("--date", "2026-11-24")
    assert len(mail.outbox) == 2
    assert DigestSent.objects.filter(user=people["sw"]).count() == 2


def test_a_dry_run_sends_and_notes_nothing_but_is_audited(people):
    _verify(people["sw"])
    output = _run("--date", "2026-11-23", "--dry-run")
    assert "Would send 1 digest(s)" in output and "sw: 2" in output
    assert not mail.outbox and not DigestSent.objects.exists()
    assert _digest_event().detail["dry_run"] is True


def test_inactive_users_and_users_with_nothing_due_get_nothing(people):
    _verify(people["sw"], people["outsider"])
    people["sw"].is_active = False
    people["sw"].save()
    output = _run("--date", "2026-11-23")
    assert not mail.outbox and "Sent 0 digest(s)" in output and "1 user(s) had nothing due" in output


def test_a_bad_date_is_refused(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("--date", "23.11.2026")


def test_a_run_that_fails_part_way_still_records_the_mails_that_went_out(people, monkeypatch):
    from atbalsts.tasks import digest

    _verify(people["sw"], people["siva"])
    create_task(actor(people["siva"]), {"title": "Read the new rules", "due": TODAY})
    real_send_mail = digest.send_mail

    def failing_for_siva(subject, body, from_email, to, **kwargs):
        if to == ["siva@example.lv"]:
            raise ConnectionError("the mail server went away")
        return real_send_mail(subject, body, from_email, to, **kwargs)

    monkeypatch.setattr(digest, "send_mail", failing_for_siva)
    with pytest.raises(ConnectionError):
        _run("--date", "2026-11-23")
    assert [m.to for m in mail.outbox] == [["sw@example.lv"]]
    # The failed mail is not noted as sent (tomorrow's run may try again), the sent one is ...
    assert list(DigestSent.objects.values_list("user__username", flat=True)) == ["sw"]
    # ... and the run's audit event still says who was sent what.
    event = _digest_event()
    assert event.detail["sent"] == 1 and event.detail["users"] == ["sw"] and event.detail["dry_run"] is False
