import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from register.models import County, Municipality


def new_participant_token() -> str:
    return secrets.token_urlsafe(24)


class Participant(models.Model):
    """Someone in a meeting without an account, or a local site: one room joining as one unit."""

    class Gone(models.TextChoices):
        """Why someone is no longer here (left_at says since when)."""

        LEFT = "left", _("Left the meeting")
        # Closed every page of the meeting and did not come back within the grace period:
        # gone until the same browser opens a page of the meeting again.
        CLOSED = "closed", _("Closed the page")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=150)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    county = models.ForeignKey(
        County, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_local_site = models.BooleanField(_("local site"), default=False)
    head_count = models.PositiveSmallIntegerField(_("people in the room"), default=1)
    # The device's proof of identity, kept in its session: coming back means being the same person.
    token = models.CharField(max_length=64, unique=True, default=new_participant_token)
    # The join form's one-time key: a double submit finds the participant the first one made.
    join_key = models.CharField(max_length=64, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    gone = models.CharField(max_length=10, choices=Gone.choices, blank=True)
    # The live sockets this person has open now, over every process (docs/live.md).
    open_sockets = models.PositiveIntegerField(default=0)
    # When a page of theirs last said it was going away (its beacon); cleared when one opens.
    closed_at = models.DateTimeField(null=True, blank=True)
    # The page (live.js's id for it) whose socket opened last: a beacon of an older page,
    # come late, is no closing while that page is open.
    last_page = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["organisation", "name", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "join_key"],
                condition=~models.Q(join_key=""),
                name="participant_unique_join_key",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name to use in the video call: "Porsgrunn kommune, Morten Hagevik"."""
        return f"{self.organisation}, {self.name}"

    @property
    def is_present(self) -> bool:
        return self.left_at is None
