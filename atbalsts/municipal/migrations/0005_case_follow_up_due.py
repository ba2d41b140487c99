"""The follow-up date on the municipal case (issue 14): the date of the follow-up (step 5) when the
case's last step is an evaluation that closed it with a follow-up date. Filled here from every
case's steps; ``services.record_step`` keeps it in step from now on. A plain date, no personal data."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q, Subquery

EVALUATION, CLOSE = 4, "close"


def fill(apps, schema_editor):
    MunicipalCase = apps.get_model("municipal", "MunicipalCase")
    CaseStep = apps.get_model("municipal", "CaseStep")
    # The same rule as services.refresh_follow_up (written again here: migrations keep their own copy).
    later = CaseStep.objects.filter(case=OuterRef("case_id")).filter(
        Q(recorded_at__gt=OuterRef("recorded_at")) | Q(recorded_at=OuterRef("recorded_at"), pk__gt=OuterRef("pk"))
    )
    closing_last = CaseStep.objects.filter(step=EVALUATION, outcome=CLOSE, follow_up_on__isnull=False).filter(
        ~Exists(later)
    )
    MunicipalCase.objects.filter(pk__in=closing_last.values("case_id")).update(
        follow_up_due=Subquery(closing_last.filter(case=OuterRef("pk")).values("follow_up_on")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_organisation_is_sandbox"),
        ("municipal", "0004_referrals_moved_to_the_referrals_app"),
        ("people", "0009_client_org_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="municipalcase",
            name="follow_up_due",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="municipalcase",
            index=models.Index(
                condition=models.Q(("follow_up_due__isnull", False)),
                fields=["organisation", "follow_up_due", "reference"],
                name="municipal_case_follow_up",
            ),
        ),
    ]
