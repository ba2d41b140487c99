from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    READ = "read", _("Opened")
    LIST = "list", _("Listed")
    SEARCH = "search", _("Searched")
    EXPORT = "export", _("Exported")
    DENIED = "denied", _("Access refused")
    DISCLOSE = "disclose", _("Disclosed under consent")
    LOGIN = "login", _("Signed in")
    LOGOUT = "logout", _("Signed out")
    LOGIN_FAILED = "login_failed", _("Sign-in failed")
    KEY_ROTATION = "key_rotation", _("Keys rotated")


class Purpose(models.TextChoices):
    CASEWORK = "casework", _("Case work")
    IDENTIFICATION = "identification", _("Identification")
    DECISION = "decision", _("State decision")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    COOPERATION = "cooperation", _("Cooperation under consent")
    ADMINISTRATION = "administration", _("Administration")
    SECURITY = "security", _("Security")
    MAINTENANCE = "maintenance", _("Maintenance")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events cannot be changed.")

    def delete(self):
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One thing that happened. Never holds a client's personal data: objects are named by
    their pseudonymous reference (the case number), changes by field name only.

    Events form a hash chain: each event's hash covers its content and the previous hash, so
    ``manage.py audit verify`` finds any event that was changed or removed.
    """

    seq = models.BigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_username = models.CharField(max_length=150, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_ref = models.CharField(max_length=80, blank=True, db_index=True)
    purpose = models.CharField(max_length=30, choices=Purpose.choices, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type} {self.object_ref}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")


class ChainHead(models.Model):
    """The last sequence number and hash: one row, locked while an event is appended."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"head #{self.seq}"
