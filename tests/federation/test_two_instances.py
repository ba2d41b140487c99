"""Two real Atbalsts instances exchange referrals (issue 12 §3, ADR 0020c).

Two gunicorn processes on loopback ports, each with its own SQLite file and its own key pair
(environment variables), register each other with `manage.py federation_register_partner` from
what the other's `manage.py federation_keys` prints. A hotline operator on each side works through
the pages; `manage.py federation_deliver` plays the timer. Then the refusals over real HTTP, and a
partner that is down. The servers keep the machine's clock, so this test does too (``real_clock``);
packages it writes itself carry explicit times.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from argon2 import PasswordHasher
from django.db import connection

from atbalsts.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from atbalsts.federation import packages
from tests.accounts.test_lockout_across_processes import free_port, stop

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a-long-federation-password-1"
START_TIMEOUT = 120
API = "/federation/v1/packages/"

pytestmark = [pytest.mark.real_clock]


class Instance:
    def __init__(self, name: str, tmp: Path, database: Path):
        self.name, self.tmp, self.database = name, tmp, database
        self.code = f"{name}-test-hotline"
        self.keys = packages.OwnKeys.generate()
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("ATBALSTS_", "DJANGO_"))}
        self.env.update(
            DJANGO_SETTINGS_MODULE="atbalsts.settings", ATBALSTS_DEBUG="1", ATBALSTS_DEMO_MODE="1",
            DATABASE_URL=f"sqlite:///{database}", ATBALSTS_FEDERATION_ID=self.code,
            ATBALSTS_FEDERATION_KEY=self.keys.to_json(), ATBALSTS_FEDERATION_RETRY_DELAYS="1",
            ATBALSTS_FEDERATION_TIMEOUT_SECONDS="5", ATBALSTS_AUDIT_CHECKPOINT_DIR=str(tmp / f"{name}-checkpoints"),
            ATBALSTS_TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
        )

    def manage(self, *args: str, wait: bool = True):
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )
        return self.finish(process) if wait else process

    @staticmethod
    def finish(process: subprocess.Popen) -> str:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err[-3000:]
        return out

    def start(self) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603
            [str(gunicorn), "atbalsts.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "60"],
            cwd=ROOT, env=self.env, stdout=self.log.open("a"), stderr=subprocess.STDOUT, start_new_session=True,
        )

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"{self.name} stopped: {self.log.read_text()[-2000:]}")
            try:
                if requests.get(self.base + "/health/", timeout=30).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.3)
        pytest.fail(f"{self.name} did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)

    def query(self, sql: str, *params):
        with sqlite3.connect(self.database) as db:
            return db.execute(sql, params).fetchall()

    def operator(self) -> requests.Session:
        http = requests.Session()
        http.cookies.set("django_language", "en")
        form = http.get(self.base + "/accounts/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        answer = http.post(self.base + "/accounts/login/", timeout=30, allow_redirects=False,
                           data={"login": "operator", "password": PASSWORD, "csrfmiddlewaretoken": token})
        assert answer.status_code == 302, answer.text[-2000:]
        return http


def _post_form(http: requests.Session, url: str, data: dict) -> requests.Response:
    page = http.get(url, timeout=30)
    assert page.status_code == 200, page.status_code
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return http.post(url, data={**data, "csrfmiddlewaretoken": token}, timeout=30, allow_redirects=False)


def _refer(instance: Instance, http: requests.Session, partner_code: str) -> str:
    partner_id = instance.query("SELECT id FROM federation_partnerhotline WHERE code = ?", partner_code)[0][0]
    answer = _post_form(http, instance.base + "/federation/outbound/new/", {
        "partner": partner_id, "prs_FirstName": f"Synthetic {instance.name}", "prs_PrimaryLanguage": "ru",
        "vic_TraffickingStatus": "PossibleVictimOfTrafficking", "vic_TypeOfExploitation": "ForcedLabour",
        "cas_ReasonForOutgoingReferral": "MigrationOrChangeOfLocation", "consent_given_by": "person",
        "consent_channel": "phone", "consent_purpose": "referral", "consent_confirmed": "on",
    })
    assert answer.status_code == 302, answer.text[-3000:]
    return answer.headers["Location"].rstrip("/").rsplit("/", 1)[1]


def _seed_database(tmp: Path) -> Path:
    """A migrated SQLite file with a hotline and its operator, to copy for each instance."""
    base = tmp / "base.sqlite3"
    org = Organisation.objects.create(name="Test hotline", kind=OrganisationKind.HOTLINE)
    user = User.objects.create(username="operator", password="argon2" + PasswordHasher().hash(PASSWORD))
    Membership.objects.create(user=user, organisation=org, role=Role.HOTLINE_OPERATOR)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(base)
        connection.connection.backup(target)
        target.close()
        return base
    pytest.skip("the two instances run on SQLite files; this run's database is not SQLite")


def _status(instance: Instance, reference: str) -> tuple:
    return instance.query("SELECT status, outcome, decline_reason FROM federation_referral WHERE reference = ?",
                          reference)[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_instances_exchange_referrals_both_ways_and_refuse_bad_packages(tmp_path):
    base = _seed_database(tmp_path)
    lv = Instance("lv", tmp_path, tmp_path / "lv.sqlite3")
    ee = Instance("ee", tmp_path, tmp_path / "ee.sqlite3")
    for instance in (lv, ee):
        shutil.copy(base, instance.database)
    try:
        # Each prints its public keys; the other registers it with them.
        documents = {i.name: i.manage("federation_keys") for i in (lv, ee)}
        for me, other, country in ((lv, ee, "EE"), (ee, lv, "LV")):
            (tmp_path / f"{other.name}.json").write_text(documents[other.name])
            me.manage("federation_register_partner", str(tmp_path / f"{other.name}.json"), "--country", country,
                      "--organisation", f"Test hotline {country}", "--base-url", other.base, "--languages", "en,ru")
        for instance in (lv, ee):
            instance.start()
        for instance in (lv, ee):
            instance.wait_until_up()
        http = {i.name: i.operator() for i in (lv, ee)}

        # Send both ways; the timer delivers.
        to_ee = _refer(lv, http["lv"], ee.code)
        to_lv = _refer(ee, http["ee"], lv.code)
        assert _status(lv, to_ee)[0] == "waiting"
        for p in [lv.manage("federation_deliver", wait=False), ee.manage("federation_deliver", wait=False)]:
            Instance.finish(p)
        assert _status(lv, to_ee)[0] == "delivered" and _status(ee, to_lv)[0] == "delivered"

        # Receive: each inbox holds the other's referral, readable in codes turned into words.
        inbound = {}
        for me in (lv, ee):
            ((reference, status),) = me.query("SELECT reference, status FROM federation_referral WHERE direction='in'")
            assert status == "received"
            page = http[me.name].get(f"{me.base}/federation/inbox/{reference}/", timeout=30)
            assert page.status_code == 200 and "Forced labour" in page.text and "Russian" in page.text
            inbound[me.name] = reference

        # Accept and record the outcome; the answers flow back.
        for me in (lv, ee):
            url = f"{me.base}/federation/inbox/{inbound[me.name]}/"
            assert _post_form(http[me.name], url, {"form": "answer", "answer": "accept"}).status_code == 302
            assert _post_form(http[me.name], url, {"form": "outcome", "outcome": "supported"}).status_code == 302
        for p in [lv.manage("federation_deliver", wait=False), ee.manage("federation_deliver", wait=False)]:
            Instance.finish(p)
        assert _status(lv, to_ee) == ("accepted", "supported", "")
        assert _status(ee, to_lv) == ("accepted", "supported", "")
        outbound = http["lv"].get(lv.base + "/federation/outbound/", timeout=30).text
        assert to_ee in outbound and "Accepted" in outbound and "Support given" in outbound

        _refusals(lv, ee, http["lv"])
        _partner_down(lv, ee, http["lv"])
    finally:
        for instance in (lv, ee):
            instance.stop()


def _post_package(instance: Instance, package: str) -> requests.Response:
    return requests.post(instance.base + API, json={"package": package}, timeout=30)


def _refusals(lv: Instance, ee: Instance, http: requests.Session) -> None:
    before = ee.query("SELECT COUNT(*) FROM federation_referral")[0][0]
    # A fresh referral to EE, taken from LV's file export (the package exactly as it would travel).
    new_ref = _refer(lv, http, ee.code)
    exported = http.get(f"{lv.base}/federation/packages/{new_ref}/export/", timeout=30)
    assert exported.status_code == 200 and exported.text.count(".") == 4
    package = exported.text
    # Wrong key: a package sealed for EE, handed to LV.
    answer = _post_package(lv, package)
    assert (answer.status_code, answer.json()["error"]) == (400, "wrong_key")
    # Tampering: one character of the ciphertext changed.
    parts = package.split(".")
    parts[3] = parts[3][:10] + ("A" if parts[3][10] != "A" else "B") + parts[3][11:]
    answer = _post_package(ee, ".".join(parts))
    assert (answer.status_code, answer.json()["error"]) == (400, "tampered")
    # The genuine package is taken once, then refused as a replay.
    assert _post_package(ee, package).status_code == 202
    answer = _post_package(ee, package)
    assert (answer.status_code, answer.json()["error"]) == (409, "replay")
    # Unknown sender: a well-formed package from a hotline EE never registered.
    stranger = packages.OwnKeys.generate()
    now = datetime.datetime.now(datetime.UTC)
    ee_key = packages.import_public(ee.keys.public()["encrypt"], "X25519")
    _jti, unknown = packages.seal(own=stranger, sender="xx-unknown", recipient=ee.code, recipient_key=ee_key,
                                  kind="referral", body={}, now=now, lifetime=datetime.timedelta(hours=1))
    answer = _post_package(ee, unknown)
    assert (answer.status_code, answer.json()["error"]) == (403, "unknown_sender")
    # Expired: signed with LV's real key, but issued and expired long ago (times given explicitly).
    _jti, old = packages.seal(own=lv.keys, sender=lv.code, recipient=ee.code, recipient_key=ee_key, kind="referral",
                              body={}, now=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
                              lifetime=datetime.timedelta(days=1))
    answer = _post_package(ee, old)
    assert (answer.status_code, answer.json()["error"]) == (400, "expired")
    # Only the one genuine package was added; every refusal left a trace without content.
    assert ee.query("SELECT COUNT(*) FROM federation_referral")[0][0] == before + 1
    reasons = [r[0] for r in ee.query("SELECT detail FROM audit_auditevent WHERE object_type='federation_package' "
                                      "AND action='denied'")]
    for code in ("tampered", "replay", "unknown_sender", "expired"):
        assert any(f'"{code}"' in r for r in reasons), (code, reasons)
    assert not any("Synthetic" in r for r in reasons)


def _partner_down(lv: Instance, ee: Instance, http: requests.Session) -> None:
    ee.stop()
    waiting = _refer(lv, http, ee.code)
    cancelled = _refer(lv, http, ee.code)
    lv.manage("federation_deliver")
    assert _status(lv, waiting)[0] == "waiting"
    ((attempts, error),) = lv.query(
        "SELECT attempts, last_error FROM federation_outboxmessage WHERE referral_id = "
        "(SELECT id FROM federation_referral WHERE reference = ?)", waiting)
    assert (attempts, error) == (1, "unreachable")
    page = http.get(f"{lv.base}/federation/outbound/", timeout=30).text
    assert "Waiting for delivery" in page and "1 attempt" in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                      http.get(f"{lv.base}/federation/outbound/{cancelled}/", timeout=30).text).group(1)
    answer = http.post(f"{lv.base}/federation/outbound/{cancelled}/cancel/", data={"csrfmiddlewaretoken": token},
                       timeout=30, allow_redirects=False)
    assert answer.status_code == 302 and _status(lv, cancelled)[0] == "cancelled"
    received_before = ee.query("SELECT COUNT(*) FROM federation_referral WHERE direction='in'")[0][0]
    ee.start()
    ee.wait_until_up()
    time.sleep(1.5)  # past the retry delay this installation set (1 s)
    lv.manage("federation_deliver")
    assert _status(lv, waiting)[0] == "delivered" and _status(lv, cancelled)[0] == "cancelled"
    assert ee.query("SELECT COUNT(*) FROM federation_referral WHERE direction='in'")[0][0] == received_before + 1
