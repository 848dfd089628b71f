"""Saving a group's card while people type: the same answer over HTTP and over the socket.

The card editor sends its edits of the shared document (`card.edit`) over the live socket
when it is open (no request, session or form machinery per edit) and over HTTP
(views.card_edit) when it is not. `card.save`, a whole text on its version, is what an
older page sends. `wall.view` is not a save: the wall page says which cards it shows,
so that with WALL_CARD_BODIES_TO_VIEWERS its socket hears those cards whole.
"""

from django.utils.translation import gettext as _

from groups.domain import membership_now
from live.publish import viewers_audience
from live.requests import Viewing, register
from live.snapshot import LiveAccess
from participants.models import Participant
from wall import document, domain
from wall.forms import CardSaveForm
from wall.models import Card

CARD_SAVE_REQUEST = "card.save"
CARD_EDIT_REQUEST = "card.edit"
WALL_VIEW_REQUEST = "wall.view"
# The cards one page may say it shows: a screenful and its margins many times over. Its
# socket joins one audience per card, so the bound is on the hub's memory too.
MOST_CARDS_IN_VIEW = 200


def _could_not_save() -> dict:
    return {"error": _("The card could not be saved. Reload the page.")}


def _conflict(card: Card) -> dict:
    author = card.updated_by.name if card.updated_by else _("A facilitator")
    return {
        "version": card.version,
        "heading": card.heading,
        "body": card.body,
        "questions": card.question_numbers,
        "author": author,
    }


def card_save_answer(card: Card, participant: Participant, data) -> tuple[int, dict]:
    """Save the card from the editor's fields: (HTTP status, body) for the editor."""
    form = CardSaveForm(data)
    if not form.is_valid():
        return 400, _could_not_save()
    fields = form.cleaned_data
    try:
        card = domain.card_save(
            card=card,
            base_version=fields["base_version"],
            heading=fields["heading"],
            body=fields["body"],
            question_numbers=fields["questions"],
            author=participant,
        )
    except domain.CardConflict as conflict:
        return 409, {"conflict": _conflict(conflict.card)}
    except domain.CardError as error:
        return 400, {"error": str(error)}
    return 200, {"version": card.version, "saved_at": card.updated_at.isoformat()}


def card_edit_answer(card: Card, participant: Participant, data: dict) -> tuple[int, dict]:
    """Merge the editor's edit of the shared document: (HTTP status, body) for the editor.

    `data`: "update" and "vector" (base64: the edit, and the editor's state vector, so
    that the answer brings it what it lacks), "pause" (true when the writer has stopped
    typing: the text becomes the card's next version), "questions" (a list when a question
    was ticked, else absent or null).
    """
    update, vector, questions = data.get("update", ""), data.get("vector"), data.get("questions")
    if not isinstance(update, str) or not (vector is None or isinstance(vector, str)):
        return 400, _could_not_save()
    if questions is not None and not (
        isinstance(questions, list) and all(_is_number(n) for n in questions)
    ):
        return 400, _could_not_save()
    try:
        update_bytes = document.decode(update)
        vector_bytes = document.decode(vector) if vector else None
    except document.DocumentError:
        return 400, _could_not_save()
    try:
        card, lacking = domain.card_edit(
            card=card,
            update=update_bytes,
            vector=vector_bytes,
            question_numbers=[int(n) for n in questions] if questions is not None else None,
            pause=data.get("pause") is True,
            author=participant,
        )
    except domain.CardError as error:
        return 400, {"error": str(error)}
    return 200, {"card": card.pk, "version": card.version, "update": document.encode(lacking)}


def _writer_and_card(access: LiveAccess, data: dict) -> tuple[Participant, Card] | None:
    """The person writing and the card they name, if they may write it: the save or edit
    checks, in its transaction, that the person is in that card's group, so nothing else
    needs looking up first."""
    if access.participant_id is None:  # a facilitator's page: no card of its own
        return None
    # Asked on every request, not only when the socket opened: someone who has left the
    # meeting (or was removed) can no longer write with a socket left open.
    participant = Participant.objects.filter(pk=access.participant_id, left_at=None).first()
    if participant is None:
        return None
    card_id = data.get("card")
    if type(card_id) is int and card_id == 0:
        # An editor shown before its group had a card row (card-editor.js sends its empty
        # data-card-editor as 0): this first save makes the group's card.
        membership = membership_now(participant, "group__card")
        card = domain.card_for(membership.group) if membership is not None else None
    elif _is_id(card_id):
        card = Card.objects.filter(pk=card_id).first()
    else:
        card = None
    return None if card is None else (participant, card)


def card_save_over_socket(access: LiveAccess, data: dict) -> tuple[int, dict]:
    writing = _writer_and_card(access, data)
    if writing is None:
        return 403, _could_not_save()
    return card_save_answer(writing[1], writing[0], data)


def card_edit_over_socket(access: LiveAccess, data: dict) -> tuple[int, dict]:
    writing = _writer_and_card(access, data)
    if writing is None:
        return 403, _could_not_save()
    return card_edit_answer(writing[1], writing[0], data)


def wall_view_over_socket(access: LiveAccess, data: dict) -> Viewing | tuple[int, dict]:
    """The cards the page shows now ({"cards": [id, …]}): from this answer on, the socket
    hears those cards' whole frames (`card.state` to "viewers:<id>"), and no longer those of
    the cards it showed before. Nothing is read: a card of another meeting is never
    published to this meeting's sockets, and a card the page may not see is sent as
    everyone's frame would be (hidden: without its body)."""
    cards = data.get("cards")
    if not isinstance(cards, list) or len(cards) > MOST_CARDS_IN_VIEW:
        return 400, {}
    if not all(_is_id(card) for card in cards):
        return 400, {}
    audiences = frozenset(viewers_audience(card) for card in cards)
    return Viewing(200, {"cards": len(audiences)}, audiences)


def _is_number(value) -> bool:
    return isinstance(value, int | str) and not isinstance(value, bool) and str(value).isdigit()


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


register(CARD_SAVE_REQUEST, card_save_over_socket)
register(CARD_EDIT_REQUEST, card_edit_over_socket)
register(WALL_VIEW_REQUEST, wall_view_over_socket)
