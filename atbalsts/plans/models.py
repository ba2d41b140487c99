"""The individual social rehabilitation plan, its versions and its reviews.

A plan's content (goals by area, their activities) lives only in its versions: each saved change
is a new :class:`PlanVersion` holding the whole plan as an encrypted JSON snapshot, written once and
never changed. The current plan is the newest version. See README.md for why a snapshot.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Organisation, Role
from atbalsts.lib.crypto import EncryptedTextField
from atbalsts.people.models import Client


class Plan(models.Model):
    """One plan per client, kept by the client's organisation."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="plan")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Not personal data: a date the reminders can query without decrypting anything.
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    class Meta:
        verbose_name = _("individual rehabilitation plan")
        verbose_name_plural = _("individual rehabilitation plans")
        indexes = [models.Index(fields=["organisation", "next_review_on"], name="plan_review_due")]

    def __str__(self) -> str:
        return f"{self.client.case_number}/plan"

    @property
    def current_version(self) -> PlanVersion | None:
        return self.versions.order_by("-number").first()


class WriteOnceQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Plan versions cannot be changed.")

    def delete(self):
        raise PermissionError("Plan versions cannot be deleted.")


class PlanVersion(models.Model):
    """The whole plan as saved at one moment. Written once; a change is a new version."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reason = EncryptedTextField(_("reason for the change"))
    # {"goals": [{"key", "area", "text", "status", "activities": [{"key", "text", "user", "role", "due"}]}]}
    content = EncryptedTextField()
    review = models.ForeignKey("PlanReview", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="versions")

    objects = WriteOnceQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.plan.client.case_number}/plan/v{self.number}"

    def save(self, *args, **kwargs):
        # A version is a record of what was agreed: it is never rewritten.
        if self.pk is not None:
            raise PermissionError("Plan versions cannot be changed.")
        super().save(*args, **kwargs)

    @property
    def data(self) -> dict:
        return json.loads(self.content or '{"goals": []}')


class PlanActivityDue(models.Model):
    """The due date of one activity of an open goal in the plan's current version.

    Not personal data: a date and the plan it belongs to, never the activity's text. The rows are
    replaced by :func:`atbalsts.plans.services.save_plan_version` in the same transaction as the
    version they come from, so the reminders find what falls due with one indexed query instead of
    decrypting every plan (issue 14).
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activity_dues")
    due = models.DateField(_("due"))

    class Meta:
        verbose_name = _("due date of a plan activity")
        verbose_name_plural = _("due dates of plan activities")
        indexes = [models.Index(fields=["due", "plan"], name="plan_activity_due")]

    def __str__(self) -> str:
        return f"plan {self.plan_id}: {self.due.isoformat()}"


class PlanReview(models.Model):
    """A review of the plan by the provider's interdisciplinary team."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("date of the review"))
    conclusions = EncryptedTextField(_("conclusions"))
    next_review_on = models.DateField(_("next review"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan.client.case_number}/plan/review/{self.pk}"


class ReviewParticipant(models.Model):
    """A member of the case team who took part in a review, in the role they had on the team."""

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)

    class Meta:
        verbose_name = _("review participant")
        verbose_name_plural = _("review participants")
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="plan_review_participant_unique")]

    def __str__(self) -> str:
        return f"{self.review}: {self.user}"
