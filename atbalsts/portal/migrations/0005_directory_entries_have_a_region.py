"""Directory entries get a planning region, for the directory's region filter.

Every seeded entry serves the whole country except the Vidzeme association, whose name and
seeded address (Madonas novads) place it in Vidzeme.
"""

from django.db import migrations, models

VIDZEME_ASSOCIATION = "Par brīvu Vidzemi no cilvēku tirdzniecības"


def place_the_vidzeme_association(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    Service.objects.filter(name=VIDZEME_ASSOCIATION, region="").update(region="vidzeme")


def forget_it(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    Service.objects.filter(name=VIDZEME_ASSOCIATION, region="vidzeme").update(region="")


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0004_directory_follows_the_sources'),
    ]

    operations = [
        migrations.AddField(
            model_name='service',
            name='region',
            field=models.CharField(blank=True, choices=[('riga', 'Rīga region'), ('vidzeme', 'Vidzeme'), ('kurzeme', 'Kurzeme'), ('zemgale', 'Zemgale'), ('latgale', 'Latgale')], help_text='Only for a service that helps people in one planning region. Leave empty when it helps people anywhere in Latvia (a hotline, the police, an office in Rīga that serves the whole country).', max_length=20, verbose_name='planning region'),
        ),
        migrations.RunPython(place_the_vidzeme_association, forget_it),
    ]
