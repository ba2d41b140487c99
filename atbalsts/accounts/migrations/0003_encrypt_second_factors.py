"""Encrypt the TOTP secrets and recovery-code seeds that allauth stored in the clear (ADR 0016).

From now on the MFA adapter encrypts them with the field keys; this rewrites the rows written
before it. Values already encrypted are left alone, so running it twice changes nothing.
"""

from django.db import migrations

from atbalsts.lib.crypto import PREFIX, decrypt, encrypt

SECRET_KEYS = ("secret", "seed")  # TOTP and recovery codes
LIST_KEYS = ("migrated_codes",)  # recovery codes carried over from django-allauth-2fa


def _convert(data: dict, one) -> dict:
    data = dict(data)
    for key in SECRET_KEYS:
        if isinstance(data.get(key), str):
            data[key] = one(data[key])
    for key in LIST_KEYS:
        if isinstance(data.get(key), list):
            data[key] = [one(v) if isinstance(v, str) else v for v in data[key]]
    return data


def encrypt_all(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all().iterator():
        data = _convert(authenticator.data or {}, lambda v: v if v.startswith(PREFIX) else encrypt(v))
        Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


def decrypt_all(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all().iterator():
        data = _convert(authenticator.data or {}, lambda v: decrypt(v) if v.startswith(PREFIX) else v)
        Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_role_other_specialist"), ("mfa", "0003_authenticator_type_uniq")]
    operations = [migrations.RunPython(encrypt_all, decrypt_all)]
