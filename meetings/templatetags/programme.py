from django import template
from django.utils.html import json_script
from django.utils.translation import gettext as _

from meetings.models import ProgrammeItem

register = template.Library()


@register.simple_tag
def programme_strings():
    """The words the live programme script shows, in the page's language."""
    strings = {
        "kinds": {kind.value: str(kind.label) for kind in ProgrammeItem.Kind},
        "not_started": _("The meeting has not started yet. This page updates by itself."),
        "ended": _("The meeting has ended. Thank you for taking part!"),
        "nothing_running": _("We will soon be under way."),
        "resume_at": _("We start again at %(time)s"),
        "ends_at": _("Ends at %(time)s"),
        "planned_at": _("at %(time)s"),
        "expected_at": _("expected at %(time)s (planned %(planned)s)"),
        "over_time": _("%(time)s over time"),
        "recording_on": _("Recording"),
        "recording_off": _("Not recording"),
        "now_running": _("Now: %(title)s"),
    }
    return json_script(strings, "programme-strings")
