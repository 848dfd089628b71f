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
    # Asked of everyone but a local site, whose name is its room's (clean() says which).
    name = forms.CharField(
        label=_("First and last name"),
        max_length=NAME_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_(
            "Zoom puts you in your group's breakout room when you sign in to Zoom with this "
            "address, so use the one of your Zoom account. It is used for nothing else."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    is_local_site = forms.BooleanField(
        label=_("We are several people in one room (a local site)"), required=False
    )
    room_name = forms.CharField(
        label=_("The room's name"),
        max_length=NAME_MAX,
        required=False,
        help_text=_(
            "Shown in the video call instead of a person's name, for example "
            "“Kulturhuset, møterom 2”."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    head_count = forms.IntegerField(
        label=_("How many are you in the room?"), min_value=2, max_value=500, required=False
    )
    join_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    # The answer to "Did you mean …?" (participants/domain.py): one of the register entries
    # offered, or keeping what was typed. Sent by the question's buttons, with the text the
    # question was about, so that an organisation changed since is asked about anew.
    organisation_asked = forms.CharField(widget=forms.HiddenInput, required=False, max_length=150)
    # Buttons, not inputs; hidden fields to the form, so a refusal reads as text, not a link.
    organisation_choice = forms.CharField(widget=forms.HiddenInput, required=False, max_length=150)
    organisation_kept = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, ask_email: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_email:
            # The meeting does not assign Zoom rooms ahead: no e-mail is asked for or kept.
            del self.fields["email"]

    def clean_name(self):
        return clean_display_text(self.cleaned_data["name"], field_label=_("The name"))

    def clean_room_name(self):
        return clean_display_text(self.cleaned_data["room_name"], field_label=_("The room's name"))

    def clean_organisation_asked(self):
        return clean_display_text(
            self.cleaned_data["organisation_asked"], field_label=_("The organisation")
        )

    def clean_organisation_choice(self):
        return clean_display_text(
            self.cleaned_data["organisation_choice"], field_label=_("The organisation")
        )

    def clean_email(self):
        email = self.cleaned_data.get("email", "")
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
        if cleaned.get("is_local_site"):
            if not cleaned.get("head_count"):
                self.add_error(
                    "head_count", _("Tell us how many you are in the room (at least 2).")
                )
            if "room_name" in cleaned and "name" in cleaned:
                # The room is the name the video call shows for the local site. Without
                # scripts the name field shows too, and may be where the room was written.
                room = cleaned["room_name"] or cleaned["name"]
                if len(room) < 2:
                    self.add_error("room_name", _("Write the room's name."))
                else:
                    cleaned["name"] = room
        elif "name" in cleaned and len(cleaned["name"]) < 2:
            self.add_error("name", _("Write your first and last name."))
        return cleaned

    def answered_question(self) -> bool:
        """Whether this is the answer to "Did you mean …?" about the organisation as it is."""
        cleaned = self.cleaned_data
        answered = cleaned.get("organisation_choice") or cleaned.get("organisation_kept")
        return bool(answered) and cleaned.get("organisation_asked") == cleaned.get("organisation")


class OrganisationMatchForm(forms.Form):
    """A facilitator matches one organisation typed at the join to a register entry."""

    typed = forms.CharField(widget=forms.HiddenInput, max_length=150)
    # Named as the join form's field, so the register's suggestions answer it as they do there.
    organisation = forms.CharField(
        label=_("Municipality or county in the register"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_organisation(self):
        return clean_display_text(
            self.cleaned_data["organisation"], field_label=_("The organisation")
        )
