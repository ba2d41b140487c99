from rest_framework.permissions import BasePermission


class DenyAll(BasePermission):
    """The default for every endpoint: one that forgets to declare a permission serves nobody."""

    def has_permission(self, request, view):
        return False


class IsVerifiedStaff(BasePermission):
    """Signed in, acting for an organisation, second factor in place."""

    def has_permission(self, request, view):
        actor = getattr(request, "actor", None)
        return bool(actor and actor.organisation is not None and actor.mfa_verified)


class MayOpenPersonalData(BasePermission):
    def has_permission(self, request, view):
        actor = getattr(request, "actor", None)
        return bool(actor and actor.may_open_personal_data)
