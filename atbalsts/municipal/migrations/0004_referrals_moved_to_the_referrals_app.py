# The screening's referrals are now referrals.Referral (ADR 0020b); their rows were copied there
# by referrals 0002 before this table goes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('municipal', '0003_step_one_parts_and_office_consents'),
        ('referrals', '0002_copy_municipal_referrals'),
    ]

    operations = [
        migrations.DeleteModel(
            name='Referral',
        ),
    ]
