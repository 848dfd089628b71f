from django import forms
from django.utils.translation import gettext_lazy as _


class QuestionNumbersField(forms.Field):
    """The numbers of the questions a card answers; the domain keeps those the session has."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": forms.IntegerField.default_error_messages["invalid"]}

    def to_python(self, value):
        try:
            return [int(number) for number in value or ()]
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class CardSaveForm(forms.Form):
    base_version = forms.IntegerField(min_value=0)
    heading = forms.CharField(required=False, max_length=10_000, strip=False)
    # Length is checked by the domain with a clear message; this only bounds the request.
    body = forms.CharField(required=False, max_length=250_000, strip=False)
    questions = QuestionNumbersField(required=False)


class CardImageForm(forms.Form):
    image = forms.FileField(label=_("Picture"))
    alt = forms.CharField(
        label=_("What does the picture show?"),
        max_length=300,
        help_text=_("A short description for those who cannot see it."),
    )


class RestoreForm(forms.Form):
    version = forms.IntegerField(min_value=1)


class ModerateForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("pin", "unpin", "hide", "unhide", "comment")]
    )
    reason = forms.CharField(required=False, max_length=300, label=_("Reason shown to the group"))
    comment = forms.CharField(required=False, max_length=1000, label=_("Comment"))


class ShareForm(forms.Form):
    enabled = forms.BooleanField(required=False)
    share_names = forms.BooleanField(required=False, label=_("Show participant names"))


class ReportPickForm(forms.Form):
    groups = forms.TypedMultipleChoiceField(
        label=_("Groups"), coerce=int, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    minutes = forms.DecimalField(
        label=_("Minutes each"), min_value=0.5, max_value=30, decimal_places=1, initial=2
    )

    def __init__(self, *args, group_numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = [(n, str(n)) for n in group_numbers]


class ReportRandomForm(forms.Form):
    count = forms.IntegerField(label=_("How many groups"), min_value=1, max_value=50, initial=3)
    minutes = forms.DecimalField(
        label=_("Minutes each"), min_value=0.5, max_value=30, decimal_places=1, initial=2
    )


class ReportSlotForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("up", "down", "remove", "time")])
    minutes = forms.DecimalField(min_value=0.5, max_value=30, decimal_places=1, required=False)
