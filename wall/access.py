"""Who may see a card's pictures: those who may see the card.

- the meeting's facilitators, always (hidden cards too);
- the members of the card's group, always (they see why it was hidden);
- the meeting's other participants, while the card is not hidden;
- those with the wall's share link, while it is shared and the card is not hidden
  (`shared_picture`); the report's share link lets its readers see the pictures the
  published report holds (reports/views.py).

Everyone else is answered 404, as if the picture did not exist.
"""

from django.http import Http404

from groups.models import Membership
from meetings.domain import is_facilitator
from participants.domain import participant_from_session
from wall.models import CardImage, Wall

SIZES = ("web", "thumbnail")


def _picture(image_pk: int) -> CardImage:
    picture = CardImage.objects.select_related("card__item__meeting").filter(pk=image_pk).first()
    if picture is None:
        raise Http404
    return picture


def stored_name(picture: CardImage, size: str) -> str:
    """The stored file of `picture` at `size` ("web" or "thumbnail")."""
    if size not in SIZES:
        raise Http404
    return picture.image.name if size == "web" else picture.thumbnail.name


def picture_seen(request, image_pk: int) -> CardImage:
    """The picture, if the person asking may see its card; else Http404."""
    picture = _picture(image_pk)
    card = picture.card
    meeting = card.item.meeting
    if is_facilitator(request.user, meeting):
        return picture
    participant = participant_from_session(request.session, meeting)
    if participant is None:
        raise Http404
    if not card.hidden:
        return picture
    if Membership.objects.filter(group_id=card.group_id, participant=participant).exists():
        return picture
    raise Http404


def shared_picture(token: str, image_pk: int) -> CardImage:
    """A picture on the wall shared by `token`, while it is shared and its card not hidden."""
    wall = Wall.objects.filter(share_token=token).first() if token else None
    picture = _picture(image_pk)
    if wall is None or picture.card.item_id != wall.item_id or picture.card.hidden:
        raise Http404
    return picture


def report_picture(report, image_pk: int) -> CardImage:
    """A picture on a card of the meeting whose report is published (`report`, found by its
    share link): of a hidden card only when the published report holds hidden cards."""
    published = report.published_build
    picture = _picture(image_pk)
    if picture.card.item.meeting_id != report.meeting_id:
        raise Http404
    # As the shared report's page chooses its cards (reports/views.py).
    if picture.card.hidden and not (published and published.include_hidden):
        raise Http404
    return picture
