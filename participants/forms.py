import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from common.spreadsheets import starts_like_formula
from meetings.domain import normalised_code

NAME_MAX = 100
# Angle brackets are never part of a name, and would read as markup in the video tool.
FORBIDDEN_IN_NAMES = re.compile(r"[<>{}]")


def clean_display_text(value: str, *, field_label: str) -> str:
    """Tidy a name as people type it; refuse what cannot be a name."""
    value = unicodedata.normalize("NFC", " ".join(value.split()))
    if FORBIDDEN_IN_NAMES.search(value):
        raise forms.ValidationError(
            _("%(field)s cannot contain the characters < > { }.") % {"field": field_label}
        )
    # Control and invisible formatting characters (such as right-to-left overrides) could
    # disguise a name in the video call.
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in value):
        raise forms.ValidationError(
            _("%(field)s contains characters that are not allowed.") % {"field": field_label}
        )
    return value


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Meeting code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = normalised_code(self.cleaned_data["code"])
        if not code.isalnum():
            raise forms.ValidationError(_("A meeting code has only letters and digits."))
        return code


class JoinForm(forms.Form):
    organisation = forms.CharField(
        label=_("Municipality or organisation"),
        max_length=150,
        help_text=_("For example “Porsgrunn kommune” or “Norsk kulturskoleråd”."),
        widget=forms.TextInput(
            attrs={"autocomplete": "organization", "list": "organisation-suggestions"}
        ),
    )
    organisation_is_other = forms.BooleanField(
        label=_("My organisation is not a municipality or a county"), required=False
    )
    name = forms.CharField(
        label=_("First and last name"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Only used to put you in the right breakout room in the video call."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    is_local_site = forms.BooleanField(
        label=_("We are several people in one room (a local site)"), required=False
    )
    head_count = forms.IntegerField(
        label=_("How many are you in the room?"), min_value=2, max_value=500, required=False
    )
    join_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def clean_name(self):
        name = clean_display_text(self.cleaned_data["name"], field_label=_("The name"))
        if len(name) < 2:
            raise forms.ValidationError(_("Write your first and last name."))
        return name

    def clean_email(self):
        email = self.cleaned_data["email"]
        # The Zoom file holds the address as it is (Zoom needs it so), and a spreadsheet would
        # run one that starts like a formula: =cmd|calc!A0@example.org is valid to Django.
        if starts_like_formula(email):
            raise forms.ValidationError(_("An e-mail address cannot start with =, +, - or @."))
        return email

    def clean_organisation(self):
        organisation = clean_display_text(
            self.cleaned_data["organisation"], field_label=_("The organisation")
        )
        if len(organisation) < 2:
            raise forms.ValidationError(_("Write the name of your municipality or organisation."))
        return organisation

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_local_site") and not cleaned.get("head_count"):
            self.add_error("head_count", _("Tell us how many you are in the room (at least 2)."))
        return cleaned
