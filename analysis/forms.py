from django import forms
from django.utils.translation import gettext_lazy as _

from analysis.models import Category, Taxonomy
from analysis.synthesis import Filters
from meetings.models import ProgrammeItem
from participants.models import Participant


def _choices_of(meetings, *, with_meeting: bool) -> dict:
    """What the cards of `meetings` can be filtered by: sessions, questions, counties and
    organisations, each as choices. Four queries, whatever the number of meetings."""
    sessions = (
        ProgrammeItem.objects.filter(meeting__in=meetings, kind=ProgrammeItem.Kind.GROUP_SESSION)
        .select_related("meeting")
        .prefetch_related("questions")
        .order_by("-meeting__date", "meeting_id", "position", "id")
    )
    session_choices, question_choices = [], []
    for item in sessions:
        label = f"{item.meeting.title} – {item.title}" if with_meeting else item.title
        session_choices.append((str(item.pk), label))
        questions = [
            (f"{item.pk}:{number}", f"{number}. {question.text}")
            for number, question in enumerate(item.questions.all(), start=1)
        ]
        if questions:
            question_choices.append((label, questions))
    participants = Participant.objects.filter(meeting__in=meetings)
    counties = (
        participants.filter(county__isnull=False)
        .order_by("county__name")
        .values_list("county__number", "county__name")
        .distinct()
    )
    organisations = (
        participants.exclude(organisation="")
        .order_by("organisation")
        .values_list("organisation", flat=True)
        .distinct()
    )
    return {
        "session": session_choices,
        "question": question_choices,
        "county": list(counties),
        "organisation": [(name, name) for name in organisations],
    }


class SynthesisFilterForm(forms.Form):
    """The GET form of a synthesis page: which taxonomy, and which cards."""

    taxonomy = forms.ChoiceField(label=_("Taxonomy"), required=False)
    session = forms.TypedChoiceField(
        label=_("Group session"), required=False, coerce=int, empty_value=None
    )
    question = forms.ChoiceField(label=_("Question"), required=False)
    county = forms.ChoiceField(label=_("County"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)

    with_meeting = False  # session names carry their meeting's title

    def __init__(self, data=None, *, meetings, taxonomies, taxonomy: Taxonomy):
        data = data.copy() if data is not None else None
        categories = [(c.slug, c.name) for c in taxonomy.categories.all()]
        if data is not None and data.get("category") not in {"", None, *dict(categories)}:
            data["category"] = ""  # a category of the taxonomy chosen before this one
        super().__init__(data)
        choices = _choices_of(meetings, with_meeting=self.with_meeting)
        self.fields["taxonomy"].choices = [(t.slug, t.name) for t in taxonomies]
        self.fields["session"].choices = [("", _("All sessions")), *choices["session"]]
        self.fields["question"].choices = [("", _("All questions")), *choices["question"]]
        self.fields["county"].choices = [("", _("All counties")), *choices["county"]]
        self.fields["organisation"].choices = [
            ("", _("All organisations")),
            *choices["organisation"],
        ]
        self.fields["category"].choices = [("", _("All categories")), *categories]
        self.initial["taxonomy"] = taxonomy.slug

    def value(self, name, default=""):
        if not self.is_bound:
            return default
        self.is_valid()
        found = self.cleaned_data.get(name)
        return default if found in (None, "", []) else found

    def filters(self) -> Filters:
        return Filters(
            session=self.value("session", None),
            question=self.value("question"),
            county=self.value("county"),
            organisation=self.value("organisation"),
            category=self.value("category"),
        )

    @property
    def is_filtered(self) -> bool:
        return any(self.value(name, None) for name in self.fields if name not in ("taxonomy",))


class AcrossFilterForm(SynthesisFilterForm):
    """Across meetings: which meetings, and when, too."""

    meetings = forms.TypedMultipleChoiceField(
        label=_("Meetings"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every meeting you can see."),
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    with_meeting = True
    field_order = [
        "taxonomy",
        "meetings",
        "start",
        "end",
        "session",
        "question",
        "county",
        "organisation",
        "category",
    ]

    def __init__(self, data=None, *, meetings, taxonomies, taxonomy: Taxonomy):
        super().__init__(data, meetings=meetings, taxonomies=taxonomies, taxonomy=taxonomy)
        self.fields["meetings"].choices = [
            (meeting.pk, f"{meeting.title} ({meeting.date:%d.%m.%Y})") for meeting in meetings
        ]

    def filters(self) -> Filters:
        base = super().filters()
        return Filters(
            meetings=tuple(self.value("meetings", ())),
            start=self.value("start", None),
            end=self.value("end", None),
            session=base.session,
            question=base.question,
            county=base.county,
            organisation=base.organisation,
            category=base.category,
        )


class ReviewForm(forms.Form):
    """One card's review: the categories ticked apply, the others do not."""

    card = forms.IntegerField(widget=forms.HiddenInput)
    applies = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, taxonomy: Taxonomy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applies"].choices = [(c.slug, c.name) for c in taxonomy.categories.all()]


class TaxonomyForm(forms.ModelForm):
    class Meta:
        model = Taxonomy
        fields = ["name_nb", "name_nn", "description_nb", "description_nn"]
        widgets = {
            "description_nb": forms.Textarea(attrs={"rows": 3}),
            "description_nn": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "name_nb": _("Name in bokmål"),
            "name_nn": _("Name in nynorsk"),
            "description_nb": _("Description in bokmål"),
            "description_nn": _("Description in nynorsk"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_nn"].required = False
        self.fields["name_nn"].help_text = _("Left empty, the bokmål name is used.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("name_nn"):
            cleaned["name_nn"] = cleaned.get("name_nb", "")
        return cleaned


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name_nb", "name_nn", "description_nb", "description_nn", "examples"]
        widgets = {
            "description_nb": forms.Textarea(attrs={"rows": 2}),
            "description_nn": forms.Textarea(attrs={"rows": 2}),
            "examples": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {
            "name_nb": _("Name in bokmål"),
            "name_nn": _("Name in nynorsk"),
            "description_nb": _("Description in bokmål"),
            "description_nn": _("Description in nynorsk"),
            "examples": _("Example phrases"),
        }
        help_texts = {
            "examples": _(
                "One word or phrase a line, in bokmål or nynorsk: what a card that speaks "
                "to this category might say."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_nn"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("name_nn"):
            cleaned["name_nn"] = cleaned.get("name_nb", "")
        return cleaned


CategoryFormSet = forms.inlineformset_factory(
    Taxonomy,
    Category,
    form=CategoryForm,
    extra=2,
    can_delete=True,
    min_num=1,
    validate_min=True,
)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), max_length=200, required=False)
