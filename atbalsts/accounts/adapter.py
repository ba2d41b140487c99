from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import ValidationError

from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.lib import crypto

from .lockout import account_for, lockout_name, typed_login


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are created by administrators of the organisations, never by sign-up.
        return False

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth's own rate limit counts per typed login; count per account instead, as axes
        # does, so that case and username/e-mail do not each get their own allowance.
        return f"atbalsts:{lockout_name(request, credentials)}"

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            user = account_for(typed_login(request, credentials))
            record(
                None,
                Action.LOGIN_REFUSED,
                object_type="user",
                object_ref=str(user.pk) if user else "",
                purpose=Purpose.SECURITY,
                detail={"by": "rate_limit", "account": "known" if user else "unknown"},
            )
            raise


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted under the field keys, so a copy
    of the database does not give away anybody's second factor (ADR 0016)."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)
