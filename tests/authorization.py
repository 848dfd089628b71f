"""Who may do what in samtale: every URL and every live socket request, per role.

The matrix is data; tests/test_authorization_matrix.py walks it. A URL of the URL
configuration, or a socket request type of `live.requests.handlers`, that has no row here
fails the suite, so a new view is let in only after someone has written down who may use it.

Roles, in one meeting with a running group session of two groups:

- ANONYMOUS: a browser with no session;
- OTHER_MEETING: a participant of another meeting;
- OTHER_GROUP: a participant of this meeting, in group 2;
- MEMBER: a participant of this meeting, in group 1, whose timekeeper they are (the role
  that may drive the group's rounds); the objects in the URLs (the card, its picture, the
  help request) are group 1's and this person's;
- OTHER_FACILITATOR: a facilitator (not staff) of another meeting;
- FACILITATOR: a facilitator of this meeting;
- ADMIN: a superuser, who is a facilitator of every meeting.

Outcomes, as the walk reads a response:

- ALLOW: 2xx, or a redirect that is the view's own (not to a login or join page);
- PUBLIC: ALLOW for everyone, written so a row says it is meant to be open;
- LOGIN: a redirect to the login page (the admin's own for admin:*);
- JOIN: sent to the meeting's join page (a redirect with "Join the meeting first", a 403
  with HX-Redirect for htmx, or the join page itself);
- DENY: 403; HIDDEN: 404; INVALID: 400 (the view ran and refused what was sent);
- NOT_ALLOWED: 405, the method is not one the view takes;
- CLOSED: the live socket is closed at once (4403): the person may not listen at all.
"""

from dataclasses import dataclass, field
from typing import Any

ANONYMOUS = "anonymous"
OTHER_MEETING = "participant of another meeting"
OTHER_GROUP = "participant in another group"
MEMBER = "member of the group"
OTHER_FACILITATOR = "facilitator of another meeting"
FACILITATOR = "facilitator of the meeting"
ADMIN = "admin"
ROLES = (ANONYMOUS, OTHER_MEETING, OTHER_GROUP, MEMBER, OTHER_FACILITATOR, FACILITATOR, ADMIN)
PARTICIPANT_ROLES = (OTHER_MEETING, OTHER_GROUP, MEMBER)

ALLOW = "allow"
PUBLIC = "public"
LOGIN = "login"
JOIN = "join"
DENY = "deny"
HIDDEN = "hidden"
INVALID = "invalid"
NOT_ALLOWED = "not allowed"
CLOSED = "closed"


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, outcome)


def but(outcomes: dict[str, str], **changes: str) -> dict[str, str]:
    """`outcomes` with some roles changed: but(FACILITATORS, ADMIN=DENY)."""
    names = {name: value for name, value in globals().items() if value in ROLES}
    return {**outcomes, **{names[role]: outcome for role, outcome in changes.items()}}


# Who passes each of the gates the views use (meetings/access.py and Django's login_required).
# People who joined a meeting have no account: the facilitators' pages send them to log in.
LOGGED_IN = {**everyone(ALLOW), **dict.fromkeys((ANONYMOUS, *PARTICIPANT_ROLES), LOGIN)}
FACILITATORS = {**LOGGED_IN, OTHER_FACILITATOR: DENY}
# A facilitator who has not joined as a participant is sent to the join page like anyone.
PARTICIPANTS = {**everyone(JOIN), OTHER_GROUP: ALLOW, MEMBER: ALLOW}
PARTICIPANTS_AND_FACILITATORS = {**PARTICIPANTS, FACILITATOR: ALLOW, ADMIN: ALLOW}
POST_ONLY = everyone(NOT_ALLOWED)


@dataclass(frozen=True)
class Route:
    """One URL: the outcome per role for GET and for POST.

    `kwargs` names what fills the URL's arguments where the default (the walk's
    `world.defaults`: the meeting, its group session, group 1's card…) is not meant, such
    as the report-back item rather than the group session, or a literal ("csv"). `data` is
    what a POST sends: a dict, or the name of a builder in the walk (for uploads and
    values that come from the world). `crossed` is what a role gets that names its own
    meeting in the URL (facilitator: pk; participant: code) with this meeting's objects.
    """

    name: str
    get: dict[str, str]
    post: dict[str, str]
    kwargs: dict[str, Any] = field(default_factory=dict)
    data: Any = None
    crossed: str = HIDDEN
    development_only: bool = False  # in the URL configuration with settings.DEVELOPMENT alone
    why: str = ""


def same(name, outcomes, **options) -> Route:
    """A view that takes GET and POST alike (a page, a panel): the same gate for both."""
    return Route(name, get=outcomes, post=outcomes, **options)


def action(name, outcomes, **options) -> Route:
    """A view behind require_POST: GET is 405 for everyone, before any other check."""
    return Route(name, get=POST_ONLY, post=outcomes, **options)


# --- The project's own URLs (samtale/urls.py) ---------------------------------------------

PROJECT = [
    same("home", everyone(PUBLIC)),
    same("health", everyone(PUBLIC), why="for the proxy and monitoring"),
    same("accessibility", everyone(PUBLIC), why="the accessibility statement"),
    same("privacy", everyone(PUBLIC), why="the privacy notice"),
    # Django's set_language: GET only redirects back, POST sets the cookie.
    same("set_language", everyone(PUBLIC), data={"language": "en", "next": "/"}),
    # No URL serves MEDIA_ROOT as it is, in development either: card pictures go out only
    # through the checked views of WALL and REPORTS below (wall/access.py).
]

ACCOUNTS = [
    # A logged-in person is sent on to their meetings (redirect_authenticated_user).
    same("accounts:login", everyone(PUBLIC), data={"username": "nobody", "password": "wrong"}),
    # Django 5's LogoutView takes POST alone; logging out is for anyone, a no-op without a login.
    action("accounts:logout", everyone(PUBLIC)),
]

REGISTER = [
    # The join form's organisation suggestions: open, as the join form is (require_GET).
    Route("register:suggest", get=everyone(PUBLIC), post=POST_ONLY),
]

# A programme item as its form sends it, with no speakers or questions.
ITEM_DATA = {
    "kind": "talk",
    "title": "Innlegg",
    "planned_minutes": "10",
    "speakers-TOTAL_FORMS": "0",
    "speakers-INITIAL_FORMS": "0",
    "questions-TOTAL_FORMS": "0",
    "questions-INITIAL_FORMS": "0",
}

MEETINGS = [
    same("meetings:list", LOGGED_IN),
    same("meetings:create", LOGGED_IN, data="meeting"),
    same("meetings:edit", FACILITATORS, data="meeting"),
    same("meetings:item_create", FACILITATORS, data=ITEM_DATA),
    same("meetings:item_edit", FACILITATORS, data=ITEM_DATA, kwargs={"item_pk": "talk"}),
    action("meetings:item_move", FACILITATORS, data={"direction": "down"}),
    action("meetings:item_delete", FACILITATORS, kwargs={"item_pk": "talk"}),
    same("meetings:run", FACILITATORS),
    same("meetings:run_programme", FACILITATORS),
    same("meetings:run_controls", FACILITATORS),
    action("meetings:run_start", FACILITATORS),
    action("meetings:run_advance", FACILITATORS),
    action("meetings:run_extend", FACILITATORS, data={"minutes": "5"}),
    action("meetings:run_item_start", FACILITATORS, kwargs={"item_pk": "talk"}),
    action("meetings:run_item_skip", FACILITATORS, kwargs={"item_pk": "talk"}),
    action("meetings:run_item_restore", FACILITATORS, kwargs={"item_pk": "talk"}),
    action("meetings:run_recording", FACILITATORS, data={"recording": "on"}),
    action("meetings:run_announce", FACILITATORS, data={"text": "Pause til 10.15"}),
    action("meetings:run_announce_withdraw", FACILITATORS, data={"announcement": "1"}),
    action("meetings:run_end", FACILITATORS),
]

PARTICIPANTS_APP = [
    same("participants:code", everyone(PUBLIC), data={"code": "unknown"}),
    same("participants:presence", FACILITATORS),
    # Who took part in the whole meeting, and its files; organisations matched by hand.
    same("participants:attendance", FACILITATORS),
    same("participants:attendance_export", FACILITATORS, kwargs={"kind": "csv"}),
    action(
        "participants:organisation_match",
        FACILITATORS,
        data={"typed": "Kristiansnad", "organisation": "Kristiansand kommune"},
    ),
    # One participant's personal data: the list, an access request, an erasure request.
    same("participants:people", FACILITATORS),
    same("participants:person_data", FACILITATORS),
    same("participants:person_erase", FACILITATORS),
    # The meeting's own page: the join form for whoever has not joined, facilitators too
    # (their page is the control room).
    same("participants:meeting", PARTICIPANTS),
    # Anyone with the code may join, a facilitator as well: the code on the slide is the key.
    action("participants:join", everyone(PUBLIC), data="join"),
    # Leaving without having joined does nothing, and says nothing of the meeting.
    action("participants:leave", everyone(PUBLIC)),
    # A page going away (its beacon): for the browser's own participant, nothing for others.
    action("participants:closing", everyone(PUBLIC)),
]

HELPDESK = [
    action("helpdesk:ask", PARTICIPANTS, data={"question": "Jeg hører ingen lyd"}),
    same("helpdesk:mine", PARTICIPANTS),
    same("helpdesk:panel", FACILITATORS),
    same("helpdesk:signal", FACILITATORS),
    action("helpdesk:answer", FACILITATORS, data={"answer": "Prøv å laste inn siden."}),
    action("helpdesk:solve", FACILITATORS),
]

GROUPS = [
    same("groups:manage", FACILITATORS),
    same("groups:overview", FACILITATORS),
    action(
        "groups:form",
        FACILITATORS,
        data={"strategy": "random", "target_size": "4", "late_joiners": "place", "seed": "1"},
    ),
    action("groups:reuse", FACILITATORS, data="reuse"),
    action("groups:move", FACILITATORS, data="move"),
    # GET: whom to swap with (a plain form's way out of a full group); POST: the swap.
    same("groups:swap", FACILITATORS, data="swap"),
    action("groups:place", FACILITATORS, data="place"),
    action("groups:roles", FACILITATORS),
    action("groups:group_roles", FACILITATORS, data={"group": "1"}),
    same("groups:export", FACILITATORS, kwargs={"kind": "csv"}),
    same("groups:page", PARTICIPANTS),
    same("groups:panel", PARTICIPANTS),
    # Each takes a role in their own group: the URL names no group.
    action("groups:role", PARTICIPANTS, data={"role": "note_taker"}),
    # Only the group's timekeeper (and the meeting's facilitators, when they have joined)
    # drives the rounds: another member is refused outright.
    action(
        "groups:round_start",
        but(PARTICIPANTS, OTHER_GROUP=DENY),
        data={
            "questions": "1",
            "speaker_minutes": "2",
            "dialogue_minutes": "5",
            "summary_minutes": "3",
        },
    ),
    action(
        "groups:round_step",
        but(PARTICIPANTS, OTHER_GROUP=DENY),
        kwargs={"action": "add"},
        data={"seconds": "60"},
    ),
]

WALL = [
    # A wall its facilitator has shared: read-only, for anyone with the link.
    same("wall:shared", everyone(PUBLIC), kwargs={"token": "wall_token"}),
    # Its pictures, to anyone with the link while it is shared and the card is not hidden.
    same(
        "wall:shared_picture",
        everyone(PUBLIC),
        kwargs={"token": "wall_token", "image_pk": "kept_picture", "size": "thumbnail"},
    ),
    # A card's picture, to whoever may see the card: its meeting's participants (a hidden
    # card's only to its group: tests/wall/test_pictures.py) and facilitators; to everyone
    # else it does not exist. The URL names no meeting, so there is nothing to cross.
    same(
        "wall:picture",
        {**everyone(HIDDEN), OTHER_GROUP: ALLOW, MEMBER: ALLOW, FACILITATOR: ALLOW, ADMIN: ALLOW},
        kwargs={"image_pk": "kept_picture", "size": "web"},
    ),
    action("wall:moderate", FACILITATORS, data={"action": "pin"}),
    action("wall:lock", FACILITATORS, data={"locked": "on"}),
    action("wall:share", FACILITATORS, data={"enabled": "on"}),
    same("wall:report", FACILITATORS, kwargs={"item_pk": "report_back"}),
    action(
        "wall:report_pick",
        FACILITATORS,
        kwargs={"item_pk": "report_back"},
        data={"groups": "2", "minutes": "2"},
    ),
    action(
        "wall:report_random",
        FACILITATORS,
        kwargs={"item_pk": "report_back"},
        data={"count": "1", "minutes": "2"},
    ),
    action("wall:report_next", FACILITATORS, kwargs={"item_pk": "report_back"}),
    action(
        "wall:report_slot",
        FACILITATORS,
        kwargs={"item_pk": "report_back"},
        data={"action": "time", "minutes": "3"},
    ),
    # The projector's page: the meeting's people and its facilitators.
    same("wall:present", PARTICIPANTS_AND_FACILITATORS, kwargs={"item_pk": "report_back"}),
    # The card editor's HTTP fallback answers as the socket does, in JSON: 403, no redirect.
    # Each participant saves their own group's card (the URL names no card).
    action(
        "wall:card_save", {**everyone(DENY), OTHER_GROUP: ALLOW, MEMBER: ALLOW}, data="card_save"
    ),
    # The shared document's edits, the same way (the page's socket down).
    action(
        "wall:card_edit", {**everyone(DENY), OTHER_GROUP: ALLOW, MEMBER: ALLOW}, data="card_edit"
    ),
    same("wall:card_history", PARTICIPANTS),
    action("wall:card_restore", PARTICIPANTS, data={"version": "1"}),
    action("wall:card_image_add", PARTICIPANTS, data="picture"),
    # The picture is on group 1's card: to group 2 it does not exist. A participant of
    # another meeting, on their own code, has no group there: refused before the picture
    # is looked up.
    action("wall:card_image_remove", but(PARTICIPANTS, OTHER_GROUP=HIDDEN), crossed=DENY),
    same("wall:page", PARTICIPANTS_AND_FACILITATORS),
    # A card in the other written form, for those the wall shows it to; not a page, so it
    # answers in JSON: 403 for the rest, no redirect to join.
    Route(
        "wall:card_other",
        get={**everyone(DENY), OTHER_GROUP: ALLOW, MEMBER: ALLOW, FACILITATOR: ALLOW, ADMIN: ALLOW},
        post=POST_ONLY,
    ),
    # A card as the wall's live frame has it, fetched when it comes into view: for those
    # the wall shows it to, in JSON like the translation beside it.
    Route(
        "wall:card",
        get={**everyone(DENY), OTHER_GROUP: ALLOW, MEMBER: ALLOW, FACILITATOR: ALLOW, ADMIN: ALLOW},
        post=POST_ONLY,
    ),
]

REPORTS = [
    same("reports:page", FACILITATORS),
    action("reports:build", FACILITATORS, data={"language": "nb"}),
    same("reports:status", FACILITATORS),
    action("reports:details", FACILITATORS, data={"organised_by": "KS", "summary": "Kort"}),
    action("reports:share", FACILITATORS, data={"enabled": "on"}),
    same("reports:preview", FACILITATORS),
    same("reports:download", FACILITATORS, kwargs={"fmt": "md"}),
    # The reader's side of a share link: the token is the key.
    same("reports:shared", everyone(PUBLIC), kwargs={"token": "report_token"}),
    # The pictures of the shared report's cards (of hidden cards only if it holds them).
    same(
        "reports:shared_picture",
        everyone(PUBLIC),
        kwargs={"token": "report_token", "image_pk": "kept_picture"},
    ),
    same(
        "reports:shared_download", everyone(PUBLIC), kwargs={"token": "report_token", "fmt": "md"}
    ),
]

IMPORTS = [
    same("imports:index", LOGGED_IN),
    # A Padlet board becomes a new meeting of whoever uploads it.
    action("imports:padlet", LOGGED_IN, data="padlet"),
    # The form offers only one's own meetings: this meeting, named by another facilitator,
    # is a choice that is not there.
    action("imports:zoom", but(LOGGED_IN, OTHER_FACILITATOR=INVALID), data="zoom"),
    same("imports:padlet_result", FACILITATORS),
    same("imports:zoom_result", FACILITATORS),
]

ANALYSIS = [
    same("analysis:across", LOGGED_IN),
    same("analysis:search", LOGGED_IN),
    same("analysis:taxonomies", LOGGED_IN),
    same("analysis:taxonomy_create", LOGGED_IN),
    # A taxonomy is its owner's (here the meeting's facilitator's). A superuser is refused
    # too: editing another's taxonomy under their name is no admin's task, and the admin
    # site is there for repairs.
    same("analysis:taxonomy_edit", but(FACILITATORS, ADMIN=DENY)),
    same("analysis:meeting", FACILITATORS),
    same("analysis:review", FACILITATORS, data="review"),
    same("analysis:session_panel", FACILITATORS),
    action(
        "analysis:report_cover",
        FACILITATORS,
        kwargs={"item_pk": "report_back"},
        data={"count": "1", "minutes": "2"},
    ),
]

# Django's admin, for superusers alone (test_admin_access.py): one row stands for every
# admin:* URL; the walk tries its index and a list of meetings. Everyone else, facilitators
# included, is sent to the admin's login.
ADMIN_SITE = [
    same("admin:*", {**everyone(LOGIN), ADMIN: ALLOW}),
]

ROUTES: list[Route] = [
    *PROJECT,
    *ACCOUNTS,
    *REGISTER,
    *MEETINGS,
    *PARTICIPANTS_APP,
    *HELPDESK,
    *GROUPS,
    *WALL,
    *REPORTS,
    *IMPORTS,
    *ANALYSIS,
    *ADMIN_SITE,
]

# URL patterns that have no row, each with the reason. None so far: every URL is walked.
# (Static files are served by ServeStatic's middleware, before the URL configuration.)
EXCLUDED: dict[str, str] = {}


# --- The live socket's requests (live.requests.handlers) ----------------------------------


@dataclass(frozen=True)
class SocketRequest:
    """One request type over ws/meetings/<code>/: the status per role (CLOSED: the socket
    is refused before any request), and the builder of its data in the walk."""

    type: str
    statuses: dict[str, int | str]
    data: str
    why: str = ""


# Whoever may not listen to the meeting never gets to ask anything.
NOT_LISTENING = dict.fromkeys((ANONYMOUS, OTHER_MEETING, OTHER_FACILITATOR), CLOSED)

SOCKET_REQUESTS = [
    SocketRequest(
        "card.save",
        {**NOT_LISTENING, MEMBER: 200, OTHER_GROUP: 400, FACILITATOR: 403, ADMIN: 403},
        data="card_save",
        # Group 1's card. A member of group 2 is told by the save itself why not (400: only
        # the group's members); a facilitator's page has no card of its own to save (403).
        why="the card named is group 1's",
    ),
    SocketRequest(
        "card.edit",
        {**NOT_LISTENING, MEMBER: 200, OTHER_GROUP: 400, FACILITATOR: 403, ADMIN: 403},
        data="card_edit",
        why="the card named is group 1's, as for card.save",
    ),
    SocketRequest(
        "wall.view",
        {**NOT_LISTENING, MEMBER: 200, OTHER_GROUP: 200, FACILITATOR: 200, ADMIN: 200},
        data="wall_view",
        # Whoever may listen hears every card already (hidden ones without a body): saying
        # which are in view changes only which of their frames come whole.
        why="every page of the meeting may hear its cards",
    ),
]
