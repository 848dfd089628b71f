from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from participants.models import Participant


class HelpRequest(models.Model):
    """A private technical question from a participant to the facilitators."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="help_requests")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="help_requests"
    )
    question = models.CharField(_("question"), max_length=1000)
    answer = models.CharField(_("answer"), max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")

    def __str__(self):
        return self.question[:60]

    @property
    def is_solved(self) -> bool:
        return self.solved_at is not None
