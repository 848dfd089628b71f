from django import forms
from django.utils.translation import gettext_lazy as _


class HelpRequestForm(forms.Form):
    question = forms.CharField(
        label=_("Technical trouble? Ask the facilitators"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the facilitators see this. It is not shown on the wall."),
    )


class HelpAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=1000, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
