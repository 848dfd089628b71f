from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from wall.text import CardTextError, clean_body


class BuildForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=settings.LANGUAGES,
        help_text=_("The headings and labels of the report; the cards stay as they were written."),
    )
    include_names = forms.BooleanField(
        label=_("Include participant names"),
        required=False,
        help_text=_("Left out, note-takers appear as “note-taker for group 7”."),
    )
    include_hidden = forms.BooleanField(label=_("Include hidden cards"), required=False)


class MeetingDetailsForm(forms.ModelForm):
    recording_url = forms.URLField(
        label=_("recording link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "Participants see it on their page of the ended meeting, and it is in the report."
        ),
    )

    class Meta:
        model = Meeting
        fields = ["recording_url", "organised_by", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "organised_by": _("Left empty, the report names the meeting's facilitators."),
            "summary": _("Opens the report. Paragraphs, lists, **bold**, *italic* and links."),
        }

    def clean_summary(self):
        try:
            return clean_body(self.cleaned_data["summary"])
        except CardTextError as error:
            raise forms.ValidationError(str(error)) from error


class ShareForm(forms.Form):
    enabled = forms.BooleanField(required=False)
