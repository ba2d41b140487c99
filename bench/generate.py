"""Load N synthetic clients for benchmarking.

    python bench/generate.py --clients 100000 [--database-url postgres://...] [--reset]

Creates one service-provider organisation ("Bench provider (synthetic data)"), one social
worker ``bench_sw`` with a TOTP authenticator, and N clients whose personal data is fake
but shaped like the real thing: Latvian, Russian and Ukrainian names (Faker pools combined
at random), birth dates, personal codes that begin with "00" (no real code does), phones,
addresses. Every value is encrypted by the model fields exactly as the application does it,
every client gets its SearchToken rows (same digests as ``people.search.client_digests``)
and a CaseTeamMember row for ``bench_sw``.

This is a data load, not casework: no audit event is written per client, only one summary
event for the whole run. ``--reset`` first removes the clients of the bench organisation (the
organisation and user are kept and reused). The target database's name must contain "bench" (``--force`` overrides):
this script must never be pointed at a database with real people in it.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import string
import sys
import time
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import casework as cw  # noqa: E402 - after the path is set

BENCH_ORG = "Bench provider (synthetic data)"
BENCH_USER = "bench_sw"
BENCH_PASSWORD = "bench-only-password-not-secret-1"  # noqa: S105 - a bench account on a bench database
CASE_ALPHABET = "ABCDEFGHJKLMNPRSTUVZ23456789"  # as atbalsts.people.models._CASE_ALPHABET
BENCH_SIVA_ORG = "Bench SIVA (synthetic data)"
BENCH_POLICE_ORG = "Bench State Police (synthetic data)"
BENCH_MUNICIPAL_ORG = "Bench municipal social service (synthetic data)"
# With --casework: bench_siva (SIVA officer), bench_police (State Police, commission member),
# bench_mw (municipal social worker, on the team of every municipal client), bench_admin (the
# provider's organisation administrator, who reads the audit trail). All with TOTP.


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, required=True, help="how many clients to create")
    p.add_argument("--database-url", help="overrides DATABASE_URL")
    p.add_argument("--reset", action="store_true", help="delete previous bench data first")
    p.add_argument("--batch", type=int, default=5000, help="clients per bulk_create batch (default 5000)")
    p.add_argument("--seed", type=int, default=20260101, help="random seed (default fixed, so runs repeat)")
    p.add_argument("--pool", type=int, default=3000, help="Faker names per locale and sex (default 3000)")
    p.add_argument("--force", action="store_true", help="allow a database whose name lacks 'bench'")
    p.add_argument("--casework", action=argparse.BooleanOptionalAction, default=True,
                   help="also the casework of the clients: cases, applications, decisions, courses, services, "
                        "after-care, plans, tasks (default on; --no-casework loads clients only)")
    p.add_argument("--municipal-share", type=float, default=0.05,
                   help="with --casework: municipal clients with a municipal case, as a share of --clients "
                        "(default 0.05)")
    return p.parse_args(argv)


def setup_django(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("ATBALSTS_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atbalsts.settings")
    import django

    django.setup()


# --- synthetic values ----------------------------------------------------------------------

LOCALES = {
    # locale: (share, citizenship, languages, phone prefix)
    "lv_LV": (0.55, "Latvija", "latviešu, krievu", "+371 2"),
    "ru_RU": (0.25, "Krievija", "krievu", "+7 9"),
    "uk_UA": (0.20, "Ukraina", "ukraiņu, krievu", "+380 6"),
}


class Pools:
    """A few thousand Faker values per locale and sex, combined at random for speed."""

    def __init__(self, size: int, seed: int):
        from faker import Faker

        self.names: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        self.addresses: dict[str, list[str]] = {}
        for locale in LOCALES:
            fake = Faker(locale)
            fake.seed_instance(seed)
            for sex in ("female", "male"):
                first = getattr(fake, f"first_name_{sex}")
                last = getattr(fake, f"last_name_{sex}")
                firsts = sorted({first() for _ in range(size)})
                lasts = sorted({last() for _ in range(size)})
                self.names[(locale, sex)] = (firsts, lasts)
            self.addresses[locale] = sorted({fake.address().replace("\n", ", ") for _ in range(size // 3 or 1)})
        self.locales = list(LOCALES)
        self.weights = [LOCALES[loc][0] for loc in self.locales]


def random_case_numbers(rng: random.Random, n: int, taken: set[str]) -> list[str]:
    out = []
    while len(out) < n:
        number = "AT-" + "".join(rng.choices(CASE_ALPHABET, k=7))
        if number not in taken:
            taken.add(number)
            out.append(number)
    return out


def synthetic_person(rng: random.Random, pools: Pools, today: datetime.date) -> dict:
    locale = rng.choices(pools.locales, pools.weights)[0]
    _share, citizenship, languages, phone_prefix = LOCALES[locale]
    sex = "female" if rng.random() < 0.7 else "male"
    firsts, lasts = pools.names[(locale, sex)]
    given = rng.choice(firsts)
    if rng.random() < 0.12:
        given = f"{given} {rng.choice(firsts)}"
    # Ages 14 to 70; minors are among the victims too.
    birth = today - datetime.timedelta(days=rng.randint(14 * 365, 70 * 365))
    # "00" + 9 digits: shaped like a personal code, impossible as a real one.
    digits = f"00{rng.randrange(10**9):09d}"
    return {
        "given_names": given,
        "surname": rng.choice(lasts),
        "personal_code": f"{digits[:6]}-{digits[6:]}" if rng.random() < 0.8 else "",
        "birth_date": birth,
        "sex": sex,
        "citizenship": citizenship,
        "languages": languages,
        "phone": f"{phone_prefix}{rng.randrange(10**7):07d}" if rng.random() < 0.9 else "",
        "email": f"{''.join(rng.choices(string.ascii_lowercase, k=8))}@example.invalid" if rng.random() < 0.3 else "",
        "address": rng.choice(pools.addresses[locale]) if rng.random() < 0.6 else "",
    }


# --- digests, cached: the pools repeat names and dates, so most hashes are computed once ----


def make_digester():
    from atbalsts.people.search import birth_digest, code_digest, name_digests

    @lru_cache(maxsize=100_000)
    def names(name: str) -> frozenset[str]:
        return frozenset(name_digests(name))

    @lru_cache(maxsize=100_000)
    def birth(value: datetime.date) -> str:
        return birth_digest(value)

    def digests(person: dict) -> set[str]:
        # Same as atbalsts.people.search.client_digests (checked against it on the first client).
        out = set(names(person["given_names"])) | names(person["surname"])
        if person["birth_date"]:
            out.add(birth(person["birth_date"]))
        if person["personal_code"]:
            out.add(code_digest(person["personal_code"]))
        return out

    return digests


# --- the bench organisation and user ------------------------------------------------------


def reset(log) -> None:
    """Delete the bench organisations' clients, their casework and everything hanging off them.

    The organisations and users are kept and reused; deleting them would run Django's collector
    over every model of the project, and they hold no personal data.
    """
    from django.db import connection, transaction

    from atbalsts.accounts.models import Organisation
    from atbalsts.people.models import CaseTeamMember, Client, FamilyMember, SearchToken

    orgs = list(Organisation.objects.filter(name__in=(BENCH_ORG, BENCH_MUNICIPAL_ORG)).values_list("pk", flat=True))
    if not orgs:
        log("reset: no bench organisation yet")
        return
    t0 = time.monotonic()
    clients = Client.objects.filter(organisation__in=orgs)
    with transaction.atomic():
        # Raw deletes, children first: Django's collector would load (and decrypt) every row first.
        for qs in casework_querysets(orgs):
            qs._raw_delete(connection.alias)
        for model in (SearchToken, CaseTeamMember, FamilyMember):
            model.objects.filter(client__in=clients)._raw_delete(connection.alias)
        deleted = clients._raw_delete(connection.alias)
    log(f"reset: removed {deleted:,} bench clients and their casework in {time.monotonic() - t0:.1f} s")


def casework_querysets(orgs: list[int]) -> list:
    """The casework rows of the bench organisations, in an order a plain DELETE can follow."""
    from atbalsts.decisions.models import Application, Decision, DecisionLetter, Notification
    from atbalsts.identification import models as idf
    from atbalsts.municipal.models import CaseStep, MunicipalCase
    from atbalsts.plans.models import Plan, PlanActivityDue, PlanReview, PlanVersion, ReviewParticipant
    from atbalsts.rehabilitation.models import AftercareEntry, Course, ServiceEntry
    from atbalsts.tasks.models import Task

    on_case = {"case__organisation__in": orgs}
    return [
        Task.objects.filter(organisation__in=orgs),
        PlanActivityDue.objects.filter(plan__organisation__in=orgs),
        PlanVersion.objects.filter(plan__organisation__in=orgs),
        ReviewParticipant.objects.filter(review__plan__organisation__in=orgs),
        PlanReview.objects.filter(plan__organisation__in=orgs),
        Plan.objects.filter(organisation__in=orgs),
        ServiceEntry.objects.filter(course__organisation__in=orgs),
        AftercareEntry.objects.filter(course__organisation__in=orgs),
        Course.objects.filter(organisation__in=orgs),
        Notification.objects.filter(organisation__in=orgs),
        DecisionLetter.objects.filter(decision__application__organisation__in=orgs),
        Decision.objects.filter(application__organisation__in=orgs),
        Application.objects.filter(organisation__in=orgs),
        idf.CriterionFinding.objects.filter(member__commission__case__organisation__in=orgs),
        idf.CommissionMember.objects.filter(commission__case__organisation__in=orgs),
        idf.CaseDocument.objects.filter(**on_case),
        idf.RecognitionGround.objects.filter(**on_case),
        idf.Commission.objects.filter(**on_case),
        idf.IndicatorAnswer.objects.filter(interview__case__organisation__in=orgs),
        idf.MovementEvent.objects.filter(interview__case__organisation__in=orgs),
        idf.Interview.objects.filter(**on_case),
        idf.EligibilityNote.objects.filter(**on_case),
        idf.InterviewDraft.objects.filter(**on_case),
        idf.Case.objects.filter(organisation__in=orgs),
        CaseStep.objects.filter(**on_case),
        MunicipalCase.objects.filter(organisation__in=orgs),
    ]


def bench_member(username: str, org, role: str, last_name: str):
    """A bench user with one membership and a TOTP authenticator (so the MFA middleware lets it in)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from atbalsts.accounts.models import Membership, User

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=BENCH_PASSWORD, first_name="Bench",
                                        last_name=last_name)
    Membership.objects.get_or_create(user=user, organisation=org, role=role)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def bench_org(name: str, short: str, kind: str):
    from atbalsts.accounts.models import Organisation

    org, _ = Organisation.objects.get_or_create(name=name, defaults={"short_name": short, "kind": kind})
    return org


def bench_org_and_user():
    from atbalsts.accounts.models import OrganisationKind, Role

    org = bench_org(BENCH_ORG, "Bench", OrganisationKind.SERVICE_PROVIDER)
    return org, bench_member(BENCH_USER, org, Role.SOCIAL_WORKER, "Social Worker")


def bench_others(org) -> dict:
    """The other organisations and users the casework and the page bench need (see BENCH_USERS)."""
    from atbalsts.accounts.models import OrganisationKind, Role

    siva = bench_org(BENCH_SIVA_ORG, "Bench SIVA", OrganisationKind.SIVA)
    police = bench_org(BENCH_POLICE_ORG, "Bench VP", OrganisationKind.STATE_POLICE)
    municipal = bench_org(BENCH_MUNICIPAL_ORG, "Bench SD", OrganisationKind.MUNICIPAL_SOCIAL_SERVICE)
    return {
        "siva_org": siva, "police_org": police, "municipal_org": municipal,
        "siva": bench_member("bench_siva", siva, Role.SIVA_OFFICER, "SIVA Officer"),
        "police": bench_member("bench_police", police, Role.POLICE_OFFICIAL, "Police Official"),
        "municipal": bench_member("bench_mw", municipal, Role.MUNICIPAL_SOCIAL_WORKER, "Municipal Worker"),
        "admin": bench_member("bench_admin", org, Role.ORG_ADMIN, "Administrator"),
    }


def insert_rows(connection, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert plain rows: COPY on PostgreSQL (no model instances needed), bulk_create elsewhere.

    The clients themselves always go through bulk_create, so that their fields are encrypted
    by the model fields; their search tokens and team rows hold no personal data.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            with cur.cursor.copy(f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    else:
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=5000)


# --- the load ------------------------------------------------------------------------------


def generate(n: int, batch: int, seed: int, pool_size: int, log, casework: bool = False,
             municipal_share: float = 0.0) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from atbalsts.accounts.models import Role
    from atbalsts.audit.log import record
    from atbalsts.people.models import CaseTeamMember, Client, SearchToken
    from atbalsts.people.search import client_digests
    from atbalsts.policy.rules import ruleset_on

    org, user = bench_org_and_user()
    others = bench_others(org) if casework else {}
    rng = random.Random(seed + Client.objects.filter(organisation=org).count())
    t0 = time.monotonic()
    pools = Pools(pool_size, seed)
    log(
        f"pools: {sum(len(f) + len(s) for f, s in pools.names.values())} names, "
        f"{sum(len(a) for a in pools.addresses.values())} addresses in {time.monotonic() - t0:.1f} s"
    )
    taken = set(Client.objects.values_list("case_number", flat=True))
    digests = make_digester()
    now = timezone.now()
    today = timezone.localdate()
    span = datetime.timedelta(days=8 * 365).total_seconds()
    ctx = None
    if casework:
        ctx = cw.Context(org=org, sw=user, siva=others["siva"], police_org=others["police_org"],
                         police=others["police"], today=today, now=now,
                         course_days=ruleset_on(today).course_max_days)
    made_rows: dict[str, int] = {}
    totals = {"clients": 0, "tokens": 0}
    checked = False

    def load(owner_org, owner, role: str, count: int, after=None, label: str = "clients") -> None:
        """Insert ``count`` clients of ``owner_org`` on ``owner``'s team, then ``after(clients)``."""
        nonlocal checked
        made = 0
        start = time.monotonic()
        next_report = 0.0
        while made < count:
            size = min(batch, count - made)
            people = [synthetic_person(rng, pools, today) for _ in range(size)]
            numbers = random_case_numbers(rng, size, taken)
            clients = [
                Client(
                    case_number=number,
                    organisation=owner_org,
                    # Spread "opened" over eight years, as a register that has been in use would be.
                    created_at=now - datetime.timedelta(seconds=rng.random() * span),
                    **person,
                )
                for number, person in zip(numbers, people, strict=True)
            ]
            with transaction.atomic():
                # The encrypted fields encrypt in get_db_prep_value, as on every save.
                Client.objects.bulk_create(clients)
                token_rows = []
                for client, person in zip(clients, people, strict=True):
                    ds = digests(person)
                    if not checked:
                        assert ds == client_digests(client), "bench digests differ from client_digests"
                        checked = True
                    # The token carries the client's organisation and opening time (issue 14).
                    token_rows.extend((client.pk, d, owner_org.pk, client.created_at) for d in ds)
                team_rows = [(c.pk, owner.pk, role, now) for c in clients]
                insert_rows(connection, SearchToken, ("client_id", "digest", "organisation_id", "client_created_at"),
                            token_rows)
                insert_rows(connection, CaseTeamMember, ("client_id", "user_id", "role", "added_at"), team_rows)
                if after is not None:
                    for kind, rows in after(clients).items():
                        made_rows[kind] = made_rows.get(kind, 0) + rows
            made += size
            totals["clients"] += size
            totals["tokens"] += len(token_rows)
            elapsed = time.monotonic() - start
            if elapsed >= next_report or made == count:
                log(f"  {made:>9,}/{count:,} {label}  {elapsed:7.1f} s  {made / elapsed:8,.0f} {label}/s"
                    + (f"  ({', '.join(f'{v:,} {k}' for k, v in made_rows.items())})" if made_rows else ""))
                next_report = elapsed + 10

    if connection.vendor == "postgresql":
        # A bench load may lose its last batch in a crash; it need not wait for each fsync.
        with connection.cursor() as cur:
            cur.execute("SET synchronous_commit = off")
    start = time.monotonic()
    stamped = [Client, *(cw.casework_models() if casework else [])]
    with cw.manual_times(*stamped):
        load(org, user, Role.SOCIAL_WORKER.value, n,
             after=(lambda clients: cw.add_casework(ctx, clients, rng)) if casework else None)
        provider_seconds = time.monotonic() - start
        if casework and municipal_share > 0:
            refs = set(cw.municipal_references())
            load(others["municipal_org"], others["municipal"], Role.MUNICIPAL_SOCIAL_WORKER.value,
                 round(n * municipal_share), label="municipal clients",
                 after=lambda clients: cw.add_municipal_cases(others["municipal_org"], others["municipal"], clients,
                                                              rng, today, refs))
    elapsed = time.monotonic() - start
    record(None, "create", object_type="bench", detail={"clients": n, "casework": casework})
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for model in [*stamped, SearchToken, CaseTeamMember]:
                cur.execute(f"ANALYZE {model._meta.db_table}")
    return {"clients": totals["clients"], "tokens": totals["tokens"], "seconds": elapsed,
            "provider_seconds": provider_seconds, "rows": made_rows}


def main(argv=None) -> int:
    args = parse_args(argv)
    setup_django(args.database_url)
    from django.db import connection

    def log(msg: str) -> None:
        print(msg, flush=True)

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name.lower() and not args.force:
        print(f"Refusing: database {name!r} does not look like a bench database (use --force).", file=sys.stderr)
        return 2
    log(f"database: {connection.vendor} {name}")
    if args.reset:
        reset(log)
    result = generate(args.clients, args.batch, args.seed, args.pool, log, casework=args.casework,
                      municipal_share=args.municipal_share)
    rate = result["clients"] / result["seconds"] if result["seconds"] else 0
    log(
        f"done: {result['clients']:,} clients, {result['tokens']:,} search tokens, "
        f"{result['clients']:,} case-team rows in {result['seconds']:.1f} s ({rate:,.0f} clients/s"
        + (f"; provider clients with casework {args.clients / result['provider_seconds']:,.0f}/s)"
           if args.casework and result["provider_seconds"] else ")")
    )
    for kind, rows in result["rows"].items():
        log(f"  {rows:>11,} {kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
