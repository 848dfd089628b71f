from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting, ProgrammeItem, default_retention_days


class MeetingForm(forms.ModelForm):
    video_url = forms.URLField(
        label=_("video call link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("The Zoom or Teams link participants use for the talks and groups."),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "date",
            "video_url",
            "zoom_preassign",
            "language",
            "controller_name",
            "controller_contact",
            "retention_days",
        ]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "zoom_preassign": _(
                "The join page asks for the e-mail address of each person's Zoom account, so "
                "the groups page's Zoom file puts them in their group's breakout room. Without "
                "it, no e-mail is asked for."
            ),
            "language": _("The language participants see first; each can switch."),
            "controller_name": _(
                "The organisation responsible for the participants' personal data (the data "
                "controller). The join page names it."
            ),
            "controller_contact": _(
                "Where participants ask about their personal data: an e-mail address or phone."
            ),
            "retention_days": _(
                "Afterwards names and e-mail addresses are removed; the cards stay with their "
                "group."
            ),
        }

    PRIVACY_FIELDS = ("controller_name", "controller_contact", "retention_days")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the meeting keeps what it has (a new one: PERSONAL_DATA_RETENTION_DAYS).
        self.fields["retention_days"].required = False

    def clean_retention_days(self):
        days = self.cleaned_data.get("retention_days")
        if days is None:
            return self.instance.retention_days if self.instance.pk else default_retention_days()
        return days

    def main_fields(self):
        return [field for field in self if field.name not in self.PRIVACY_FIELDS]

    def privacy_fields(self):
        return [field for field in self if field.name in self.PRIVACY_FIELDS]


# The item's fields in the other written form (meetings/written.py), by that form.
OTHER_LABELS = {
    "nn": {
        "other_title": _("Title in nynorsk"),
        "other_description": _("Description in nynorsk"),
        "other_reviewed": _("I have read the nynorsk version through: show it"),
        "other_text": _("In nynorsk"),
    },
    "nb": {
        "other_title": _("Title in bokmål"),
        "other_description": _("Description in bokmål"),
        "other_reviewed": _("I have read the bokmål version through: show it"),
        "other_text": _("In bokmål"),
    },
}
OTHER_FIELDS = ("other_title", "other_description", "other_reviewed")


class ProgrammeItemForm(forms.ModelForm):
    """An item; with `other` ("nb", "nn"), its fields in that written form too."""

    planned_minutes = forms.IntegerField(label=_("length in minutes"), min_value=1, max_value=600)

    class Meta:
        model = ProgrammeItem
        fields = [
            "kind",
            "title",
            "description",
            "planned_start",
            "planned_minutes",
            "resume_at",
            *OTHER_FIELDS,
        ]
        widgets = {
            "planned_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "resume_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "other_description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "resume_at": _("For a break: the time shown as “we start again at”."),
        }

    def __init__(self, *args, other: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.other = other
        for name in OTHER_FIELDS:
            if other is None:
                del self.fields[name]
            else:
                self.fields[name].label = OTHER_LABELS[other][name]
                self.fields[name].widget.attrs["lang"] = other

    def main_fields(self):
        return [self[name] for name in self.fields if name not in OTHER_FIELDS]

    def other_fields(self):
        return [self[name] for name in self.fields if name in OTHER_FIELDS]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("resume_at") and cleaned.get("kind") != ProgrammeItem.Kind.BREAK:
            self.add_error("resume_at", _("Only a break has a time we start again."))
        if cleaned.get("other_reviewed") and not cleaned.get("other_title"):
            self.add_error(
                "other_title", _("Write the title in this written form too, or untick the box.")
            )
        return cleaned


# Rows are optional: an emptied row removes that speaker or question.
class SpeakerForm(forms.Form):
    name = forms.CharField(label=_("Speaker"), max_length=150, required=False)
    role = forms.CharField(label=_("Role or title"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("name") and (cleaned.get("role") or cleaned.get("organisation")):
            self.add_error("name", _("Write the speaker's name, or empty the row."))
        return cleaned


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500, required=False)
    other_text = forms.CharField(max_length=500, required=False)

    def __init__(self, *args, other: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if other is None:
            del self.fields["other_text"]
        else:
            self.fields["other_text"].label = OTHER_LABELS[other]["other_text"]
            self.fields["other_text"].widget.attrs["lang"] = other


SpeakerFormSet = forms.formset_factory(SpeakerForm, extra=2, max_num=20, validate_max=True)
QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, max_num=20, validate_max=True)


def filled(formset, key: str) -> list[dict]:
    """The rows someone actually filled in; empty rows are left out."""
    return [form.cleaned_data for form in formset if form.cleaned_data.get(key)]


class ExtendForm(forms.Form):
    minutes = forms.IntegerField(min_value=-120, max_value=120)


class ExpectedItemForm(forms.Form):
    # The item the facilitator saw running when they pressed the button.
    expected = forms.IntegerField(required=False)


class RecordingForm(forms.Form):
    recording = forms.BooleanField(required=False)


class AnnouncementForm(forms.Form):
    text = forms.CharField(
        label=_("Announcement to everyone"),
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    until_item_ends = forms.BooleanField(
        label=_("Remove it when the running item ends"), required=False
    )


class AnnouncementWithdrawForm(forms.Form):
    announcement = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
