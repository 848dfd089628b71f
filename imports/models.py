from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from register.models import County, Municipality


class PadletImport(models.Model):
    """How a meeting's wall came from a Padlet board export, for the facilitator to see."""

    class SectionsAs(models.TextChoices):
        QUESTIONS = "questions", _("Sections become the session's questions")
        SESSIONS = "sessions", _("Each section becomes a group session of its own")

    class GroupBy(models.TextChoices):
        POST = "post", _("One group per post")
        SUBJECT = (
            "subject",
            _("One group per post title (such as “Gruppe 7”), its posts on one card"),
        )
        AUTHOR = "author", _("One group per author, their posts on one card")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="padlet_import")
    file_name = models.CharField(_("file"), max_length=255)
    file_kind = models.CharField(max_length=4)  # "csv" or "xlsx"
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=2, blank=True)
    layout = models.CharField(max_length=10)  # "column", "blocks" or "none"
    sections_as = models.CharField(
        _("sections"), max_length=10, choices=SectionsAs.choices, default=SectionsAs.QUESTIONS
    )
    group_by = models.CharField(
        _("groups"), max_length=10, choices=GroupBy.choices, default=GroupBy.POST
    )
    keep_authors = models.BooleanField(_("authors kept"), default=False)
    posts = models.PositiveIntegerField(default=0)
    sections = models.PositiveIntegerField(default=0)
    cards = models.PositiveIntegerField(default=0)
    attachments = models.PositiveIntegerField(default=0)
    skipped_rows = models.PositiveIntegerField(default=0)
    ignored_columns = models.JSONField(default=list)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Padlet import")
        verbose_name_plural = _("Padlet imports")

    def __str__(self):
        return f"{self.meeting}: {self.file_name}"


class VideoCallReport(models.Model):
    """A video call's participant report attached to a meeting: one per meeting."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="video_call_report"
    )
    source = models.CharField(max_length=20, default="Zoom")
    file_name = models.CharField(_("file"), max_length=255)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    call_started_at = models.DateTimeField(null=True, blank=True)
    call_ended_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("video call report")
        verbose_name_plural = _("video call reports")

    def __str__(self):
        return f"{self.meeting}: {self.file_name}"


class VideoCallAttendee(models.Model):
    """One person in the call, with all their minutes; no e-mail address is kept."""

    class Problem(models.TextChoices):
        NONE = "", _("Follows the convention")
        NO_COMMA = "no_comma", _("No comma between organisation and name")
        NO_ORGANISATION = "no_organisation", _("No organisation before the comma")
        NO_FULL_NAME = "no_full_name", _("No first and last name after the comma")

    report = models.ForeignKey(VideoCallReport, on_delete=models.CASCADE, related_name="attendees")
    display_name = models.CharField(_("name in the call"), max_length=300)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    problem = models.CharField(max_length=20, choices=Problem.choices, blank=True)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    county = models.ForeignKey(
        County, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes = models.PositiveIntegerField(_("minutes"), default=0)
    times_joined = models.PositiveSmallIntegerField(default=1)
    guest = models.BooleanField(null=True)
    line = models.PositiveIntegerField(default=0)  # its first row in the file

    class Meta:
        ordering = ["display_name", "id"]
        verbose_name = _("video call attendee")
        verbose_name_plural = _("video call attendees")

    def __str__(self):
        return self.display_name

    @property
    def follows_convention(self) -> bool:
        return not self.problem
