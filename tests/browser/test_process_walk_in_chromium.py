"""The whole process walked through the pages in real Chromium, as the people involved, each
signed in in turn (issue 13): a provider's social worker registers a client and interviews them;
the specialist commission meets (the State Police member finds it on their task list) and
concludes; the protocol is downloadable; SIVA grants the service; the social worker records
course services with decimal commas, closes the course and records after-care up to its limit;
the client's consent lets the municipal social service see exactly the categories agreed.

At 1280 px and at 360 px, in Latvian. Every step's page passes axe-core (WCAG 2.x A and AA) and
never scrolls sideways; a screenshot of each is kept in test-artefacts/process-walk/ (git-ignored).

The application's clock is set with time-machine to a working day after the machine's own date
(the live server runs in this process, so it moves the application's clock), and moved to the next
day for the after-care: it only moves forward, so Chromium, on the machine's clock, never sees a
cookie the server dated in its past."""

from __future__ import annotations

import datetime
import os
import re
import time
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.utils import translation

from atbalsts.accounts.models import Role
from tests.conftest import RIGA, make_user

from .conftest import describe_violations, run_axe, session_cookie_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTEFACTS = Path(os.environ.get("ATBALSTS_TEST_ARTEFACTS") or Path(__file__).resolve().parents[2] / "test-artefacts")
VIEWPORTS = {"1280": {"width": 1280, "height": 900}, "360": {"width": 360, "height": 780}}


def first_working_day_after(day: datetime.date) -> datetime.date:
    from atbalsts.policy.selectors import current_calendar

    return current_calendar().next_working_day(day)


class Walk:
    """One browser context per person; every ``step`` is checked and photographed."""

    def __init__(self, browser, live_server, axe_source, size):
        self.browser, self.origin, self.axe_source = browser, live_server.url, axe_source
        self.live_server = live_server
        self.size, self.viewport = size, VIEWPORTS[size]
        self.shots = ARTEFACTS / "process-walk"
        self.shots.mkdir(parents=True, exist_ok=True)
        for old in self.shots.glob(f"{size}-*.png"):
            old.unlink()
        self.context = None
        self.page = None
        self.who = ""
        self.count = 0
        self.errors: list[str] = []

    def sign_in(self, who: str, user) -> None:
        """The person's own browser, signed in (the session made as the other browser tests do)."""
        self.close()
        self.who = who
        self.context = self.browser.new_context(viewport=self.viewport, locale="lv-LV", accept_downloads=True)
        self.context.add_cookies([session_cookie_for(user, self.live_server),
                                  {"name": "django_language", "value": "lv", "url": self.origin}])
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(f"{self.who}: {error}"))
        response = self.page.goto(self.origin + "/")
        assert response is not None and response.ok, f"{who}: start page {response and response.status}"

    def step(self, name: str) -> None:
        page = self.page
        page.wait_for_load_state("load")
        self.count += 1
        page.screenshot(path=str(self.shots / f"{self.size}-{self.count:02d}-{self.who}-{name}.png"), full_page=True)
        assert page.evaluate("document.documentElement.lang") == "lv", f"{name}: not in Latvian"
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= self.viewport["width"], f"{name} ({page.url}): {wide} px wide at {self.size} px"
        violations = run_axe(page, self.axe_source)
        assert violations == [], f"{name} ({page.url}):\n{describe_violations(violations)}"

    def click_link(self, href: str | re.Pattern) -> None:
        """Follow a link on the page (the first that leads there)."""
        if not isinstance(href, str):
            hrefs = self.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
            match = next((h for h in hrefs if href.search(h)), None)
            assert match, f"{self.page.url}: no link matching {href.pattern}"
            href = match
        link = self.page.locator(f'a[href="{href}"]').first
        assert link.count(), f"{self.page.url}: no link to {href}"
        with self.page.expect_navigation():
            link.click()

    def submit(self, form: str, button: str | None = None) -> None:
        """Press the submit button of a form: the one posting to ``form`` (a path), or the one
        holding the field ``form`` (a selector)."""
        if form.startswith("/"):
            form = self.page.locator(f'form[action="{form}"]').first
        else:
            form = self.page.locator("form[method=post]", has=self.page.locator(form)).first
        target = form.locator(button or "button:not([name=action][value=draft]), input[type=submit]").last
        with self.page.expect_navigation():
            target.click()

    def error_summary(self) -> str:
        summary = self.page.locator(".govuk-error-summary")
        return summary.inner_text() if summary.count() else ""

    def assert_no_errors(self, where: str) -> None:
        problems = self.error_summary()
        assert not problems, f"{where} ({self.page.url}) refused: {problems}"

    def close(self) -> None:
        if self.context is not None:
            self.context.close()
            self.context = None


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_the_whole_process_through_the_pages(browser, live_server, axe_source, people, orgs, size, record_property):
    from atbalsts.decisions.models import Application
    from atbalsts.identification.models import Case, Commission
    from atbalsts.people.models import Client, ConsentCategory
    from atbalsts.policy.rules import ruleset_on
    from atbalsts.rehabilitation.models import AftercareEntry, Course, ServiceEntry

    lawyer = make_user("lawyer", orgs["provider_a"], Role.LAWYER)
    day = first_working_day_after(datetime.date.today())
    started = time.monotonic()
    walk = Walk(browser, live_server, axe_source, size)
    page = None
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=RIGA), tick=True) as clock:
        try:
            today = day.strftime("%d.%m.%Y")

            def open_client():
                """From any page: the header's client list, then the client."""
                walk.click_link("/clients/")
                walk.click_link(f"/clients/{client.case_number}/")

            def open_commission():
                """As the social worker: the client, the identification case, the commission."""
                open_client()
                walk.click_link(f"/identification/{case.pk}/")
                walk.click_link(f"/identification/commissions/{commission.pk}/")

            def open_commission_from_tasks():
                """As any member: the task list, then the task's link to the commission."""
                walk.click_link("/tasks/")
                assert str(commission) in walk.page.inner_text("main")
                walk.click_link(f"/identification/commissions/{commission.pk}/")

            # --- The social worker registers the client. ---
            walk.sign_in("sw", people["sw"])
            page = walk.page
            walk.step("sakums")
            walk.click_link("/clients/")
            walk.click_link("/clients/new/")
            walk.step("klienta-registracija")
            page.fill("[name=given_names]", "Marta")
            page.fill("[name=surname]", "Kalniņa")
            page.fill("[name=personal_code]", "150390-10000")
            page.fill("[name=birth_date]", "15.03.1990")
            page.select_option("[name=sex]", "female")
            page.fill("[name=citizenship]", "Latvija")
            page.fill("[name=phone]", "+371 20000077")
            page.fill("[name=address]", "Zemeņu iela 7, Rīga")
            walk.submit("[name=given_names]")
            walk.assert_no_errors("client")
            client = Client.objects.get()
            assert page.url.endswith(f"/clients/{client.case_number}/")
            walk.step("klients")

            # --- The identification case and the interview, with one indicator found. ---
            walk.submit(f"/identification/open/{client.case_number}/")
            case = Case.objects.get()
            assert page.url.endswith(f"/identification/{case.pk}/")
            walk.step("identifikacijas-lieta")
            walk.click_link(f"/identification/{case.pk}/interviews/new/")
            walk.step("intervija")
            page.fill("[name=date]", today)
            page.select_option("[name=mode]", "in_person")
            page.select_option("[name=ind_documents_confiscated]", "found")
            page.fill("[name=ind_documents_confiscated_note]", "Darba devējs paturēja pasi")
            page.select_option("[name=ind_little_or_no_pay]", "not_found")
            walk.submit("[name=ind_documents_confiscated]", "button[type=submit]:not([value=draft])")
            walk.assert_no_errors("interview")
            assert page.url.endswith(f"/identification/{case.pk}/")
            assert case.interviews.get().found_indicators == ["documents_confiscated"]
            walk.step("intervija-saglabata")

            # --- The commission: convened today, with the psychologist, the lawyer and the police. ---
            page.fill(f'form[action="/identification/{case.pk}/commission/new/"] [name=meeting_date]', today)
            walk.submit(f"/identification/{case.pk}/commission/new/")
            walk.assert_no_errors("convene")
            commission = Commission.objects.get()
            assert page.url.endswith(f"/identification/commissions/{commission.pk}/")
            walk.step("komisija-sasaukta")
            members_form = f"/identification/commissions/{commission.pk}/members/"
            for member in (people["psy"], lawyer, people["police"]):
                membership = member.memberships.get()
                page.select_option(f'form[action="{members_form}"] [name=membership]', str(membership.pk))
                walk.submit(members_form)
                walk.assert_no_errors("member")
            assert commission.members.count() == 4
            walk.step("komisijas-locekli")

            # --- Each member assesses; the police official finds the commission on their task list. ---
            criteria = ("recruited", "documents_taken", "employed_against_will")

            def assess(who, user, via_tasks):
                walk.sign_in(who, user)
                if via_tasks:
                    walk.step("sakums")
                    walk.click_link("/tasks/")
                    walk.step("uzdevumi")
                    assert str(commission) in walk.page.inner_text("main")
                    walk.click_link(f"/identification/commissions/{commission.pk}/")
                else:
                    open_commission()
                walk.step("komisija")
                walk.click_link(f"/identification/commissions/{commission.pk}/assessment/")
                walk.step("izvertejums")
                for code in criteria:
                    walk.page.check(f"[name=crit_{code}]")
                walk.page.fill("[name=opinion]", "Kritēriji izpildīti; atzīstama par cietušo.")
                walk.submit("[name=opinion]")
                walk.assert_no_errors(f"assessment by {who}")

            assess("policija", people["police"], via_tasks=True)
            assess("psihologs", people["psy"], via_tasks=True)
            assess("jurists", lawyer, via_tasks=True)
            assess("sw", people["sw"], via_tasks=False)
            page = walk.page
            page.select_option("[name=conclusion]", "recognised")
            page.fill("[name=reasoning]", "Visi locekļi konstatēja darbību, līdzekli un mērķi.")
            walk.submit(f"/identification/commissions/{commission.pk}/conclude/")
            walk.assert_no_errors("conclusion")
            commission.refresh_from_db()
            assert commission.is_concluded
            walk.step("komisija-secinajusi")

            # Every member acknowledges the protocol (the SIVA application needs it).
            for who, user in (("sw", people["sw"]), ("psihologs", people["psy"]), ("jurists", lawyer),
                              ("policija", people["police"])):
                if who != "sw":
                    walk.sign_in(who, user)
                    open_commission_from_tasks()
                walk.submit(f"/identification/commissions/{commission.pk}/acknowledge/")
                walk.assert_no_errors(f"acknowledgement by {who}")
            commission.refresh_from_db()
            assert commission.fully_acknowledged
            # The protocol, and its PDF for the case team.
            walk.sign_in("sw", people["sw"])
            page = walk.page
            open_commission()
            walk.click_link(f"/identification/commissions/{commission.pk}/protocol/")
            walk.step("protokols")
            assert "Speciālistu komisijas izvērtēšanas protokols" in page.inner_text("main")
            with page.expect_download() as download:
                page.click(f'a[href="/identification/commissions/{commission.pk}/protocol.pdf"]')
            pdf = Path(download.value.path()).read_bytes()
            assert pdf.startswith(b"%PDF-")

            # --- The social worker records the person's status and applies to SIVA. ---
            walk.sign_in("sw", people["sw"])
            page = walk.page
            open_client()
            walk.click_link(f"/identification/{case.pk}/")
            page.select_option(f'form[action="/identification/{case.pk}/eligibility/"] [name=eu_citizen]', "yes")
            walk.submit(f"/identification/{case.pk}/eligibility/")
            walk.assert_no_errors("eligibility")
            walk.click_link(f"/decisions/apply/{case.pk}/")
            walk.step("pieteikums-siva")
            page.select_option("[name=signatory]", "person")
            page.fill("[name=signatory_name]", "Marta Kalniņa")
            page.fill("[name=signed_on]", today)
            walk.submit("[name=signatory]")
            walk.assert_no_errors("application")
            application = Application.objects.get()
            walk.step("pieteikums-iesniegts")

            # --- SIVA finds it in the inbox and grants the service from today. ---
            walk.sign_in("siva", people["siva"])
            page = walk.page
            walk.step("sakums")
            walk.click_link("/decisions/inbox/")
            walk.step("iesutne")
            assert application.reference in page.inner_text("main")
            walk.click_link(f"/decisions/applications/{application.pk}/")
            walk.step("pieteikums")
            page.select_option("[name=outcome]", "grant")
            page.fill("[name=service_start]", today)
            walk.submit("[name=outcome]")
            walk.assert_no_errors("decision")
            walk.step("lemums")
            course = Course.objects.get()
            assert course.start == day

            # --- The social worker reads the decision from the task list. ---
            walk.sign_in("sw", people["sw"])
            page = walk.page
            walk.click_link("/tasks/")
            walk.step("uzdevumi")
            assert application.reference in page.inner_text("main")
            walk.click_link(re.compile(r"^/decisions/letters/\d+/$"))
            walk.step("lemuma-vestule")

            # --- Course services, typed with decimal commas, shown the Latvian way. ---
            open_client()
            walk.click_link(f"/rehabilitation/{client.case_number}/")
            walk.step("kurss")
            walk.click_link(f"/rehabilitation/{client.case_number}/services/")
            walk.click_link(f"/rehabilitation/{client.case_number}/services/add/consultation/")
            walk.step("konsultacija")
            page.fill("[name=on]", today)
            page.select_option("[name=specialist]", "psychologist")
            page.fill("[name=hours]", "1,5")
            page.select_option("[name=mode]", "in_person")
            walk.submit("[name=on]")
            walk.assert_no_errors("consultation")
            walk.click_link(f"/rehabilitation/{client.case_number}/services/add/goods/")
            walk.step("preces")
            page.fill("[name=on]", today)
            page.select_option("[name=goods_category]", index=1)
            page.fill("[name=amount_eur]", "12,40")
            walk.submit("[name=on]")
            walk.assert_no_errors("goods")
            if not page.url.endswith("/services/"):
                walk.click_link(f"/rehabilitation/{client.case_number}/services/")
            walk.step("pakalpojumu-zurnals")
            log = page.inner_text("main")
            assert "1,50 st." in log and "12,40\u00a0€" in log, log
            assert "1.5" not in log and "12.4" not in log
            assert ServiceEntry.objects.get(kind="consultation").hours == Decimal("1.5")
            assert ServiceEntry.objects.get(kind="goods").amount_eur == Decimal("12.40")

            # --- The course closes today; after-care starts tomorrow. ---
            walk.click_link(f"/rehabilitation/{client.case_number}/")
            walk.click_link(f"/rehabilitation/{client.case_number}/close/")
            walk.step("kursa-slegsana")
            page.fill("[name=actual_end]", today)
            page.select_option("[name=closure_reason]", "goals_reached")
            page.fill("[name=closing_summary]", "Klientes mērķi sasniegti.")
            walk.submit("[name=closing_summary]")
            walk.assert_no_errors("closing")
            course.refresh_from_db()
            assert course.actual_end == day

            tomorrow = day + datetime.timedelta(days=1)
            clock.move_to(datetime.datetime.combine(tomorrow, datetime.time(9, 30), tzinfo=RIGA))
            walk.sign_in("sw", people["sw"])  # the idle session ended overnight
            page = walk.page
            open_client()
            walk.click_link(f"/rehabilitation/{client.case_number}/")
            walk.click_link(f"/rehabilitation/{client.case_number}/aftercare/")
            walk.step("pecaprupe")
            # The course status line, in Latvian grammar: one day is "diena", not "dienas".
            assert "izmantota 1 diena" in page.inner_text(".atb-course-status")
            limit = ruleset_on(tomorrow).aftercare_consultations
            consultation_form = f"/rehabilitation/{client.case_number}/aftercare/consultation/"
            specialists = ("lawyer", "social_worker", "psychologist")
            for n in range(limit + 1):
                walk.click_link(consultation_form)
                if n == 0:
                    walk.step("pecaprupes-konsultacija")
                page.fill("[name=on]", tomorrow.strftime("%d.%m.%Y"))
                page.select_option("[name=specialist]", specialists[n % len(specialists)])
                walk.submit("[name=specialist]")
                if n < limit:
                    walk.assert_no_errors(f"after-care consultation {n + 1} of {limit}")
                    if not page.url.endswith("/aftercare/"):
                        walk.click_link(f"/rehabilitation/{client.case_number}/aftercare/")
            refused = walk.error_summary()
            assert f"Visas {limit} pēcaprūpes konsultācijas ir izmantotas" in refused, refused
            walk.step("pecaprupe-atteikta")
            assert AftercareEntry.objects.count() == limit

            # --- The client's consent to the municipality, for identity and course only. ---
            open_client()
            walk.click_link(f"/clients/{client.case_number}/consents/new/")
            walk.step("piekrisana")
            page.select_option("[name=recipient]", str(orgs["municipal"].pk))
            page.check("[name=categories][value=identity]")
            page.check("[name=categories][value=course]")
            page.fill("[name=purpose]", "Ilgtermiņa sociālā darba plānošana")
            page.check("[name=method][value=in_person]")
            walk.submit("[name=purpose]")
            walk.assert_no_errors("consent")
            walk.step("piekrisana-ierakstita")

            # --- The municipal social worker sees exactly those categories. ---
            walk.sign_in("pasvaldiba", people["municipal"])
            page = walk.page
            walk.step("sakums")
            walk.click_link("/clients/shared/")
            walk.step("kopigotie")
            walk.click_link(f"/clients/{client.case_number}/shared/")
            walk.step("kopigotais-klients")
            shared = page.inner_text("main")
            assert "Marta" in shared and "Kalniņa" in shared and "150390-10000" in shared
            assert "20000077" not in shared and "Zemeņu" not in shared  # contact details: not agreed
            hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
            assert f"/rehabilitation/{client.case_number}/shared/" in hrefs
            assert f"/plans/{client.case_number}/shared/" not in hrefs
            assert f"/identification/shared/{client.case_number}/health/" not in hrefs
            walk.click_link(f"/rehabilitation/{client.case_number}/shared/")
            walk.step("kopigotais-kurss")
            course_page = page.inner_text("main")
            assert day.strftime("%d.%m.%Y") in course_page
            assert "12,40" not in course_page and "1,50" not in course_page  # services: not agreed
            with translation.override("lv"):
                assert str(ConsentCategory.SERVICES.label) not in course_page
            for path in (f"/identification/shared/{client.case_number}/health/",
                         f"/plans/{client.case_number}/shared/", f"/clients/{client.case_number}/"):
                response = page.goto(walk.origin + path)
                assert response.status == 404, f"{path}: {response.status}"
            assert walk.errors == []
        finally:
            walk.close()
    seconds = time.monotonic() - started
    record_property("walk_seconds", round(seconds, 1))
    print(f"\nThe process walk at {size} px took {seconds:.1f} s ({walk.count} pages checked)")
