import datetime

import factory
from django.contrib.auth import get_user_model

from helpdesk.models import HelpRequest
from meetings.models import Meeting, ProgrammeItem
from participants.models import Participant


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
