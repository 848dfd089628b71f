from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def bar_width(value: int, largest: int) -> str:
    """The length of a bar in a chart 100 wide, for `value` where the longest bar is `largest`."""
    if not largest:
        return "0"
    return f"{100 * value / largest:.1f}"


@register.filter
def duration(seconds: int) -> str:
    """Seconds as minutes and seconds: "2 min", "1 min 30 s"."""
    minutes, rest = divmod(int(seconds or 0), 60)
    if not rest:
        return ngettext("%(minutes)d min", "%(minutes)d min", minutes) % {"minutes": minutes}
    return _("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": rest}
