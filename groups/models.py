from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from meetings.models import ProgrammeItem
from participants.models import Participant


class GroupPlan(models.Model):
    """How the groups of one group session are formed, so the result can be reproduced."""

    class Strategy(models.TextChoices):
        RANDOM = "random", _("Random")
        MIXED = "mixed", _("Mixed: as many organisations and counties per group as possible")
        SAME_ORGANISATION = "same_organisation", _("Same organisation together")
        LOCAL_SITES = "local_sites", _("Local sites as groups of their own, filled up")

    class LateJoiners(models.TextChoices):
        PLACE = "place", _("Place them in the smallest suitable group")
        WAIT = "wait", _("Let them wait for the facilitator")

    item = models.OneToOneField(ProgrammeItem, on_delete=models.CASCADE, related_name="group_plan")
    strategy = models.CharField(
        _("strategy"), max_length=20, choices=Strategy.choices, default=Strategy.MIXED
    )
    target_size = models.PositiveSmallIntegerField(_("group size"), default=6)
    min_size = models.PositiveSmallIntegerField(_("smallest group"), default=4)
    max_size = models.PositiveSmallIntegerField(_("largest group"), default=7)
    seed = models.PositiveIntegerField(_("seed"), default=0)
    late_joiners = models.CharField(
        _("late joiners"), max_length=10, choices=LateJoiners.choices, default=LateJoiners.PLACE
    )
    reused_from = models.ForeignKey(
        ProgrammeItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    formed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("group plan")
        verbose_name_plural = _("group plans")

    def __str__(self):
        return str(self.item)


class Group(models.Model):
    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("number"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="group_unique_number")
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return _("Group %(number)d") % {"number": self.number}


class Role(models.TextChoices):
    MODERATOR = "moderator", pgettext_lazy("group role", "Moderator")
    TIMEKEEPER = "timekeeper", pgettext_lazy("group role", "Timekeeper")
    NOTE_TAKER = "note_taker", pgettext_lazy("group role", "Note-taker")


ROLE_EXPLANATIONS = {
    Role.MODERATOR: _("Leads the conversation and makes sure everyone is heard."),
    Role.TIMEKEEPER: _("Starts the rounds, keeps the time and passes the word on."),
    Role.NOTE_TAKER: _("Writes the group's card on the wall."),
}


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    # The session again, so the database itself refuses one person in two groups of it.
    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)

    class Meta:
        ordering = ["participant__organisation", "participant__name", "id"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "participant"], name="membership_one_group_per_session"
            ),
            models.UniqueConstraint(
                fields=["group", "role"],
                condition=~models.Q(role=""),
                name="membership_one_per_role",
            ),
        ]

    def __str__(self):
        return f"{self.participant} ({self.group})"


class Round(models.Model):
    """A rekkefremlegg round: each member speaks in turn, then open dialogue, then a summary.

    Timers are stored as when the current phase started and how long it lasts, and count
    down in the browser; a pause keeps the seconds that were left.
    """

    class Phase(models.TextChoices):
        SPEAKING = "speaking", _("Round of speakers")
        DIALOGUE = "dialogue", _("Open dialogue")
        SUMMARY = "summary", _("Summary")
        DONE = "done", _("Round finished")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    question_numbers = models.JSONField(default=list)
    speaking_order = models.JSONField(default=list)  # participant ids
    speaker_seconds = models.PositiveIntegerField(default=120)
    dialogue_seconds = models.PositiveIntegerField(default=300)
    summary_seconds = models.PositiveIntegerField(default=180)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.SPEAKING)
    turn = models.PositiveSmallIntegerField(default=0)
    phase_started_at = models.DateTimeField()
    phase_seconds = models.PositiveIntegerField()
    paused_remaining = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["group", "number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="round_unique_number")
        ]

    def __str__(self):
        return f"{self.group} #{self.number}"

    @property
    def ends_at(self):
        return self.phase_started_at + timedelta(seconds=self.phase_seconds)
