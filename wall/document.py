"""A card's shared document: the heading and body as two texts of one Yjs document.

The group types in it at once; each page sends its edits as Yjs updates, the server merges
them into the stored document (pycrdt, the Rust port Yjs's own authors keep, reads and
writes the same updates as the browser's Yjs) and sends them on to the group. Merging is
the CRDT's: updates apply in any order, any number of times, and every copy ends alike.

A card that has no stored document yet gets one made from its heading and body, the same
bytes every time (one fixed client id, the same edits): two pages and the server that make
it apart all hold one document, not three copies of the text.
"""

import base64
import binascii

from pycrdt import Doc, Text, merge_updates

HEADING = "heading"
BODY = "body"
# The client id of the edits that make a document from a card's saved text. Pages get
# random 32-bit ids from Yjs, so one of them is this only by a 1 in 4 billion chance.
SEED_CLIENT = 1
EMPTY_UPDATE = b"\x00\x00"  # Yjs's update that holds nothing
# Bounds on what a page may send and the server keep: a card's text is at most 20,000
# characters (wall/text.py), a few times that with its history of edits.
MAX_UPDATE_BYTES = 256 * 1024
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024


class DocumentError(ValueError):
    """Bytes that are not a Yjs update (or state vector)."""


def decode(value: str) -> bytes:
    """A Yjs update or state vector as the page sends it: base64."""
    try:
        return base64.b64decode(value or "", validate=True)
    except (binascii.Error, ValueError) as error:
        raise DocumentError("not base64") from error


def encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _texts(doc: Doc) -> tuple[Text, Text]:
    return doc.get(HEADING, type=Text), doc.get(BODY, type=Text)


def seeded(heading: str, body: str) -> Doc:
    """The document of a card that has none stored: its saved heading and body."""
    doc = Doc(client_id=SEED_CLIENT)
    heading_text, body_text = _texts(doc)
    with doc.transaction():
        if heading:
            heading_text += heading
        if body:
            body_text += body
    return doc


def load(state: bytes | None, heading: str, body: str) -> Doc:
    """The document from its stored `state`, or made from the card's text when none is."""
    if not state:
        return seeded(heading, body)
    doc = Doc()
    _texts(doc)
    doc.apply_update(state)
    return doc


def _changes(doc: Doc, change) -> bytes:
    """Run `change()` on `doc`; the update it made (EMPTY_UPDATE if it made none). Taken
    from the transactions themselves: a deletion leaves the state vector as it was."""
    made: list[bytes] = []
    subscription = doc.observe(lambda event: made.append(event.update))
    try:
        change()
    finally:
        doc.unobserve(subscription)
    made = [update for update in made if update != EMPTY_UPDATE]
    if not made:
        return EMPTY_UPDATE
    return made[0] if len(made) == 1 else merge_updates(*made)


def apply(doc: Doc, update: bytes) -> bytes:
    """Merge a page's update into `doc`; returns what it added (EMPTY_UPDATE if nothing:
    an update heard twice), to send on to the group."""
    try:
        return _changes(doc, lambda: doc.apply_update(update))
    except Exception as error:  # pycrdt raises a plain ValueError or a Rust panic
        if isinstance(error, DocumentError):
            raise
        raise DocumentError(str(error)) from error


def missing(doc: Doc, vector: bytes | None) -> bytes:
    """What a page whose state vector is `vector` lacks of `doc` (all of it without one)."""
    if vector is None:
        return doc.get_update()
    try:
        return doc.get_update(vector)
    except Exception as error:
        raise DocumentError(str(error)) from error


def state(doc: Doc) -> bytes:
    return doc.get_update()


def texts(doc: Doc) -> tuple[str, str]:
    """The heading and body as the document holds them now."""
    heading, body = _texts(doc)
    return str(heading), str(body)


def replace(doc: Doc, heading: str, body: str) -> bytes:
    """Make the document's texts `heading` and `body` by the smallest edit (a restore, a
    save over HTTP from an older page, a facilitator's change): what the group typed
    meanwhile outside the changed span stays where it was. Returns the update, to send to
    the group (EMPTY_UPDATE when the texts already were these)."""

    def edit():
        with doc.transaction():
            for text, wanted in zip(_texts(doc), (heading, body), strict=True):
                _edit(text, str(text), wanted)

    return _changes(doc, edit)


def _edit(text: Text, old: str, new: str) -> None:
    """Turn `old` into `new` in `text` by deleting and inserting the span that differs."""
    if old == new:
        return
    start = 0
    most = min(len(old), len(new))
    while start < most and old[start] == new[start]:
        start += 1
    end = 0
    while end < most - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    # pycrdt counts a text's positions in UTF-8 bytes (Yjs in the browser in UTF-16 code
    # units; the update itself is the same either way): the span is found in characters,
    # so that it never splits one, and given in bytes.
    at = len(old[:start].encode())
    removed = len(old[start : len(old) - end].encode())
    if removed:
        del text[at : at + removed]
    if len(new) - end > start:
        text.insert(at, new[start : len(new) - end])
