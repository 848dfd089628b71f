import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Letters and digits that cannot be mistaken for each other when read aloud or on a slide.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_meeting_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def default_retention_days() -> int:
    """A new meeting keeps personal data this long after it ends, unless its facilitator
    chooses otherwise (PERSONAL_DATA_RETENTION_DAYS, 90 by default)."""
    return settings.PERSONAL_DATA_RETENTION_DAYS


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Not started")
        LIVE = "live", _("Live")
        ENDED = "ended", _("Ended")

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    video_url = models.URLField(_("video call link"), blank=True, max_length=500)
    # Zoom's breakout pre-assignment goes by e-mail: only then does the join page ask for it.
    zoom_preassign = models.BooleanField(_("assign Zoom breakout rooms ahead"), default=False)
    # Filled in afterwards, for the report and the participants' page of the ended meeting.
    recording_url = models.URLField(_("recording link"), blank=True, max_length=500)
    organised_by = models.CharField(_("organised by"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="nb"
    )
    code = models.CharField(_("code"), max_length=12, unique=True, default=new_meeting_code)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="facilitated_meetings",
        verbose_name=_("facilitators"),
    )
    current_item = models.ForeignKey(
        "ProgrammeItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recording = models.BooleanField(_("recording"), default=False)
    # Privacy: who is responsible for the participants' personal data (the join page and the
    # privacy notice say so), and how long after the meeting it is kept (participants/privacy.py).
    controller_name = models.CharField(
        _("responsible for personal data"), max_length=200, blank=True
    )
    controller_contact = models.CharField(_("contact for privacy"), max_length=200, blank=True)
    retention_days = models.PositiveSmallIntegerField(
        _("days personal data is kept after the meeting"),
        default=default_retention_days,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every live change, so a page can drop a frame older than what it shows.
    state_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:run", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.ENDED


class ProgrammeItem(models.Model):
    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        GROUP_SESSION = "group_session", _("Group session")
        REPORT_BACK = "report_back", _("Report-back")
        BREAK = "break", _("Break")
        INFO = "info", _("Information")

    class Status(models.TextChoices):
        PENDING = "pending", _("Coming")
        RUNNING = "running", _("Now")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TALK)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    planned_start = models.TimeField(_("planned start"), null=True, blank=True)
    planned_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=10)
    # A break may announce when we start again ("vi starter igjen 11:10").
    resume_at = models.TimeField(_("we start again at"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    started_at = models.DateTimeField(null=True, blank=True)
    extra_seconds = models.IntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The item in the other written form (nynorsk for a meeting written in bokmål, and the
    # other way round: meetings/written.py), shown to the readers of that form once the
    # facilitator has read it through (`other_reviewed`).
    other_language = models.CharField(max_length=5, blank=True)
    other_title = models.CharField(_("title"), max_length=200, blank=True)
    other_description = models.TextField(_("description"), blank=True, max_length=5000)
    other_reviewed = models.BooleanField(_("read through"), default=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")

    def __str__(self):
        return self.title

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.planned_minutes, seconds=self.extra_seconds)

    @property
    def ends_at(self) -> datetime | None:
        """When the running item is due to end; a break with a set restart time ends then."""
        if self.started_at is None:
            return None
        if self.kind == self.Kind.BREAK and self.resume_at is not None:
            local_start = timezone.localtime(self.started_at)
            resume = local_start.replace(
                hour=self.resume_at.hour, minute=self.resume_at.minute, second=0, microsecond=0
            )
            if resume > self.started_at:
                return resume + timedelta(seconds=self.extra_seconds)
        return self.started_at + self.duration


class Speaker(models.Model):
    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role or title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return self.name


class Question(models.Model):
    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    # In the item's other written form (ProgrammeItem.other_language).
    other_text = models.CharField(_("question"), max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text


class Announcement(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="announcements")
    text = models.CharField(_("announcement"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The newest announcement is the one shown: a new one replaces it. It stops showing when
    # withdrawn, or, if the facilitator tied it to the item that was running, when that ends.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    until_item_ends = models.ForeignKey(
        "ProgrammeItem", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self):
        return self.text
