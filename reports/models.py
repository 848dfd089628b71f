import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting


class Report(models.Model):
    """A meeting's report: the build whose files are published, and its share link."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="report")
    # Switched only when every file of a newer build is written, so a build that stops
    # half-way leaves the files readers download as they were.
    published_build = models.ForeignKey(
        "ReportBuild", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    share_token = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return str(self.meeting)

    def new_share_token(self) -> str:
        self.share_token = secrets.token_urlsafe(32)
        return self.share_token


class ReportBuild(models.Model):
    """One build of a meeting's report in every format, by the worker (reports/tasks.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="report_builds")
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    include_names = models.BooleanField(_("include participant names"), default=False)
    include_hidden = models.BooleanField(_("include hidden cards"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # What the worker does now: the format it writes, a step of it ("cards", "pictures",
    # "pdf", …) and how far that step is; `percent` is of the whole build.
    file_format = models.CharField(max_length=10, blank=True)
    step = models.CharField(max_length=20, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    percent = models.PositiveSmallIntegerField(default=0)
    # A hash of the content it was built from: the page compares it with the material now.
    fingerprint = models.CharField(max_length=64, blank=True)
    # Format -> {"name": its name in the default storage, "size": bytes}.
    files = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # The last sign of life from the worker; a running build silent for too long has stopped.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report build")
        verbose_name_plural = _("report builds")

    def __str__(self):
        return f"{self.meeting} #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
