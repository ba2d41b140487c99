"""The demo: synthetic, idempotent, and every role signs in to see only what it may."""

import re

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient

from atbalsts.accounts.models import Organisation, OrganisationKind, Role, User
from atbalsts.audit.log import verify
from atbalsts.audit.models import AuditEvent
from atbalsts.demo.data import DEMO_PASSWORD, USERS
from atbalsts.people.models import Client

CYRILLIC = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")


@pytest.fixture
def demo(db):
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))


def test_the_demo_builds_the_organisations_users_and_clients(demo):
    kinds = list(Organisation.objects.values_list("kind", flat=True))
    assert kinds.count(OrganisationKind.SERVICE_PROVIDER) == 2
    assert kinds.count(OrganisationKind.MUNICIPAL_SOCIAL_SERVICE) == 3
    for kind in (OrganisationKind.SIVA, OrganisationKind.STATE_POLICE, OrganisationKind.HOTLINE,
                 OrganisationKind.NATIONAL_COORDINATOR):
        assert kinds.count(kind) == 1
    roles = {role for *_, roles in USERS for role in roles}
    assert roles == set(Role.values)
    assert Client.objects.count() >= 200
    # Who may do each step (ADR 0011): only providers apply and hold courses; an invited
    # specialist of another organisation sits on a commission; one person is eligible on a basis.
    from atbalsts.decisions.models import Application
    from atbalsts.identification.models import CommissionMember, EligibilityNote
    from atbalsts.rehabilitation.models import Course

    assert Course.objects.exists() and Application.objects.exists()
    assert not Course.objects.exclude(organisation__kind=OrganisationKind.SERVICE_PROVIDER).exists()
    assert not Application.objects.exclude(organisation__kind=OrganisationKind.SERVICE_PROVIDER).exists()
    invited = CommissionMember.objects.get(invited=True)
    assert invited.organisation.kind == OrganisationKind.LABOUR_INSPECTORATE
    # The legal basis is encrypted: it is read, not searched for.
    [based] = [n for n in EligibilityNote.objects.all() if n.legal_basis == "reflection_period"]
    assert based.eu_citizen is False and based.case.applications.exists()


def test_the_demo_has_latvian_russian_and_ukrainian_names_and_only_impossible_personal_codes(demo):
    clients = list(Client.objects.all())
    names = [f"{c.given_names} {c.surname}" for c in clients]
    assert any(CYRILLIC.search(n) for n in names)
    assert any(re.search(r"[āčēģīķļņšūž]", n) for n in names)
    assert any("Ukraina" == c.citizenship for c in clients)
    codes = [c.personal_code for c in clients if c.personal_code]
    assert codes and all(code.startswith("00") for code in codes)


def test_running_the_demo_twice_changes_nothing(demo):
    counts = (Organisation.objects.count(), User.objects.count(), Client.objects.count(), AuditEvent.objects.count())
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    assert counts == (
        Organisation.objects.count(), User.objects.count(), Client.objects.count(), AuditEvent.objects.count()
    )
    assert verify() == []


def test_the_demo_prints_a_login_for_every_role(db, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for username, *_ in USERS:
        assert username in out
    # The newcomer sees the build move: one line per part, numbered to the last.
    from atbalsts.demo.data import DEMO_PARTS
    progress = [line for line in out.splitlines() if line.strip().startswith("[")]
    assert len(progress) == DEMO_PARTS
    assert progress[-1].strip().startswith(f"[{DEMO_PARTS}/{DEMO_PARTS}]")
    assert all(line.rstrip().endswith(" s") for line in progress)


def sign_in(username: str) -> HttpClient:
    http = HttpClient()
    http.cookies["django_language"] = "en"
    response = http.post("/accounts/login/", {"login": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, f"{username} could not sign in"
    return http


def test_every_demo_user_signs_in_and_sees_only_what_the_role_may(demo, settings):
    # One test over all users: building the demo data is the slow part.
    settings.DEMO_MODE = True
    for username, *_ in USERS:
        check_role_view(username)


def check_role_view(username: str) -> None:
    http = sign_in(username)
    home = http.get("/", follow=True)  # the coordinator's start page is the statistics dashboard
    assert home.status_code == 200
    assert "Demo mode" in home.content.decode()
    check_start_page(username, home.content.decode())
    a_provider_a_case = Client.objects.filter(organisation__short_name="Drošā osta").first().case_number
    listing = http.get("/clients/")
    detail = http.get(f"/clients/{a_provider_a_case}/")
    if username in ("soc.darbiniece",):
        assert listing.status_code == 200 and a_provider_a_case in listing.content.decode(), username
        assert detail.status_code == 200, username
    elif username in ("psihologs", "jurists", "arsts", "otrs.sniedzejs", "policists", "pasvaldiba",
                      "pasvaldiba.kolege", "uzticibas.talrunis", "uzticibas.talrunis2"):
        assert listing.status_code == 200  # their own (possibly empty) list
        if username in ("otrs.sniedzejs", "policists", "pasvaldiba", "pasvaldiba.kolege", "uzticibas.talrunis",
                        "uzticibas.talrunis2", "arsts"):
            assert detail.status_code == 404, username
    else:
        assert listing.status_code == 404, username
        assert detail.status_code == 404, username
    audit = http.get("/audit/")
    admins = ("org.admins", "pasvaldiba.admins", "sistemas.admins")
    assert audit.status_code == (200 if username in admins else 404), username


# What each demo role's start page shows: its sections, each with at least one row to look at.
START_SECTIONS = {
    "soc.darbiniece": ("tasks", "casework"),
    "psihologs": ("tasks",),
    "otrs.sniedzejs": ("tasks",),
    "policists": ("commissions",),
    "darba.inspektors": ("commissions",),
    "siva.ierednis": ("siva",),
    "pasvaldiba": ("tasks", "municipal"),
    "uzticibas.talrunis": ("tasks", "hotline"),
    "org.admins": ("members",),
    "pasvaldiba.admins": ("members",),
}


def check_start_page(username: str, page: str) -> None:
    for name in START_SECTIONS.get(username, ()):
        start = page.find(f'data-section="{name}"')
        assert start >= 0, (username, name)
        section = page[start:page.find("</section>", start)]
        assert "<li>" in section or name == "members", (username, name)
    if username == "soc.darbiniece":
        assert "/rehabilitation/" in page and "Recognised as a victim" in page


def test_without_demo_mode_a_demo_user_must_set_up_a_second_factor(demo):
    http = sign_in("soc.darbiniece")
    response = http.get("/clients/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate" in response["Location"]
