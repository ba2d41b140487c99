"""Synthetic demo data. Every name, date and code here is generated; none is a real person's.

Personal codes are made to begin with "00", a day that does not exist, so a generated code can
never be the code of a living person.
"""

from __future__ import annotations

import contextlib
import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from faker import Faker

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from atbalsts.people.models import Client, Relation
from atbalsts.people.services import add_family_member, add_to_case_team, create_client

DEMO_PASSWORD = "demo-Atbalsts-2026"  # noqa: S105 — printed for the demo; refused in production
SEED = 2026

ORGANISATIONS = [
    # key, name, short name, kind, municipality
    ("provider_a", "Biedrība \"Drošā osta\" (demo)", "Drošā osta", OrganisationKind.SERVICE_PROVIDER, "Rīga"),
    ("provider_b", "Nodibinājums \"Gaismas tilts\" (demo)", "Gaismas tilts", OrganisationKind.SERVICE_PROVIDER, "Rīga"),
    ("siva", "Sociālās integrācijas valsts aģentūra (demo)", "SIVA", OrganisationKind.SIVA, "Jūrmala"),
    ("riga", "Rīgas sociālais dienests (demo)", "Rīgas SD", OrganisationKind.MUNICIPAL_SOCIAL_SERVICE, "Rīga"),
    ("daugavpils", "Daugavpils sociālais dienests (demo)", "Daugavpils SD",
     OrganisationKind.MUNICIPAL_SOCIAL_SERVICE, "Daugavpils"),
    ("liepaja", "Liepājas sociālais dienests (demo)", "Liepājas SD",
     OrganisationKind.MUNICIPAL_SOCIAL_SERVICE, "Liepāja"),
    ("police", "Valsts policija (demo)", "VP", OrganisationKind.STATE_POLICE, "Rīga"),
    ("hotline", "Uzticības tālrunis \"Palīdzības līnija\" (demo)", "Palīdzības līnija",
     OrganisationKind.HOTLINE, "Rīga"),
    ("coordinator", "Nacionālais koordinators, Iekšlietu ministrija (demo)", "Koordinators",
     OrganisationKind.NATIONAL_COORDINATOR, "Rīga"),
    ("operator", "Atbalsts sistēmas uzturētājs (demo)", "Uzturētājs", OrganisationKind.OTHER, "Rīga"),
    ("inspectorate", "Valsts darba inspekcija (demo)", "VDI", OrganisationKind.LABOUR_INSPECTORATE, "Rīga"),
]

USERS = [
    # username, first name, last name, organisation key, roles
    ("soc.darbiniece", "Ilze", "Kalniņa", "provider_a", [Role.SOCIAL_WORKER]),
    ("psihologs", "Māris", "Ozols", "provider_a", [Role.PSYCHOLOGIST]),
    ("jurists", "Dace", "Liepiņa", "provider_a", [Role.LAWYER]),
    ("arsts", "Juris", "Bērziņš", "provider_a", [Role.MEDICAL]),
    ("org.admins", "Laila", "Zariņa", "provider_a", [Role.ORG_ADMIN]),
    ("otrs.sniedzejs", "Anna", "Kļaviņa", "provider_b", [Role.SOCIAL_WORKER]),
    ("policists", "Edgars", "Vītols", "police", [Role.POLICE_OFFICIAL]),
    ("siva.ierednis", "Rita", "Krūmiņa", "siva", [Role.SIVA_OFFICER]),
    ("pasvaldiba", "Inese", "Jansone", "riga", [Role.MUNICIPAL_SOCIAL_WORKER]),
    ("pasvaldiba.kolege", "Zane", "Ābele", "riga", [Role.MUNICIPAL_SOCIAL_WORKER]),
    ("pasvaldiba.admins", "Ilona", "Putniņa", "riga", [Role.ORG_ADMIN]),
    ("uzticibas.talrunis", "Aivars", "Eglītis", "hotline", [Role.HOTLINE_OPERATOR]),
    ("uzticibas.talrunis2", "Ilze", "Kalniņa", "hotline", [Role.HOTLINE_OPERATOR]),
    ("koordinators", "Baiba", "Siliņa", "coordinator", [Role.STATISTICIAN]),
    ("sistemas.admins", "Kārlis", "Lapiņš", "operator", [Role.SYS_ADMIN]),
    ("darba.inspektors", "Roberts", "Dzenis", "inspectorate", [Role.SPECIALIST]),
]

# How many synthetic clients each organisation holds, and who is on their case teams.
CLIENTS = [
    ("provider_a", 150, "soc.darbiniece", ["psihologs", "jurists"]),
    ("provider_b", 30, "otrs.sniedzejs", []),
    ("riga", 15, "pasvaldiba", []),
    ("hotline", 5, "uzticibas.talrunis", []),
]
LOCALES = ["lv_LV", "lv_LV", "lv_LV", "ru_RU", "uk_UA"]
LANGUAGE_OF = {"lv_LV": "latviešu", "ru_RU": "krievu", "uk_UA": "ukraiņu"}
CITIZENSHIP_OF = {"lv_LV": "Latvija", "ru_RU": "Latvija (nepilsonis)", "uk_UA": "Ukraina"}


@dataclass
class Result:
    organisations: int = 0
    users: int = 0
    clients: int = 0


def _actor(user: User, org: Organisation) -> Actor:
    roles = frozenset(Membership.objects.filter(user=user, organisation=org).values_list("role", flat=True))
    # The demo loader acts as each worker; it is a system task, so the second factor is implied.
    return Actor(user=user, organisation=org, roles=roles, mfa_verified=True)


def synthetic_personal_code(rng: random.Random) -> str:
    return f"00{rng.randint(0, 9999):04d}-{rng.randint(0, 99999):05d}"


STREETS = ["Brīvības iela", "Dzirnavu iela", "Ganību dambis", "Lielā iela", "Rīgas iela", "Skolas iela",
           "Dārza iela", "Meža prospekts", "Stacijas iela", "Jūras iela", "Saules iela", "Ozolu iela"]
TOWNS = [("Rīga", "LV-10"), ("Daugavpils", "LV-54"), ("Liepāja", "LV-34"), ("Jelgava", "LV-30"),
         ("Rēzekne", "LV-46"), ("Valmiera", "LV-42"), ("Ventspils", "LV-36")]


def synthetic_address(rng: random.Random) -> str:
    town, postcode = TOWNS[rng.randrange(len(TOWNS))]
    flat = f"-{rng.randint(1, 80)}" if rng.random() < 0.7 else ""
    street = STREETS[rng.randrange(len(STREETS))]
    return f"{street} {rng.randint(1, 140)}{flat}, {town}, {postcode}{rng.randint(10, 99)}"


def person(fake: Faker, locale: str, rng: random.Random, today: datetime.date) -> dict:
    sex = rng.choice(["female", "female", "male"])
    first = fake.first_name_female() if sex == "female" else fake.first_name_male()
    last = fake.last_name_female() if sex == "female" and hasattr(fake, "last_name_female") else fake.last_name()
    age = rng.randint(15, 58)
    birth = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
    return {
        "given_names": first,
        "surname": last,
        "personal_code": synthetic_personal_code(rng) if locale == "lv_LV" and rng.random() < 0.7 else "",
        "birth_date": birth,
        "sex": sex,
        "citizenship": CITIZENSHIP_OF[locale],
        "languages": LANGUAGE_OF[locale],
        "phone": f"+371 2{rng.randint(0, 9999999):07d}",
        "email": "",
        "address": synthetic_address(rng) if rng.random() < 0.6 else "",
    }


class _Progress:
    """Tells the caller (the demo command) which part is being built and how long each took, so a
    newcomer waiting for the demo sees it move."""

    def __init__(self, report: Callable[[str], None] | None, parts: int):
        self.report, self.parts, self.done = report, parts, 0

    @contextlib.contextmanager
    def part(self, name: str):
        started = time.monotonic()
        self.done += 1
        yield
        if self.report is not None:
            self.report(f"[{self.done}/{self.parts}] {name}: {time.monotonic() - started:.1f} s")


@transaction.atomic
def build(today: datetime.date | None = None, progress: Callable[[str], None] | None = None) -> Result:
    """Create what is missing; running it again changes nothing. ``progress`` (optional) is
    called with one line per part built."""
    today = today or timezone.localdate()
    steps = _Progress(progress, DEMO_PARTS)
    result = Result()
    with steps.part("organisations, users and clients"):
        _people(result, today)
    orgs = {key: Organisation.objects.get(name=name) for key, name, *_rest in ORGANISATIONS}
    users = {u.username: u for u in User.objects.filter(username__in=[row[0] for row in USERS])}
    _later_stages(orgs, users, today, steps)
    return result


def _people(result: Result, today: datetime.date) -> None:
    orgs: dict[str, Organisation] = {}
    for key, name, short, kind, municipality in ORGANISATIONS:
        org, created = Organisation.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind, "municipality": municipality}
        )
        orgs[key] = org
        result.organisations += created
    users: dict[str, User] = {}
    for username, first, last, org_key, roles in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.invalid",
                is_staff=Role.SYS_ADMIN in roles,
                is_superuser=Role.SYS_ADMIN in roles,
            )
            result.users += 1
        for role in roles:
            Membership.objects.get_or_create(user=user, organisation=orgs[org_key], role=role)
        users[username] = user

    for org_key, count, lead, colleagues in CLIENTS:
        org = orgs[org_key]
        existing = Client.objects.filter(organisation=org).count()
        if existing >= count:
            continue
        # The same seed for the same organisation and position gives the same people.
        rng = random.Random(f"{SEED}-{org_key}")
        fakers = {loc: Faker(loc) for loc in set(LOCALES)}
        for loc, f in fakers.items():
            f.seed_instance(f"{SEED}-{org_key}-{loc}")
        lead_actor = _actor(users[lead], org)
        for i in range(count):
            locale = LOCALES[rng.randrange(len(LOCALES))]
            data = person(fakers[locale], locale, rng, today)
            if i < existing:
                continue
            client = create_client(lead_actor, data)
            result.clients += 1
            for j, colleague in enumerate(colleagues):
                if (i + j) % 2 == 0:
                    add_to_case_team(lead_actor, client, users[colleague].pk)
            if rng.random() < 0.25:
                child_fake = fakers[locale]
                child_birth = today - datetime.timedelta(days=rng.randint(1, 16) * 365)
                add_family_member(
                    lead_actor,
                    client,
                    {
                        "relation": Relation.CHILD,
                        "given_names": child_fake.first_name(),
                        "surname": data["surname"],
                        "birth_date": child_birth,
                        "accompanying": rng.random() < 0.6,
                        "lives_in_latvia": True,
                    },
                )


# How many parts build() reports: the people, then each stage below.
DEMO_PARTS = 10


def _later_stages(orgs: dict[str, Organisation], users: dict[str, User], today: datetime.date,
                  steps: _Progress) -> None:
    """Cases at every step of identification, SIVA's decision, the course and after-care; plans,
    municipal cases under consent, tasks; hotline reports, referrals abroad and the public content."""
    from atbalsts.content.demo import build_content_demo
    from atbalsts.decisions.demo import build_decisions_demo
    from atbalsts.federation.demo import build_federation_demo
    from atbalsts.hotline.demo import build_hotline_demo
    from atbalsts.identification.demo import build_identification_demo
    from atbalsts.identification.models import Case
    from atbalsts.municipal.demo import build_municipal_demo
    from atbalsts.plans.demo import build_plans_demo
    from atbalsts.portal.demo import build_portal_demo
    from atbalsts.referrals.demo import build_referrals_demo
    from atbalsts.rehabilitation.demo import build_rehabilitation_demo
    from atbalsts.tasks.demo import build_tasks_demo

    with steps.part("identification, SIVA's decisions and courses"):
        if not Case.objects.filter(client__organisation=orgs["provider_a"]).exists():
            build_identification_demo(orgs, users, today)
            build_decisions_demo(orgs, users, today)
            build_rehabilitation_demo(orgs, users, today)
    # Each of these checks for its own earlier run.
    with steps.part("rehabilitation plans"):
        build_plans_demo(orgs, users, today)
    with steps.part("municipal cases"):
        build_municipal_demo(orgs, users, today)
    with steps.part("referrals between organisations"):
        build_referrals_demo(orgs, users, today)
    with steps.part("tasks"):
        build_tasks_demo(orgs, users, today)
    with steps.part("public portal and anonymous reports"):
        build_portal_demo(today)
    with steps.part("referrals with partner hotlines abroad"):
        build_federation_demo(today)
    with steps.part("hotline contact log"):
        build_hotline_demo(today)
    with steps.part("public information pages"):
        build_content_demo(today)


def logins() -> list[tuple[str, str, str]]:
    out = []
    for username, _first, _last, org_key, roles in USERS:
        org_name = next(o[2] for o in ORGANISATIONS if o[0] == org_key)
        out.append((username, ", ".join(str(Role(r).label) for r in roles), org_name))
    return out
