"""Raw SQL against the ORM for the queries samtale writes as SQL: `python -m bench sql`.

Each query that runs on a hot path is timed as the application writes it (plain SQL through
common/sql.py) and as the ORM would write it, side by side in the same run, on a meeting the
size of the live benchmark's (2,000 participants in 200 groups, a card each) and the
bundled register. The figure is the ORM's time per call as a ratio to the SQL's: the SQL
stays only where the ratio shows the ORM costs more (see the comments at each query).

Two queries once written as SQL are ORM again, because they left the hot path: the presence
count (the ORM cost 1.10 times the SQL; it now runs once per burst of joins) and the
register's signature (34 times, 1.9 ms; now asked once per 30 s, not per keystroke).

Runs on a test database of its own (SQLite in memory, or a test_ copy of the PostgreSQL
database DATABASE_URL names). Writes var/bench/sql.json; `run()` returns the same results.

Environment (defaults in brackets):
    BENCH_SQL_CALLS [2000]  calls of each variant per round
    BENCH_SQL_ROUNDS [5]    rounds; the median round counts
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import time
from pathlib import Path

CALLS = int(os.environ.get("BENCH_SQL_CALLS", 2000))
ROUNDS = int(os.environ.get("BENCH_SQL_ROUNDS", 5))
PARTICIPANTS = 2000
GROUP_SIZE = 10
OUTPUT = Path(__file__).resolve().parent.parent / "var" / "bench" / "sql.json"


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samtale.settings")
    import django

    django.setup()


def _meeting():
    """A running group session the size of the live benchmark's; returns (card, author)."""
    from accounts.domain import facilitator_create
    from groups.domain import groups_form
    from meetings.domain import item_create, item_start, meeting_create, meeting_start
    from meetings.models import ProgrammeItem
    from participants.models import Participant
    from wall.models import Card

    facilitator = facilitator_create(username="bench-sql", password="bench-not-secret-1")
    meeting = meeting_create(title="Benchmark", date=datetime.date.today(), facilitator=facilitator)
    item = item_create(
        meeting=meeting,
        kind=ProgrammeItem.Kind.GROUP_SESSION,
        title="Gruppesamtale",
        planned_minutes=45,
        questions=["Hva fungerer godt?", "Hva trenger dere mer av?", "Hva gjør vi først?"],
    )
    Participant.objects.bulk_create(
        Participant(meeting=meeting, name=f"Deltaker {n}", organisation=f"Kommune {n % 150}")
        for n in range(PARTICIPANTS)
    )
    meeting = meeting_start(meeting=meeting)
    item_start(meeting=meeting, item=item)
    groups_form(item=item, strategy="random", target_size=GROUP_SIZE, seed=1)
    card = Card.objects.select_related("group").order_by("pk")[100]
    author = card.group.memberships.select_related("participant").first().participant
    return meeting, card, author


# --- The ORM's way of asking the same -----------------------------------------------------


def _writable_orm(card, author):
    """wall.domain._require_writable's question as one ORM query, with subqueries."""
    from django.db.models import Count, Exists, OuterRef, Subquery

    from groups.models import Membership
    from meetings.models import ProgrammeItem, Question
    from wall.models import Wall

    questions = (
        Question.objects.filter(item_id=OuterRef("pk"))
        .order_by()
        .values("item_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return (
        ProgrammeItem.objects.filter(pk=card.item_id)
        .annotate(
            question_count=Subquery(questions),
            locked=Exists(Wall.objects.filter(item_id=OuterRef("pk"), locked=True)),
            member=Exists(
                Membership.objects.filter(group_id=card.group_id, participant_id=author.pk)
            ),
        )
        .values_list("question_count", "locked", "member")
        .get()
    )


def _writable_orm_three(card, author):
    """The same as three plain ORM queries."""
    from groups.models import Membership
    from meetings.models import Question
    from wall.models import Wall

    return (
        Question.objects.filter(item_id=card.item_id).count(),
        Wall.objects.filter(item_id=card.item_id, locked=True).exists(),
        Membership.objects.filter(group_id=card.group_id, participant_id=author.pk).exists(),
    )


# --- Timing -------------------------------------------------------------------------------


def _per_call_us(function) -> float:
    """The median round's microseconds per call (each round: CALLS calls)."""
    rounds = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(CALLS):
            function()
        rounds.append((time.perf_counter() - started) / CALLS * 1e6)
    return statistics.median(rounds)


def _compare(name: str, sql, *orm_variants) -> dict:
    sql()  # warm: the first call of each opens cursors and fills the ORM's caches
    for _label, variant in orm_variants:
        variant()
    sql_us = _per_call_us(sql)
    row = {"query": name, "sql_us": round(sql_us, 1)}
    for label, variant in orm_variants:
        orm_us = _per_call_us(variant)
        row[f"{label}_us"] = round(orm_us, 1)
        row[f"{label}_ratio"] = round(orm_us / sql_us, 2)
    return row


def run() -> dict:
    _setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    from wall import domain as wall

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("load_register", verbosity=0)
        _meeting_row, card, author = _meeting()
        assert _writable_orm(card, author) == wall._writable_facts(card, author)
        rows = [
            _compare(
                "card save: may this person change the card? (wall.domain)",
                lambda: wall._writable_facts(card, author),
                ("orm", lambda: _writable_orm(card, author)),
                ("orm_3_queries", lambda: _writable_orm_three(card, author)),
            ),
        ]
        results = {"database": connection.vendor, "calls": CALLS, "rounds": ROUNDS, "rows": rows}
    finally:
        teardown_databases(databases, verbosity=0)
    print(f"database: {results['database']}, {CALLS} calls x {ROUNDS} rounds (median round)")
    for row in rows:
        ratios = ", ".join(
            f"{key.removesuffix('_ratio')} {value:.2f}x"
            for key, value in row.items()
            if key.endswith("_ratio")
        )
        print(f"  {row['query']}\n    SQL {row['sql_us']} us/call; ORM/SQL: {ratios}")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    run()
