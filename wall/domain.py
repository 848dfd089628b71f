"""The wall: one card per group per session, saved with versions, shown live to everyone.

The group writes its card together in a shared document (wall/document.py): each edit
merges into it on the server and goes on to the group's pages as it is typed
(`card_edit`); when a writer pauses, the document's text becomes the card's next version,
rendered for the wall. A whole-text save (`card_save`: a restore, a page without the
document) carries the version it was based on; a save on an older version is refused with
the newer card. Nothing is ever overwritten silently, and every version is kept. Each
change is rendered once, and the same bytes go to every page.
"""

import contextlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.errors import DomainError
from common.sql import select_one
from groups.models import Group, Membership
from live.events import CARD_EDIT, CARD_STATE, CARD_SUMMARY, CARD_TEXT, WALL_STATE
from live.publish import (
    EVERYONE,
    FACILITATORS,
    InLanguages,
    card_audience,
    languages_heard,
    participant_audience,
    publish,
    viewers_audience,
)
from meetings.models import ProgrammeItem, Question
from participants.models import Participant
from wall import document, images, text
from wall.models import Card, CardDocument, CardImage, CardVersion, Wall

MAX_IMAGES_PER_CARD = 6


class CardError(DomainError):
    """A card change that cannot be made; the message is for the person who tried."""


class CardConflict(Exception):
    """The card was saved by someone else since `base_version`: here is the newer one."""

    def __init__(self, card: Card):
        super().__init__("conflict")
        self.card = card


def wall_for(item: ProgrammeItem) -> Wall:
    """The session's wall as it stands, for reading: until a facilitator first locks or
    shares it there is no row, and an unsaved wall (open, not shared) stands in for it."""
    wall = Wall.objects.filter(item=item).first()
    return wall if wall is not None else Wall(item=item)


def _wall_to_change(item: ProgrammeItem) -> Wall:
    wall, _created = Wall.objects.get_or_create(item=item)
    return wall


def card_shown(group: Group) -> Card:
    """The group's card, for reading: an unsaved empty card when it has none yet (groups
    get theirs when they are formed; card_for makes a missing one on the first change)."""
    with contextlib.suppress(Card.DoesNotExist):
        return group.card  # fetched with the group, or one query
    return Card(item=group.item, group=group)


def card_for(group: Group) -> Card:
    """The group's card, for a change: made empty now if the group has none yet (the
    database keeps it to one)."""
    with contextlib.suppress(Card.DoesNotExist):
        return group.card  # fetched with the group, or one query
    try:
        card, _created = Card.objects.get_or_create(
            group=group, defaults={"item_id": group.item_id}
        )
    except IntegrityError:
        card = Card.objects.get(group=group)
    return card


def cards_create(groups: list[Group]) -> None:
    """Give newly formed groups their empty cards, so that the group page has one to edit."""
    Card.objects.bulk_create(Card(item_id=group.item_id, group=group) for group in groups)


def _writable_facts(card: Card, author: Participant | None) -> tuple[int, bool, bool]:
    """The session's number of questions, whether its wall is locked, whether `author` is
    in the card's group: one query, as SQL.

    This runs on every save while people type; the ORM's same query took longer to build
    from subqueries than the database took to answer it (`python -m bench sql`).
    """
    return select_one(
        "SELECT (SELECT COUNT(*) FROM {question} WHERE item_id = %s),"
        " EXISTS (SELECT 1 FROM {wall} WHERE item_id = %s AND locked),"
        " EXISTS (SELECT 1 FROM {membership} WHERE group_id = %s AND participant_id = %s)",
        [card.item_id, card.item_id, card.group_id, author.pk if author is not None else None],
        question=Question,
        wall=Wall,
        membership=Membership,
    )


def _require_writable(card: Card, author: Participant | None) -> int:
    """Refuse a change to the card when its wall is locked or `author` is not in its group
    (a facilitator, None, always may write); else the session's number of questions."""
    question_count, locked, member = _writable_facts(card, author)
    if locked:
        raise CardError(
            _("The wall is locked: the session is over, so cards can no longer change.")
        )
    if author is not None and not member:
        raise CardError(
            _("Only the members of %(group)s can change its card.") % {"group": card.group.name}
        )
    return question_count


def _clean(heading: str, body: str) -> tuple[str, str]:
    try:
        return text.clean_heading(heading), text.clean_body(body)
    except text.CardTextError as error:
        raise CardError(str(error)) from error


def _new_version(
    card: Card,
    *,
    heading: str,
    body: str,
    question_numbers: list[int],
    author: Participant | None,
    author_user=None,
) -> None:
    """Store the card's next version (`heading` and `body` already clean), on a card
    locked for update."""
    card.heading, card.body, card.body_html = heading, body, text.render_body(body)
    card.question_numbers = question_numbers
    card.version += 1
    card.updated_at = timezone.now()
    card.updated_by = author
    card.save()
    CardVersion.objects.create(
        card=card,
        version=card.version,
        heading=heading,
        body=body,
        question_numbers=question_numbers,
        author=author,
        author_user=author_user,
        created_at=card.updated_at,
    )


def _document(card: Card):
    """The card's shared document, as stored or made from its text (card locked); with the
    ids of those who have typed in it."""
    stored = CardDocument.objects.filter(card=card).values_list("state", "writers").first()
    state, writers = stored if stored else (None, [])
    doc = document.load(bytes(state) if state else None, card.heading, card.body)
    return doc, list(writers)


def document_state(card: Card) -> bytes:
    """The card's shared document for its editor's page (reading only: writes nothing)."""
    if card.pk is None:
        return document.state(document.seeded(card.heading, card.body))
    return document.state(_document(card)[0])


def _store_document(
    card: Card, doc, added: bytes, author: Participant | None, writers: list[int]
) -> None:
    """Keep the document and send what `added` to it to the group's pages as they type."""
    if added == document.EMPTY_UPDATE:
        return
    state = document.state(doc)
    if len(state) > document.MAX_DOCUMENT_BYTES:
        raise CardError(_("The card is too long to change any further. Shorten it first."))
    if author is not None and author.pk not in writers:
        writers = [*writers, author.pk]
    # One statement on every edit but the first (update_or_create reads the row first).
    if not CardDocument.objects.filter(card=card).update(state=state, writers=writers):
        CardDocument.objects.create(card=card, state=state, writers=writers)
    publish(
        card.item.meeting_id,
        CARD_EDIT,
        {"id": card.pk, "update": document.encode(added), "by": author.name if author else ""},
        # Each update matters (no key): a page that missed one catches up on its next
        # edit or after a reconnect, from the state vector it sends (card_edit). To the
        # pages with the editor open alone, whose sockets were checked when they joined.
        audience=card_audience(card.pk),
    )


def card_save(
    *,
    card: Card,
    base_version: int,
    heading: str,
    body: str,
    question_numbers: list[int],
    author: Participant | None = None,
    author_user=None,
) -> Card:
    """Save a new version of the card with this whole text, if it is still at
    `base_version`; the shared document is edited to the same text.

    Raises CardConflict with the newer card when someone saved in between, CardError
    when the text is not acceptable or the wall is locked.
    """
    heading, body = _clean(heading, body)
    with transaction.atomic():
        card = (
            Card.objects.select_for_update(of=("self",))
            .select_related("group", "item__meeting")
            .get(pk=card.pk)
        )
        question_count = _require_writable(card, author)
        if base_version != card.version:
            raise CardConflict(card)
        doc, writers = _document(card)
        _store_document(card, doc, document.replace(doc, heading, body), author, writers)
        _new_version(
            card,
            heading=heading,
            body=body,
            question_numbers=sorted({n for n in question_numbers if 1 <= n <= question_count}),
            author=author,
            author_user=author_user,
        )
    # Rendered after the write lock is released: the render need not hold up other saves.
    _card_changed(card, loaded=True, text_changed=True)
    return card


def card_edit(
    *,
    card: Card,
    update: bytes,
    vector: bytes | None = None,
    question_numbers: list[int] | None = None,
    pause: bool = False,
    author: Participant | None = None,
) -> tuple[Card, bytes]:
    """Merge a page's edit of the shared document into the card's, and send it on to the
    group; returns the card and what the page lacks of the document, by its state
    `vector` (the whole document without one).

    `pause`: the writer has stopped typing for a moment, or `question_numbers` are given
    (a question ticked): the document's text, and the questions, become the card's next
    version, rendered for the wall, unless they already are its newest.
    Raises CardError when the wall is locked, the author is not in the group, the bytes
    are not an update, or the text at a pause is not acceptable (the edit is kept then).
    """
    if len(update) > document.MAX_UPDATE_BYTES:
        raise CardError(_("The card could not be saved. Reload the page."))
    versioned = False
    with transaction.atomic():
        card = (
            Card.objects.select_for_update(of=("self",))
            .select_related("group", "item__meeting")
            .get(pk=card.pk)
        )
        question_count = _require_writable(card, author)
        doc, writers = _document(card)
        try:
            added = document.apply(doc, update) if update else document.EMPTY_UPDATE
            lacking = document.missing(doc, vector)
        except document.DocumentError as error:
            raise CardError(_("The card could not be saved. Reload the page.")) from error
        _store_document(card, doc, added, author, writers)
        if pause or question_numbers is not None:
            heading, body = _clean(*document.texts(doc))
            numbers = card.question_numbers
            if question_numbers is not None:
                numbers = sorted({n for n in question_numbers if 1 <= n <= question_count})
            if (heading, body, numbers) != (card.heading, card.body, card.question_numbers):
                _new_version(
                    card, heading=heading, body=body, question_numbers=numbers, author=author
                )
                versioned = True
    if versioned:
        _card_changed(card, loaded=True, text_changed=True)
    return card, lacking


def card_restore(
    *, card: Card, version: int, author: Participant | None = None, author_user=None
) -> Card:
    """Make an earlier version the newest one again (as a new version: history stays)."""
    old = card.versions.filter(version=version).first()
    if old is None:
        raise CardError(_("That version does not exist."))
    return card_save(
        card=card,
        base_version=card.version,
        heading=old.heading,
        body=old.body,
        question_numbers=old.question_numbers,
        author=author,
        author_user=author_user,
    )


def card_image_add(
    *, card: Card, data: bytes, alt: str, author: Participant | None = None
) -> CardImage:
    """Add a picture: checked by its content, resized, stripped of metadata, described."""
    alt = " ".join(alt.split())
    if not alt:
        raise CardError(_("Describe the picture in a few words, for those who cannot see it."))
    if len(alt) > 300:
        raise CardError(_("Describe the picture in at most 300 characters."))
    _require_writable(card, author)
    if card.images.count() >= MAX_IMAGES_PER_CARD:
        raise CardError(
            _("A card can have at most %(max)d pictures.") % {"max": MAX_IMAGES_PER_CARD}
        )
    try:
        # In a decoder process, never in this thread (wall/images.py); DecodersBusy, when
        # every decoder is taken, goes up to the view as it is.
        processed = images.process_image_apart(data)
    except images.ImageError as error:
        raise CardError(str(error)) from error
    stem = uuid.uuid4().hex
    with transaction.atomic():
        picture = CardImage(
            card=card, alt=alt, width=processed.width, height=processed.height, uploaded_by=author
        )
        picture.image.save(f"{stem}.{processed.extension}", ContentFile(processed.web), save=False)
        picture.thumbnail.save(
            f"{stem}-thumb.{processed.extension}", ContentFile(processed.thumbnail), save=False
        )
        picture.save()
    _card_changed(card)
    return picture


def card_image_remove(*, picture: CardImage, author: Participant | None = None) -> None:
    card = picture.card
    _require_writable(card, author)
    picture.delete()
    _card_changed(card)
    picture.image.delete(save=False)
    picture.thumbnail.delete(save=False)


# --- Moderation ---------------------------------------------------------------------------


def card_moderate(
    *,
    card: Card,
    pinned: bool | None = None,
    hidden: bool | None = None,
    hidden_reason: str | None = None,
    comment: str | None = None,
) -> Card:
    """Pin, hide (with a reason the group sees) or comment on a card."""
    with transaction.atomic():
        card = Card.objects.select_for_update().select_related("group").get(pk=card.pk)
        if pinned is not None:
            card.pinned = pinned
        if hidden is not None:
            card.hidden = hidden
            card.hidden_reason = (hidden_reason or "").strip()[:300] if hidden else ""
        if comment is not None:
            card.comment = comment.strip()[:1000]
        card.save(update_fields=["pinned", "hidden", "hidden_reason", "comment"])
    _card_changed(card)
    return card


def wall_lock(*, item: ProgrammeItem, locked: bool) -> Wall:
    """Lock the wall when the session ends: cards stay as they are."""
    with transaction.atomic():
        wall = _wall_to_change(item)
        wall.locked = locked
        wall.save(update_fields=["locked"])
        publish(
            item.meeting_id,
            WALL_STATE,
            {"item": item.pk, "locked": locked},
            key=f"{WALL_STATE}:{item.pk}",
        )
    return wall


def wall_share(*, item: ProgrammeItem, enabled: bool, share_names: bool = False) -> Wall:
    """Turn the read-only share link on (a new secret link) or off."""
    wall = _wall_to_change(item)
    if enabled:
        if not wall.share_token:
            wall.new_share_token()
        wall.share_names = share_names
    else:
        wall.share_token = None
        wall.share_names = False
    wall.save(update_fields=["share_token", "share_names"])
    return wall


# --- Reading and publishing ---------------------------------------------------------------


def wall_cards(item: ProgrammeItem, *, include_hidden: bool = False) -> list[Card]:
    """The cards of a session for the wall, each with its `pictures` and its `writers`, in
    four queries however many cards there are.

    Pictures and writers are read by the session, not prefetched by a list of the
    cards' ids: that list grows with the meeting (see groups.domain.memberships_by_group).
    """
    cards = (
        Card.objects.filter(item=item, version__gt=0)
        .select_related("group", "updated_by")
        .order_by("-pinned", "group__number")
    )
    if not include_hidden:
        cards = cards.filter(hidden=False)
    pictures: dict[int, list[CardImage]] = {}
    for picture in CardImage.objects.filter(card__in=cards):  # a subquery, not a list
        pictures.setdefault(picture.card_id, []).append(picture)
    writers = card_writers(Card.objects.filter(item=item))
    cards = list(cards)
    for card in cards:
        card.pictures = pictures.get(card.pk, [])
        card.writers = writers.get(card.pk, [])
    return cards


def card_writers(cards) -> dict[int, list[str]]:
    """Who wrote each card of the `cards` queryset: those who typed in its shared document,
    in the order they began, then anyone else who saved a version of it (a card saved
    whole, before it had a document). A role is not a writer: a note-taker who never
    opened the card is not named, and anyone else who typed in it is.

    Two queries, however many cards; a third for the names of those who typed but never
    made a version."""
    ids: dict[int, list[int]] = {}
    for card_id, typed in CardDocument.objects.filter(card__in=cards).values_list(
        "card_id", "writers"
    ):
        ids[card_id] = list(typed)
    names: dict[int, str] = {}
    first_saves = (
        CardVersion.objects.filter(card__in=cards, author__isnull=False)
        .values("card_id", "author_id", "author__name")
        .annotate(first=Min("version"))
        .order_by("card_id", "first", "author_id")
    )
    for row in first_saves:
        names[row["author_id"]] = row["author__name"]
        known = ids.setdefault(row["card_id"], [])
        if row["author_id"] not in known:
            known.append(row["author_id"])
    unnamed = {pid for pids in ids.values() for pid in pids} - names.keys()
    if unnamed:
        names.update(Participant.objects.filter(pk__in=unnamed).values_list("pk", "name"))
    return {card_id: [names[pid] for pid in pids if pid in names] for card_id, pids in ids.items()}


def card_writer(card: Card, writers: list[str] | None = None) -> str:
    """The names the wall shows under "Written by": the card's writers, else the last to save."""
    if writers is None:
        writers = getattr(card, "writers", None)
    if writers is None:
        writers = card_writers(Card.objects.filter(pk=card.pk)).get(card.pk, [])
    if writers:
        return ", ".join(writers)
    return card.updated_by.name if card.updated_by else ""


def card_html(
    card: Card,
    *,
    show_names: bool = True,
    language: str | None = None,
    writers: list[str] | None = None,
    pictures: list[CardImage] | None = None,
) -> str:
    """The card as the wall shows it, in `language` (by default the meeting's).

    Never with the facilitator's tools: rendered without a request, their forms would carry
    no CSRF token and be refused. The wall page adds them (wall/_card_tools.html).

    `writers` and `pictures`: those of the card, if already read (as wall_cards does).
    """
    if language is None:
        language = card.item.meeting.language
    if pictures is None:
        pictures = getattr(card, "pictures", None)
    if pictures is None:
        pictures = list(card.images.all())
    context = {
        "card": card,
        "pictures": pictures,
        "writer": card_writer(card, writers) if show_names else "",
        "show_names": show_names,
    }
    with translation.override(language):
        return render_to_string("wall/_card.html", context)


def card_payload(card: Card, html: str, *, moderator: bool = False) -> dict:
    """A card's live frame; facilitators' frames also carry what their page needs to give
    the card its moderation tools (in the active language: the group's name)."""
    payload = {"id": card.pk, "moderator": moderator, **_card_place(card), "html": html}
    if moderator:
        payload.update(name=card.group.name, comment=card.comment)
    return payload


def card_summary(card: Card) -> dict:
    """What every wall hears of a saved card when only its viewers hear it whole: enough to
    place it and show its heading, and that a body newer than the one shown exists."""
    return {"id": card.pk, **_card_place(card), "heading": "" if card.hidden else card.heading}


def _card_place(card: Card) -> dict:
    """What a wall needs to place a card and order its versions: in every frame of it."""
    return {
        "item": card.item_id,
        "group": card.group.number,
        "version": card.version,
        "pinned": card.pinned,
        "hidden": card.hidden,
        "questions": card.question_numbers,
    }


def _card_changed(card: Card, *, loaded: bool = False, text_changed: bool = False) -> None:
    """Render the changed card once in each language the meeting's pages are in, publish
    it to the wall and the facilitators, and a new text to its group's card editor.

    `loaded`: the card comes with its group, its meeting and who saved it, as a save has them.
    """
    if not loaded:
        card = Card.objects.select_related("group", "updated_by", "item__meeting").get(pk=card.pk)
    memberships = list(card.group.memberships.all())  # who hears card.text
    writers = card_writers(Card.objects.filter(pk=card.pk)).get(card.pk, [])
    pictures = list(card.images.all())  # read once for every language
    meeting_id = card.item.meeting_id
    public, moderated = InLanguages(), InLanguages()
    for language in languages_heard(meeting_id, card.item.meeting.language):
        html = card_html(card, language=language, writers=writers, pictures=pictures)
        with translation.override(language):
            public[language] = card_payload(card, "" if card.hidden else html)
            moderated[language] = card_payload(card, html, moderator=True)
    if settings.WALL_CARD_BODIES_TO_VIEWERS:
        # The whole card to the pages that show it, first, so that a page which has it in
        # view hears the body no later than the summary in the same tick; the summary to all.
        viewers = viewers_audience(card.pk)
        publish(meeting_id, CARD_STATE, public, audience=viewers, key=f"{CARD_STATE}:{card.pk}")
        summary = card_summary(card)
        publish(meeting_id, CARD_SUMMARY, summary, key=f"{CARD_SUMMARY}:{card.pk}")
    else:
        publish(meeting_id, CARD_STATE, public, audience=EVERYONE, key=f"{CARD_STATE}:{card.pk}")
    # Facilitators see hidden cards too; they hear it after the public frame.
    publish(
        meeting_id, CARD_STATE, moderated, audience=FACILITATORS, key=f"{CARD_STATE}:f:{card.pk}"
    )
    if not text_changed:
        return  # moderation and pictures leave the text and its version as they were
    publish(
        meeting_id,
        CARD_TEXT,
        {
            "id": card.pk,
            "version": card.version,
            "heading": card.heading,
            "body": card.body,
            "questions": card.question_numbers,
        },
        audience=[participant_audience(m.participant_id) for m in memberships],
        key=f"{CARD_TEXT}:{card.pk}",
    )
