"""Sign-in, second factor, lockout, sessions and the production guard rails."""

import datetime
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.utils import timezone

from atbalsts.accounts.models import User

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a-long-test-password-1"


def run_settings(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ATBALSTS_", "DJANGO_"))}
    clean.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import atbalsts.settings as s; {code}"],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=False,
    )


PROD = {
    "ATBALSTS_DEBUG": "0",
    "ATBALSTS_SECRET_KEY": "x" * 60,
    "ATBALSTS_FIELD_KEYS": "l-2WqUAzCSZ6jC7-8qzSb4bVRkUDlDhvYs1H8kIymKg=",
    "ATBALSTS_SEARCH_KEYS": "prod-search-key",
    "ATBALSTS_AUDIT_KEYS": "prod-audit-key-" + "z" * 40,
    "ATBALSTS_AUDIT_CHECKPOINT_DIR": "/var/lib/atbalsts/audit-checkpoints",
}


def test_demo_mode_refuses_to_start_without_debug():
    result = run_settings({**PROD, "ATBALSTS_DEMO_MODE": "1"}, "pass")
    assert result.returncode != 0
    assert "ATBALSTS_DEMO_MODE" in result.stderr


def test_production_refuses_to_start_without_its_secrets():
    result = run_settings({"ATBALSTS_DEBUG": "0"}, "pass")
    assert result.returncode != 0
    assert "ATBALSTS_SECRET_KEY" in result.stderr and "ATBALSTS_FIELD_KEYS" in result.stderr


def test_production_refuses_the_development_keys():
    dev_key = "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZCE="
    result = run_settings({**PROD, "ATBALSTS_FIELD_KEYS": dev_key}, "pass")
    assert result.returncode != 0
    assert "Development keys" in result.stderr


def test_secrets_can_come_from_files(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file-" + "y" * 50)
    env = {**PROD, "ATBALSTS_SECRET_KEY_FILE": str(secret_file)}
    del env["ATBALSTS_SECRET_KEY"]
    result = run_settings(env, "print(s.SECRET_KEY)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("from-a-file-")


def test_production_settings_are_strict():
    code = (
        "import json; print(json.dumps({'hasher': s.PASSWORD_HASHERS[0], 'age': s.SESSION_COOKIE_AGE, "
        "'every': s.SESSION_SAVE_EVERY_REQUEST, 'renew': s.SESSION_RENEW_AFTER_SECONDS, "
        "'secure': s.SESSION_COOKIE_SECURE, "
        "'csrf': s.CSRF_COOKIE_SECURE, 'hsts': s.SECURE_HSTS_SECONDS, "
        "'csp': s.CONTENT_SECURITY_POLICY}))"
    )
    result = run_settings(PROD, code)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["hasher"].endswith("Argon2PasswordHasher")
    # Idle sessions end after 30 minutes; an active one is renewed once a minute, not written on
    # every request (tests/web/test_sqlite_and_sessions.py).
    assert values["age"] == 30 * 60 and values["every"] is False and values["renew"] == 60
    assert values["secure"] is True and values["csrf"] is True and values["hsts"] >= 31536000
    assert "'unsafe-inline'" not in json.dumps(values["csp"])


def test_every_page_carries_a_csp_without_unsafe_inline(people, login):
    response = login(people["sw"]).get("/clients/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_no_template_has_inline_script_or_style():
    offenders = []
    for path in (ROOT / "atbalsts").rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=\"", text) or "<style" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_signing_up_is_closed(client, db):
    client.post("/accounts/signup/", {"username": "x", "email": "x@example.lv", "password1": PASSWORD,
                                      "password2": PASSWORD})
    assert not User.objects.filter(username="x").exists()


def current_code(user) -> str:
    secret = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).wrap().instance.data["secret"]
    from allauth.mfa.utils import decrypt

    return format_hotp_value(hotp_value(decrypt(secret), int(time.time()) // 30))


def test_signing_in_asks_for_the_second_factor_and_accepts_the_code(people):
    http = HttpClient()
    response = http.post("/accounts/login/", {"login": "sw", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    # The password alone opens nothing.
    assert http.get("/clients/").status_code == 302
    response = http.post("/accounts/2fa/authenticate/", {"code": current_code(people["sw"])})
    assert response.status_code == 302
    assert http.get("/clients/").status_code == 200


def test_a_wrong_second_factor_code_is_refused(people):
    http = HttpClient()
    http.post("/accounts/login/", {"login": "sw", "password": PASSWORD})
    response = http.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert http.get("/clients/").status_code == 302


def test_repeated_failed_sign_ins_lock_the_account(people):
    http = HttpClient()
    http.cookies["django_language"] = "en"
    statuses = [http.post("/accounts/login/", {"login": "sw", "password": "wrong"}).status_code for _ in range(5)]
    assert statuses[-1] == 429
    # Even the right password does not open a locked account.
    locked = http.post("/accounts/login/", {"login": "sw", "password": PASSWORD})
    assert "_auth_user_id" not in http.session
    assert http.get("/clients/").status_code == 302
    assert locked.status_code in (200, 429)


def test_a_session_idle_for_30_minutes_ends(people, login):
    http = login(people["sw"])
    assert http.get("/clients/").status_code == 200
    session = Session.objects.get()
    session.expire_date = timezone.now() - datetime.timedelta(seconds=1)
    session.save()
    response = http.get("/clients/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", ["/", "/clients/", "/policy/", "/audit/", "/api/clients/", "/admin/"])
def test_nothing_but_sign_in_is_open_to_anonymous_visitors(client, db, path):
    assert client.get(path).status_code in (302, 403)


def test_the_admin_cannot_be_entered_with_a_password_alone(people):
    sys_admin = people["sys_admin"]
    sys_admin.is_staff = True
    sys_admin.save()
    http = HttpClient()
    response = http.post("/admin/login/", {"username": "sys_admin", "password": PASSWORD})
    assert "_auth_user_id" not in http.session
    assert response.status_code in (200, 302)
    assert http.get("/admin/").status_code == 302


def test_sign_ins_and_failures_are_audited_without_passwords(people):
    from atbalsts.audit.models import Action, AuditEvent

    http = HttpClient()
    http.post("/accounts/login/", {"login": "sw", "password": "wrong-password"})
    http.post("/accounts/login/", {"login": "sw", "password": PASSWORD})
    failed = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert failed.object_ref == str(people["sw"].pk)
    assert failed.detail == {"account": "known"}
    assert "wrong-password" not in str(AuditEvent.objects.values_list("detail", flat=True))
