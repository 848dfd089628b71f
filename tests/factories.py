import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from groups.models import Group, Membership, Round
from helpdesk.models import HelpRequest
from meetings.models import Meeting, ProgrammeItem
from participants.models import Participant
from wall.models import Card, CardImage
from wall.text import render_body


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"facilitator{n}")
    password = factory.django.Password("a-good-password")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Temamøte {n}")
    date = factory.LazyFunction(datetime.date.today)

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if create:
            for user in extracted or [UserFactory()]:
                self.facilitators.add(user)


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = ProgrammeItem.Kind.TALK
    title = factory.Sequence(lambda n: f"Innlegg {n}")
    planned_minutes = 10


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Deltaker {n}")
    organisation = "Porsgrunn kommune"


class HelpRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpRequest

    participant = factory.SubFactory(ParticipantFactory)
    meeting = factory.SelfAttribute("participant.meeting")
    question = "Jeg hører ingen lyd"


def meeting_with_programme(kinds=("talk", "group_session", "break", "talk"), **kwargs):
    """A meeting with one item of each kind given, in order."""
    meeting = MeetingFactory(**kwargs)
    for position, kind in enumerate(kinds, start=1):
        ProgrammeItemFactory(
            meeting=meeting, position=position, kind=kind, title=f"{kind} {position}"
        )
    return meeting


REFERENCE_QUESTIONS = ("Hva av dette er relevant hos oss?", "Hva griper vi fatt i først?")


def group_session(meeting=None, questions=REFERENCE_QUESTIONS, **kwargs):
    """A group session item with its questions, in a new meeting unless one is given."""
    item = ProgrammeItemFactory(
        meeting=meeting or MeetingFactory(title="Fremtidens kulturskole"),
        kind=ProgrammeItem.Kind.GROUP_SESSION,
        title=kwargs.pop("title", "Gruppesamtaler"),
        planned_minutes=kwargs.pop("planned_minutes", 30),
        **kwargs,
    )
    for position, text in enumerate(questions, start=1):
        item.questions.create(position=position, text=text)
    return item


class GroupFactory(factory.django.DjangoModelFactory):
    """A group of a group session (a new session in a new meeting unless one is given)."""

    class Meta:
        model = Group

    item = factory.SubFactory(ProgrammeItemFactory, kind=ProgrammeItem.Kind.GROUP_SESSION)
    number = factory.Sequence(lambda n: n + 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    item = factory.SelfAttribute("group.item")
    participant = factory.SubFactory(
        ParticipantFactory, meeting=factory.SelfAttribute("..group.item.meeting")
    )
    role = ""


class RoundFactory(factory.django.DjangoModelFactory):
    """A round in its speaking phase, just started, with the question numbers given."""

    class Meta:
        model = Round

    group = factory.SubFactory(GroupFactory)
    number = 1
    question_numbers = factory.LazyFunction(lambda: [1])
    speaking_order = factory.LazyFunction(list)
    phase_started_at = factory.LazyFunction(timezone.now)
    phase_seconds = 120


class CardFactory(factory.django.DjangoModelFactory):
    """A group's card as saved once (version 1), its HTML rendered as the wall does."""

    class Meta:
        model = Card

    group = factory.SubFactory(GroupFactory)
    item = factory.SelfAttribute("group.item")
    heading = factory.LazyAttribute(lambda card: f"Kort fra gruppe {card.group.number}")
    body = "Vi vil ha flere lærere."
    body_html = factory.LazyAttribute(lambda card: render_body(card.body))
    question_numbers = factory.LazyFunction(lambda: [1])
    version = 1


class CardImageFactory(factory.django.DjangoModelFactory):
    """A picture's row on a card; the files themselves are not written."""

    class Meta:
        model = CardImage

    card = factory.SubFactory(CardFactory)
    image = factory.Sequence(lambda n: f"cards/tavle-{n}.webp")
    thumbnail = factory.Sequence(lambda n: f"cards/tavle-{n}-thumb.webp")
    alt = "Tavla etter runden"
    width = 800
    height = 600
