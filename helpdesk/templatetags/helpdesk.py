from django import template

from helpdesk.views import signal_context

register = template.Library()


@register.inclusion_tag("helpdesk/_signal.html")
def help_signal(meeting):
    """The help channel's signal for a facilitator page: the count of open questions (a
    link to the help panel, reloaded live) and the switch for its sound (help-signal.js)."""
    return signal_context(meeting)
