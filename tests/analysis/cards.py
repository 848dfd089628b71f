"""Written cards for the analysis tests: groups of a session, each with its card saved."""

from groups import domain as groups
from meetings.models import ProgrammeItem
from tests.factories import MeetingFactory, ParticipantFactory, ProgrammeItemFactory
from wall import domain as wall


def written_cards(texts, *, meeting=None, questions=("Hva er relevant?", "Hva først?"), **extra):
    """One group per text, each group's card saved with that text (answering question 1)."""
    meeting = meeting or MeetingFactory(**extra)
    item = ProgrammeItemFactory(meeting=meeting, kind=ProgrammeItem.Kind.GROUP_SESSION)
    for position, question in enumerate(questions, start=1):
        item.questions.create(position=position, text=question)
    for _ in range(len(texts) * 2):
        ParticipantFactory(meeting=meeting)
    formed = groups.groups_form(
        item=item, strategy="random", target_size=2, min_size=2, max_size=2, seed=1
    )
    cards = []
    for group, body in zip(formed, texts, strict=False):
        card = wall.card_for(group)
        numbers = [1] if isinstance(body, str) else body[1]
        body = body if isinstance(body, str) else body[0]
        cards.append(
            wall.card_save(
                card=card, base_version=0, heading="", body=body, question_numbers=numbers
            )
        )
    return cards
