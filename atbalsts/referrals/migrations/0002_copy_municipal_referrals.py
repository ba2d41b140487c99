"""Copy the municipal social services' referrals (municipal.Referral) into the one referral
model. Each keeps its reference (NS-<number>), sender (the case's municipality), provider,
sender, dates, the screening's codes and what was typed (message, name, how to reach). They
were sent before consent was checked for referrals, so no consent is cited: the receiver keeps
seeing what it already received. "Marked as received" becomes "seen".
Does not import application code (historical models only)."""

from django.db import migrations

ORIGIN = "municipal_screening"
TYPE = "municipal_to_provider"


def forward(apps, schema_editor):
    Old = apps.get_model("municipal", "Referral")
    New = apps.get_model("referrals", "Referral")
    for old in Old.objects.select_related("case").order_by("pk").iterator():
        content = {}
        if old.indicators or old.criteria:
            content["indicators"] = {"indicators": list(old.indicators or []), "criteria": list(old.criteria or [])}
        contact = {k: v for k, v in (("name", old.contact_name), ("phone", old.contact_phone)) if v}
        if contact:
            content["contact"] = contact
        if old.message:
            content["message"] = old.message
        New.objects.create(
            reference=f"NS-{old.pk}", type_code=TYPE, sender_id=old.case.organisation_id, recipient_id=old.provider_id,
            sent_by_id=old.sent_by_id, sent_at=old.sent_at, client_id=old.case.client_id, consent=None, consents={},
            anonymous=not (contact or old.message), categories=sorted(content), content=content,
            origin_type=ORIGIN, origin_id=old.screening_id, status="sent",
            seen_at=old.acknowledged_at, seen_by_id=old.acknowledged_by_id,
        )


def backward(apps, schema_editor):
    Old = apps.get_model("municipal", "Referral")
    New = apps.get_model("referrals", "Referral")
    Screening = apps.get_model("municipal", "Screening")
    for new in New.objects.filter(origin_type=ORIGIN).order_by("pk").iterator():
        screening = Screening.objects.filter(pk=new.origin_id).first()
        if screening is None:
            continue
        content = new.content or {}
        found = content.get("indicators", {})
        Old.objects.create(
            screening=screening, case_id=screening.case_id, provider_id=new.recipient_id,
            indicators=found.get("indicators", []), criteria=found.get("criteria", []),
            message=content.get("message", ""), contact_name=content.get("contact", {}).get("name", ""),
            contact_phone=content.get("contact", {}).get("phone", ""), sent_by_id=new.sent_by_id,
            acknowledged_at=new.seen_at, acknowledged_by_id=new.seen_by_id,
        )
    New.objects.filter(origin_type=ORIGIN).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("referrals", "0001_referrals_between_organisations"),
        ("municipal", "0003_step_one_parts_and_office_consents"),
    ]

    operations = [migrations.RunPython(forward, backward)]
