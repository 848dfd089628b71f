"""The Django side of the live benchmark, run in a subprocess with the server's environment.

    python -m bench._setup meeting      -> {"code", "meeting", "item"}
    python -m bench._setup groups ITEM  -> {"groups": [{"number", "card", "members": [key]}]}
    python -m bench._setup final ITEM   -> {"cards": {card_id: version}}

Each prints one JSON object on its last line of stdout. The benchmark never imports Django
itself, so its client side stays a small asyncio process.
"""

from __future__ import annotations

import json
import os
import sys


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samtale.settings")
    import django

    django.setup()


def meeting_unstarted(*, username: str, password: str, welcome: bool = False):
    """A facilitator and the benchmark's meeting, not started: a group session with two
    questions, after a welcome if `welcome`. The meeting and its group session."""
    from django.utils import timezone

    from accounts.domain import facilitator_create
    from meetings.domain import item_create, item_replace_children, meeting_create
    from meetings.models import ProgrammeItem

    facilitator = facilitator_create(username=username, password=password)
    meeting = meeting_create(
        title="Benchmark: nasjonalt dialogmøte", date=timezone.localdate(), facilitator=facilitator
    )
    if welcome:
        item_create(
            meeting=meeting, kind=ProgrammeItem.Kind.INFO, title="Velkommen", planned_minutes=10
        )
    item = item_create(
        meeting=meeting,
        kind=ProgrammeItem.Kind.GROUP_SESSION,
        title="Gruppesamtale",
        planned_minutes=45,
    )
    item_replace_children(
        item=item,
        speakers=[],
        questions=[
            "Hva fungerer godt i kommunen deres i dag?",
            "Hva trenger dere mer av for å lykkes?",
        ],
    )
    return meeting, item


def meeting() -> dict:
    from meetings.domain import item_start, meeting_start

    meeting, item = meeting_unstarted(username="bench-facilitator", password="bench-not-secret-1")
    meeting = meeting_start(meeting=meeting)
    meeting = item_start(meeting=meeting, item=item)
    return {"code": meeting.code, "meeting": meeting.pk, "item": item.pk}


def groups(item_id: int) -> dict:
    from groups.domain import groups_form
    from groups.models import Membership
    from meetings.models import ProgrammeItem
    from wall.domain import card_for, wall_for

    item = ProgrammeItem.objects.get(pk=item_id)
    formed = groups_form(item=item, strategy="random", target_size=10, seed=1)
    wall_for(item)
    keys = {}
    for membership in (
        Membership.objects.filter(item=item).select_related("participant").order_by("id")
    ):
        keys.setdefault(membership.group_id, []).append(membership.participant.join_key)
    return {
        "groups": [
            {"number": group.number, "card": card_for(group).pk, "members": keys.get(group.pk, [])}
            for group in formed
        ]
    }


def final(item_id: int) -> dict:
    from wall.models import Card

    return {"cards": dict(Card.objects.filter(item_id=item_id).values_list("id", "version"))}


def versions(item_id: int) -> dict:
    """Every stored version of every card of the session: a save answered 200 is here."""
    from wall.models import CardVersion

    stored = CardVersion.objects.filter(card__item_id=item_id).values_list("card_id", "version")
    return {"versions": [[card, version] for card, version in stored]}


def main(argv: list[str]) -> int:
    _django()
    command = argv[0]
    if command == "meeting":
        result = meeting()
    elif command == "groups":
        result = groups(int(argv[1]))
    elif command == "final":
        result = final(int(argv[1]))
    elif command == "versions":
        result = versions(int(argv[1]))
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
