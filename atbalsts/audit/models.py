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
    LOGIN_REFUSED = "login_refused", _("Sign-in refused: too many failures")
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

    def object_type_label(self) -> str:
        from .objects import object_type_label

        return object_type_label(self.object_type)


class AuditEvent(models.Model):
    """One thing that happened. Never holds a client's personal data: objects are named by
    their pseudonymous reference (the case number), changes by field name only.

    Events form a chain per ``chain`` (ADR 0015): ``hash`` is SHA-256 over the event's content
    and the previous event's hash, and ``mac`` is an HMAC of that hash under the audit key named
    by ``key_id``, a key the database never sees. Signed checkpoints outside the database record
    how far the chain had reached, so ``manage.py audit verify`` finds an event that was changed,
    removed, renumbered or cut off the end, even by someone who rewrote every later hash.
    """

    chain = models.PositiveSmallIntegerField(default=0, editable=False)
    seq = models.BigIntegerField(editable=False)
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
    # Empty for events written before the chain was keyed (they are covered by a checkpoint).
    key_id = models.CharField(max_length=16, blank=True, editable=False)
    mac = models.CharField(max_length=64, blank=True, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["chain", "seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_event_one_per_place")]
        # The trail page, newest first, for one organisation's administrator and for the system
        # administrator: each page a seek in one of these (migration 0005 builds them without
        # stopping appends on PostgreSQL).
        indexes = [
            models.Index(fields=["organisation_id", "-at", "-chain", "-seq"], name="audit_org_newest"),
            models.Index(fields=["-at", "-chain", "-seq"], name="audit_newest"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type} {self.object_ref}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")

    def object_type_label(self) -> str:
        from .objects import object_type_label

        return object_type_label(self.object_type)
