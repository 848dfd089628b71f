import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from meetings.models import ProgrammeItem
from participants.models import Participant


class Wall(models.Model):
    """The wall of one group session: whether it is locked, and how it is shared afterwards."""

    item = models.OneToOneField(ProgrammeItem, on_delete=models.CASCADE, related_name="wall")
    locked = models.BooleanField(_("locked"), default=False)
    share_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    share_names = models.BooleanField(_("show participant names"), default=False)

    class Meta:
        verbose_name = _("wall")
        verbose_name_plural = _("walls")

    def __str__(self):
        return str(self.item)

    def new_share_token(self) -> str:
        self.share_token = secrets.token_urlsafe(18)
        return self.share_token


class Card(models.Model):
    """A group's one card on the wall of a session: the database refuses a second one."""

    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="cards")
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="card")
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    body_html = models.TextField(blank=True)
    question_numbers = models.JSONField(default=list)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    comment = models.CharField(_("facilitator's comment"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-pinned", "group__number"]
        verbose_name = _("card")
        verbose_name_plural = _("cards")

    def __str__(self):
        return self.heading or str(self.group)

    @property
    def is_started(self) -> bool:
        return self.version > 0


class CardDocument(models.Model):
    """The shared document a card's group types in at once: a Yjs update (wall/document.py)
    whose texts are the card's heading and body as they are being typed. A row of its own,
    so that reading cards for the wall never reads their documents. A card without one has
    not been typed in since it was made: its document is made from its heading and body."""

    card = models.OneToOneField(
        Card, on_delete=models.CASCADE, primary_key=True, related_name="document"
    )
    state = models.BinaryField(default=b"")
    # Who has typed in it, by participant id, in the order they began: the card's writers,
    # also those whose words went into a version someone else's pause made.
    writers = models.JSONField(default=list)

    class Meta:
        verbose_name = _("card document")
        verbose_name_plural = _("card documents")

    def __str__(self):
        return str(self.card)


class CardVersion(models.Model):
    """Every saved version of a card, with who saved it and when."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    heading = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    question_numbers = models.JSONField(default=list)
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("card version")
        verbose_name_plural = _("card versions")
        constraints = [
            models.UniqueConstraint(fields=["card", "version"], name="card_version_unique")
        ]

    def __str__(self):
        return f"{self.card} v{self.version}"


def card_image_path(instance, filename):
    return f"cards/{instance.card.item.meeting_id}/{instance.card_id}/{filename}"


class CardImage(models.Model):
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="images")
    image = models.FileField(upload_to=card_image_path)
    thumbnail = models.FileField(upload_to=card_image_path)
    alt = models.CharField(_("description of the picture"), max_length=300)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")

    def __str__(self):
        return self.alt


class ReportSlot(models.Model):
    """A group chosen to report back in plenary, in order, with its time."""

    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="report_slots")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    seconds = models.PositiveIntegerField(_("time"), default=120)
    started_at = models.DateTimeField(null=True, blank=True)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("report-back turn")
        verbose_name_plural = _("report-back turns")
        constraints = [
            models.UniqueConstraint(fields=["item", "group"], name="report_slot_unique_group")
        ]

    def __str__(self):
        return f"{self.item}: {self.group}"
