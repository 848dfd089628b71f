"""The browser-like meeting benchmark (bench/meeting.py) at a tiny size, so that it keeps
working: every person joins as a browser does and reaches the live page, the facilitator
forms the groups through the pages, the note-takers' edits reach the members reading along
and the versions the walls, and nothing is lost. How fast is `make bench`'s to say, not
this test's."""

import concurrent.futures

import pytest

from bench import meeting

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.mark.parametrize("light_wall", ["0", "1"])
def test_a_tiny_meeting_joins_writes_and_loses_nothing(monkeypatch, tmp_path, light_wall):
    for name, value in {
        # A light wall whose screen shows no other group's card: it hears those as summaries.
        "BENCH_MEETING_LIGHT_WALL": light_wall,
        "BENCH_MEETING_SCREENFUL": "0",
        "BENCH_MEETING_PEOPLE": "20",
        "BENCH_MEETING_ARRIVAL_SECONDS": "2",
        "BENCH_MEETING_MOVE_SECONDS": "1",
        "BENCH_MEETING_THINK": "0.25",
        "BENCH_MEETING_RATES": "0.5",
        "BENCH_MEETING_STAGE_SECONDS": "4",
        "BENCH_MEETING_RAW_SECONDS": "0",
        "BENCH_PROFILE": "0",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(meeting, "VAR_DIR", tmp_path / "server")
    monkeypatch.setattr(meeting, "OUTPUT", tmp_path / "meeting.json")

    # In a thread of its own: the benchmark runs its own event loop, and an earlier test's
    # may still be set on this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        results = pool.submit(meeting.run).result()

    assert results["failures"]["people"] == 0, results["failures"]["examples"]
    assert results["failures"]["other_count"] == 0, results["failures"]["other"]
    pages = results["pages"]
    for step in ("join page", "suggestions", "join → meeting page", "join → live", "wall page"):
        assert pages[step]["count"] > 0, step
    assert pages["join → live"]["count"] == 20
    # The stylesheet, the scripts, the picture the stylesheet names and /favicon.ico.
    assert results["static_files_per_person"] >= 5
    for step in ("log in → meetings", "start the meeting", "form the groups", "the wall"):
        assert results["facilitator"][step]["count"] == 1, step
    stage = results["stages"][0]
    assert stage["versions"] > 0
    assert stage["save_to_screen_raw"]["count"] > 0
    assert stage["edit_to_member_raw"]["count"] > 0
    assert stage["edit_deliveries_per_s"] > 0
    assert stage["bytes_per_s"] > 0
    if light_wall == "1":
        assert stage["card_summaries_per_s"] > 0
        assert results["event_bytes"]["card.summary"] < results["event_bytes"]["card.state"]
    else:
        assert stage["card_summaries_per_s"] == 0
    assert results["editor"]["errors"] == 0, results["editor"]["error_examples"]
    loss = results["loss"]
    assert loss["walls"]["walls"] == 20 and loss["walls"]["cards"] == 2
    assert loss["walls"]["lost"] == 0
    assert loss["edits_members"] == 2  # one reader along beside each group's note-taker
    assert loss["edits_members_with_another_text"] == 0
    assert loss["note_takers_with_another_text"] == 0
