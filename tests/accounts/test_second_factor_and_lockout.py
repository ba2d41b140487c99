"""Second factors encrypted at rest, lockout per account, the absolute session limit (ADR 0016)."""

import datetime
import json

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from axes.models import AccessAttempt
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import Client as HttpClient

from atbalsts.audit.log import verify
from atbalsts.audit.models import Action, AuditEvent
from tests.accounts.test_security import PASSWORD, PROD, current_code, run_settings


def raw_data(user) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE user_id = %s ORDER BY type", [user.pk])
        return [row[0] if isinstance(row[0], str) else json.dumps(row[0]) for row in cursor.fetchall()]


def plain_totp_secret(user) -> str:
    from allauth.mfa.utils import decrypt

    return decrypt(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"])


def test_totp_secrets_and_recovery_code_seeds_are_stored_encrypted(people):
    sw = people["sw"]
    RecoveryCodes.activate(sw)
    secret = plain_totp_secret(sw)
    stored = raw_data(sw)
    assert len(stored) == 2
    assert all("enc1:" in row for row in stored)
    assert not any(secret in row for row in stored)
    seed = Authenticator.objects.get(user=sw, type=Authenticator.Type.RECOVERY_CODES).data["seed"]
    assert seed.startswith("enc1:")
    assert len(RecoveryCodes(Authenticator.objects.get(user=sw, type="recovery_codes")).generate_codes()) == 10


def test_the_migration_encrypts_secrets_written_in_the_clear_and_only_once(people):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("atbalsts.accounts.migrations.0003_encrypt_second_factors")
    sw = people["sw"]
    secret = plain_totp_secret(sw)
    Authenticator.objects.filter(user=sw).update(data={"secret": secret})  # as allauth stored it before
    migration.encrypt_all(apps, None)
    once = Authenticator.objects.get(user=sw).data["secret"]
    assert once.startswith("enc1:") and plain_totp_secret(sw) == secret
    migration.encrypt_all(apps, None)
    assert Authenticator.objects.get(user=sw).data["secret"] == once


def test_rotating_keys_reencrypts_second_factors_and_reseals_the_audit_chain(people, settings):
    sw = people["sw"]
    RecoveryCodes.activate(sw)
    codes = RecoveryCodes(Authenticator.objects.get(user=sw, type="recovery_codes")).generate_codes()
    secret = plain_totp_secret(sw)
    before = raw_data(sw)
    HttpClient().post("/accounts/login/", {"login": "sw", "password": "wrong"})  # an event under the old audit key
    new_field_key = Fernet.generate_key().decode()
    new_audit_key = "a-new-audit-key-" + "n" * 40
    settings.FIELD_ENCRYPTION_KEYS = [new_field_key, *settings.FIELD_ENCRYPTION_KEYS]
    settings.AUDIT_KEYS = [new_audit_key, *settings.AUDIT_KEYS]
    call_command("rotate_keys", stdout=open("/dev/null", "w"))
    assert raw_data(sw) != before
    # Only the new keys are left: the second factor still works, and the whole trail still verifies.
    settings.FIELD_ENCRYPTION_KEYS = [new_field_key]
    settings.AUDIT_KEYS = [new_audit_key]
    assert plain_totp_secret(sw) == secret
    assert RecoveryCodes(Authenticator.objects.get(user=sw, type="recovery_codes")).generate_codes() == codes
    assert verify() == []
    http = HttpClient()
    http.post("/accounts/login/", {"login": "sw", "password": PASSWORD})
    assert http.post("/accounts/2fa/authenticate/", {"code": current_code(sw)}).status_code == 302
    assert http.get("/clients/").status_code == 200


def test_keys_are_not_rotated_over_a_broken_audit_chain(people, settings):
    from django.core.management import CommandError

    from atbalsts.audit import checkpoints

    HttpClient().post("/accounts/login/", {"login": "sw", "password": "wrong"})
    checkpoints.write()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete")
        cursor.execute("DELETE FROM audit_auditevent")
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update_delete")
    before = raw_data(people["sw"])
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    with pytest.raises(CommandError):
        call_command("rotate_keys", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
    assert raw_data(people["sw"]) == before


def fail(http, login):
    return http.post("/accounts/login/", {"login": login, "password": "not-the-password"})


def test_failures_by_username_email_and_letter_case_count_for_one_account(people, settings):
    sw = people["sw"]
    sw.email = "Anna.Sw@Example.lv"
    sw.save()
    http = HttpClient()
    for login in ["sw", "SW", "anna.sw@example.lv", "ANNA.SW@EXAMPLE.LV"]:
        assert fail(http, login).status_code == 200
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {f"account:{sw.pk}"}
    assert fail(http, "Sw").status_code == 429
    # Locked under every spelling, even with the right password: no way on to the second factor.
    # (allauth's own limit, now also per account, may refuse first with the form: 200.)
    for login in ["sw", "anna.sw@example.lv"]:
        response = http.post("/accounts/login/", {"login": login, "password": PASSWORD})
        assert response.status_code in (200, 429)
        assert "_auth_user_id" not in http.session
    # Other accounts are not affected.
    assert HttpClient().post("/accounts/login/", {"login": "psy", "password": PASSWORD}).status_code == 302


def test_a_typed_login_that_matches_no_account_is_neither_stored_nor_audited(people):
    http = HttpClient()
    for _ in range(2):
        fail(http, "Maybe-A-Password-Typed-Here")
    assert not AccessAttempt.objects.filter(username__icontains="maybe").exists()
    assert AccessAttempt.objects.get().username.startswith("unknown:")
    events = AuditEvent.objects.filter(action=Action.LOGIN_FAILED)
    assert events.count() == 2
    assert all(e.detail == {"account": "unknown"} and e.object_ref == "" for e in events)
    everything = json.dumps(list(AuditEvent.objects.values()), default=str).lower()
    assert "maybe-a-password" not in everything and "not-the-password" not in everything


def test_refused_attempts_of_a_locked_account_are_audited_as_refused(people, settings):
    http = HttpClient()
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        fail(http, "sw")
    refused = AuditEvent.objects.filter(action=Action.LOGIN_REFUSED)
    assert refused.count() >= 2
    assert {e.object_ref for e in refused} == {str(people["sw"].pk)}
    assert "not-the-password" not in json.dumps(list(refused.values_list("detail", flat=True)))


def test_allauths_own_rate_limit_counts_per_account_and_is_audited(people, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,3/300s/key"}
    settings.AXES_FAILURE_LIMIT = 100
    http = HttpClient()
    http.cookies["django_language"] = "en"
    for login in ["sw", "SW", "Sw"]:
        fail(http, login)
    response = fail(http, "sW")
    assert "Too many failed login attempts" in response.content.decode()
    refused = AuditEvent.objects.get(action=Action.LOGIN_REFUSED)
    assert refused.detail == {"by": "rate_limit", "account": "known"}
    assert refused.object_ref == str(people["sw"].pk)


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(people, login, settings):
    start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        http = login(people["sw"])
        # Busy all day: never idle for long, so only the absolute limit can end it.
        for _ in range(int(settings.SESSION_ABSOLUTE_SECONDS // 1500)):
            clock.shift(datetime.timedelta(seconds=1500))
            assert http.get("/clients/").status_code == 200
        clock.shift(datetime.timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS % 1500 + 1))
        response = http.get("/clients/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert http.get("/clients/").status_code == 302


def test_a_session_without_its_sign_in_time_is_ended(people, login):
    http = login(people["sw"])
    session = http.session
    del session["atbalsts_signed_in_at"]
    session.save()
    assert http.get("/clients/").status_code == 302


def test_production_shares_its_default_cache_between_processes_and_caps_sessions():
    code = (
        "import json; print(json.dumps({'cache': s.CACHES['default']['BACKEND'], "
        "'table': s.CACHES['default'].get('LOCATION'), 'cap': s.SESSION_ABSOLUTE_SECONDS}))"
    )
    result = run_settings(PROD, code)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert values["table"] == "atbalsts_cache"
    assert values["cap"] == 12 * 60 * 60


@pytest.mark.parametrize("missing", ["ATBALSTS_AUDIT_KEYS", "ATBALSTS_AUDIT_CHECKPOINT_DIR"])
def test_production_refuses_to_start_without_the_audit_key_or_checkpoint_directory(missing):
    env = {k: v for k, v in PROD.items() if k != missing}
    result = run_settings(env, "pass")
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_the_development_or_a_short_audit_key():
    dev = run_settings({**PROD, "ATBALSTS_AUDIT_KEYS": "dev-only-audit-key-not-for-production-000000"}, "pass")
    assert dev.returncode != 0 and "Development keys" in dev.stderr
    short = run_settings({**PROD, "ATBALSTS_AUDIT_KEYS": "short"}, "pass")
    assert short.returncode != 0 and "32 characters" in short.stderr


def test_the_audit_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "audit-key"
    key_file.write_text("from-a-file-" + "k" * 40 + "\n")
    env = {k: v for k, v in PROD.items() if k != "ATBALSTS_AUDIT_KEYS"}
    env["ATBALSTS_AUDIT_KEYS_FILE"] = str(key_file)
    result = run_settings(env, "print(s.AUDIT_KEYS)")
    assert result.returncode == 0, result.stderr
    assert "from-a-file-" in result.stdout
