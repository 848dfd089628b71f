from django import forms
from django.utils.translation import gettext_lazy as _

from imports.models import PadletImport
from imports.tabular import MAX_FILE_BYTES
from meetings.domain import meetings_for_facilitator

ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _too_large_message():
    return _("The file is too large: at most %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}


class UploadForm(forms.Form):
    """A form with a file that the size-limiting upload handler may have turned away."""

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean_file(self):
        if self.too_large:
            raise forms.ValidationError(_too_large_message())
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_too_large_message())
        return upload

    def full_clean(self):
        super().full_clean()
        # Django says "this field is required" for a file it was told to skip.
        if self.too_large and self.is_bound:
            self.errors["file"] = self.error_class([_too_large_message()])
            self.cleaned_data.pop("file", None)


class PadletImportForm(UploadForm):
    prefix = "padlet"

    file = forms.FileField(
        label=_("Padlet export"),
        help_text=_("The CSV or Excel (.xlsx) file Padlet gives you under Share → Export."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    title = forms.CharField(label=_("Title of the meeting"), max_length=200)
    date = forms.DateField(
        label=_("Date of the meeting"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sections_as = forms.ChoiceField(
        label=_("The board's sections"),
        choices=PadletImport.SectionsAs.choices,
        initial=PadletImport.SectionsAs.QUESTIONS,
        widget=forms.RadioSelect,
    )
    group_by = forms.ChoiceField(
        label=_("Groups and cards"),
        choices=PadletImport.GroupBy.choices,
        initial=PadletImport.GroupBy.POST,
        widget=forms.RadioSelect,
    )
    keep_authors = forms.BooleanField(
        label=_("Keep the authors' names on the cards"),
        required=False,
        help_text=_("Left out unless you tick this: Padlet's author names are personal data."),
    )


class ZoomImportForm(UploadForm):
    prefix = "zoom"

    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("Zoom participant report"),
        help_text=_(
            "The CSV file from Zoom: Reports → Usage → Participants → Export, with or "
            "without the meeting data."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings_for_facilitator(user)
