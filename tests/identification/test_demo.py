"""The identification demo shows a witness, a person recognised as a minor when the exploitation
began though an adult now, and a protocol with each member's findings."""

import datetime

from atbalsts.accounts.models import Role
from atbalsts.identification.demo import build_identification_demo
from atbalsts.identification.models import CaseStatus
from tests.conftest import make_user


def test_the_demo_has_a_witness_a_minor_then_and_a_protocol_with_a_dissenting_member(orgs, login):
    users = {
        "soc.darbiniece": make_user("soc.darbiniece", orgs["provider_a"], Role.SOCIAL_WORKER),
        "psihologs": make_user("psihologs", orgs["provider_a"], Role.PSYCHOLOGIST),
        "jurists": make_user("jurists", orgs["provider_a"], Role.LAWYER),
        "policists": make_user("policists", orgs["police"], Role.POLICE_OFFICIAL),
    }
    # The demo dates everything by its own day, whatever the clock says.
    cases = build_identification_demo(orgs, users, datetime.date(2026, 11, 16))
    witness = cases["witness"]
    assert witness.status == CaseStatus.RECOGNISED and witness.proceedings_standing == "witness"

    then = cases["recognised_minor_then"]
    commission = then.commissions.get()
    assert then.status == CaseStatus.RECOGNISED
    assert commission.minor_for_means and not commission.minor_at_meeting
    assert (commission.minor_basis, commission.age_when_exploitation_began) == ("age_then", "16")

    sw = login(users["soc.darbiniece"])
    protocol = sw.get(f"/identification/commissions/{commission.pk}/protocol/").content.decode()
    assert "Kritērijiem atbilst 3 no 4 locekļu konstatējumiem." in protocol and "neatbilst" in protocol
    assert "Ekspluatācijas sākumā personai bija 16 gadi" in protocol
