"""The lockout holds across two real server processes (ADR 0016).

Two gunicorn processes on loopback ports share the test database (a file copy of it on SQLite)
and its database cache table, as production processes share theirs. Failed sign-ins alternate
between them, by username, e-mail and in different letter case; then neither lets the right
password through.
"""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from atbalsts.accounts.models import Organisation, OrganisationKind, Role
from atbalsts.audit.log import verify
from atbalsts.audit.models import Action, AuditEvent
from tests.conftest import make_user

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a-long-test-password-1"
CACHE_TABLE = "atbalsts_cache"
START_TIMEOUT = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shared_database_url(tmp_path: Path) -> str:
    """An address at which another process finds the data this test committed."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    # SQLite's test database lives in this process's memory: copy it to a file.
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(  # noqa: S603
        [str(gunicorn), "atbalsts.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {log.read_text()[-2000:]}")
        try:
            if requests.get(url + "/accounts/login/", timeout=30).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.3)
    pytest.fail(f"the server did not start in {START_TIMEOUT} s: {log.read_text()[-2000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def sign_in(base: str, login: str, password: str) -> requests.Response:
    http = requests.Session()
    form = http.get(base + "/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    return http.post(
        base + "/accounts/login/",
        data={"login": login, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": base + "/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )


def reached_second_factor(response: requests.Response) -> bool:
    return response.status_code == 302 and response.headers["Location"] == "/accounts/2fa/authenticate/"


# Serialized rollback like the browser tests: the flush afterwards then leaves the database empty
# for them instead of recreating content types they would load again.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_lockout_earned_on_one_server_process_holds_on_the_other(tmp_path, settings):
    org = Organisation.objects.create(name="Two-process provider", kind=OrganisationKind.SERVICE_PROVIDER)
    anna = make_user("anna", org, Role.SOCIAL_WORKER)
    anna.email = "Anna.Liepa@Example.lv"
    anna.save()
    make_user("juris", org, Role.SOCIAL_WORKER)
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                               "LOCATION": CACHE_TABLE}}):
        call_command("createcachetable", verbosity=0)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATBALSTS_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="atbalsts.test_settings",
        DATABASE_URL=shared_database_url(tmp_path),
        ATBALSTS_CACHE_URL=f"dbcache://{CACHE_TABLE}",
        ATBALSTS_AUDIT_CHECKPOINT_DIR=settings.AUDIT_CHECKPOINT_DIR,
    )
    ports = [free_port(), free_port()]
    logs = [tmp_path / f"server-{port}.log" for port in ports]
    servers = [start_server(port, env, log) for port, log in zip(ports, logs, strict=True)]
    try:
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        for base, server, log in zip((a, b), servers, logs, strict=True):
            wait_until_up(base, server, log)
        assert reached_second_factor(sign_in(b, "anna", PASSWORD))  # the right password works at first
        for base, login in [(a, "anna"), (b, "ANNA"), (a, "anna.liepa@example.lv"), (b, "ANNA.LIEPA@EXAMPLE.LV"),
                            (a, "Anna")]:
            response = sign_in(base, login, "not-the-password")
            assert not reached_second_factor(response)
        for base in (a, b):
            for login in ("anna", "Anna.Liepa@Example.lv"):
                assert not reached_second_factor(sign_in(base, login, PASSWORD)), (base, login)
            assert reached_second_factor(sign_in(base, "juris", PASSWORD))  # others are not locked
    finally:
        for server in servers:
            stop(server)
    assert all(server.poll() is not None for server in servers)
    # Counted on both processes under the one account, never under what was typed.
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "shared.sqlite3") as shared:
            names = {row[0] for row in shared.execute("SELECT username FROM axes_accessattempt")}
        assert names == {f"account:{anna.pk}"}
    else:
        attempts = AccessAttempt.objects.filter(username=f"account:{anna.pk}")
        assert attempts.get().failures_since_start >= 5
        assert not AccessAttempt.objects.exclude(username__startswith="account:").exists()
        # Four plain failures; the fifth locks, and it and the four tries with the right password are refusals.
        assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED, object_ref=str(anna.pk)).count() == 4
        assert AuditEvent.objects.filter(action=Action.LOGIN_REFUSED, object_ref=str(anna.pk)).count() == 5
        assert verify() == []
