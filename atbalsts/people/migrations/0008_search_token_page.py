"""Search tokens carry the client's organisation and opening time, so that a search orders and
cuts its page on the token index alone (issue 14). Existing tokens are filled in from their
client in one UPDATE per column."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Client = apps.get_model("people", "Client")
    SearchToken = apps.get_model("people", "SearchToken")
    of_client = Client.objects.filter(pk=OuterRef("client_id"))
    SearchToken.objects.update(
        organisation_id=Subquery(of_client.values("organisation_id")[:1]),
        client_created_at=Subquery(of_client.values("created_at")[:1]),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('people', '0007_consent_given_at_recipients_office'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchtoken',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation', db_index=False),
        ),
        migrations.AddField(
            model_name='searchtoken',
            name='client_created_at',
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='searchtoken',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation', db_index=False),
        ),
        migrations.AlterField(
            model_name='searchtoken',
            name='client_created_at',
            field=models.DateTimeField(),
        ),
        # The page index starts with the digest: the digest's own index is no longer needed.
        migrations.AlterField(
            model_name='searchtoken',
            name='digest',
            field=models.CharField(max_length=40),
        ),
        migrations.AddIndex(
            model_name='searchtoken',
            index=models.Index(fields=['digest', 'organisation', '-client_created_at', '-client'], name='search_token_page'),
        ),
    ]
