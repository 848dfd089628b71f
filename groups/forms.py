from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import GroupPlan


class FormGroupsForm(forms.Form):
    strategy = forms.ChoiceField(
        label=_("How to form the groups"), choices=GroupPlan.Strategy.choices
    )
    target_size = forms.IntegerField(label=_("People per group"), min_value=2, max_value=100)
    min_size = forms.IntegerField(
        label=_("Smallest group"), min_value=2, max_value=100, required=False
    )
    max_size = forms.IntegerField(
        label=_("Largest group"), min_value=2, max_value=100, required=False
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        min_value=0,
        max_value=999_999,
        required=False,
        help_text=_("The same seed with the same people gives the same groups. Empty: a new draw."),
    )
    late_joiners = forms.ChoiceField(
        label=_("People who join later"), choices=GroupPlan.LateJoiners.choices
    )

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target_size")
        low, high = cleaned.get("min_size"), cleaned.get("max_size")
        if target and low and low > target:
            self.add_error(
                "min_size", _("The smallest group cannot be larger than the group size.")
            )
        if target and high and high < target:
            self.add_error(
                "max_size", _("The largest group cannot be smaller than the group size.")
            )
        return cleaned


class ReuseForm(forms.Form):
    source = forms.IntegerField(widget=forms.HiddenInput)


class MoveForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    group = forms.IntegerField(label=_("Move to"))


class SwapForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    other = forms.IntegerField(widget=forms.HiddenInput)


class PlaceForm(forms.Form):
    participant = forms.IntegerField(widget=forms.HiddenInput)
    group = forms.IntegerField(label=_("Place in"))


class RolesForm(forms.Form):
    rotate = forms.BooleanField(required=False)


class GroupRolesForm(forms.Form):
    group = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RoleForm(forms.Form):
    role = forms.CharField(required=False, max_length=20)


class RoundStartForm(forms.Form):
    questions = forms.TypedMultipleChoiceField(
        label=_("Questions for this round"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    shuffle = forms.BooleanField(label=_("Shuffle the speaking order"), required=False)
    speaker_minutes = forms.IntegerField(
        label=_("Minutes per speaker"), min_value=1, max_value=15, initial=2
    )
    dialogue_minutes = forms.IntegerField(
        label=_("Minutes of open dialogue"), min_value=1, max_value=60, initial=5
    )
    summary_minutes = forms.IntegerField(
        label=_("Minutes to sum up"), min_value=1, max_value=60, initial=3
    )

    def __init__(self, *args, question_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = [(n, str(n)) for n in range(1, question_count + 1)]


class RoundStepForm(forms.Form):
    # The step the timekeeper saw when pressing, so a double press passes only once.
    phase = forms.CharField(required=False, max_length=10)
    turn = forms.IntegerField(required=False, min_value=0)


class AddTimeForm(forms.Form):
    # The domain says what range is allowed (groups.domain.round_add_time); this only
    # turns the field into a number, refusing "²" or 5,000 digits as not one.
    seconds = forms.IntegerField(required=False)
