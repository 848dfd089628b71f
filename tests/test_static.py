"""Static files: served by the process under ASGI, left to runserver under WSGI; the
stylesheet built from its parts; hashed names in production."""

import asyncio
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import AsyncClient, Client, override_settings

from common import stylesheet
from common.stylesheet import BANNER, CSS_DIR, PARTS, STYLESHEET
from tests.conftest import run_in_own_loop


def test_static_files_are_served_under_asgi(db):
    async def fetch():
        response = await AsyncClient().get("/static/samtale/js/live.js")
        return response.status_code, b"".join([c async for c in response.streaming_content])

    status, body = run_in_own_loop(fetch())
    assert status == 200
    assert b"samtaleLive" in body


def test_a_sync_request_in_a_thread_with_a_running_loop_still_works(db, monkeypatch):
    # As after a browser test: Playwright's sync API leaves a loop running in the thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    async def inside_a_loop():
        return Client().get("/healthz")

    assert asyncio.run(inside_a_loop()).status_code == 200


# --- The stylesheet: built from its parts ----------------------------------------------------


def test_every_part_beside_samtale_css_is_built_into_it():
    beside = {path.name for path in CSS_DIR.glob("*.css")} - {STYLESHEET.name}

    assert beside == set(PARTS), "a part is missing from common/stylesheet.py, or its file"
    assert len(PARTS) == len(set(PARTS))


def test_build_css_writes_the_parts_into_samtale_css(monkeypatch, tmp_path):
    for name in PARTS:
        (tmp_path / name).write_text(f"/* {name} */\n")
    (tmp_path / "samtale.css").write_text("/* out of date */\n")
    monkeypatch.setattr(stylesheet, "CSS_DIR", tmp_path)
    monkeypatch.setattr(stylesheet, "STYLESHEET", tmp_path / "samtale.css")

    call_command("build_css", stdout=io.StringIO())

    written = (tmp_path / "samtale.css").read_text()
    assert written == BANNER + "".join(f"/* {name} */\n" for name in PARTS)


# --- Production: content-hashed names --------------------------------------------------------

TEMPLATE_STATIC = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]\s*%}""")
HASHED = re.compile(r"^/static/(?P<stem>.+)\.[0-9a-f]{12}(?P<ext>\.[A-Za-z0-9]+)$")


def names_templates_link() -> set[str]:
    names = set()
    for folder in Path(settings.BASE_DIR).glob("*/templates"):
        for template in folder.rglob("*.html"):
            names.update(TEMPLATE_STATIC.findall(template.read_text(encoding="utf-8")))
    return names


def test_every_static_file_the_templates_link_gets_a_hashed_name(tmp_path):
    """In production a template naming a file collectstatic did not write fails only there
    (ManifestStaticFilesStorage raises on an unknown name): checked here instead."""
    production = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "servestatic.storage.CompressedManifestStaticFilesStorage"},
    }
    linked = names_templates_link()
    assert {"samtale/css/samtale.css", "samtale/js/live.js"} <= linked
    with override_settings(STORAGES=production, STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
        for name in sorted(linked):
            url = staticfiles_storage.url(name)
            match = HASHED.match(url)
            assert match, f"{name}: {url}"
            assert match["stem"] + match["ext"] == name
            assert (tmp_path / url.removeprefix("/static/")).is_file()
            assert (tmp_path / (url.removeprefix("/static/") + ".gz")).is_file()
        # The stylesheet's own references are rewritten to hashed names as well.
        css = (tmp_path / staticfiles_storage.stored_name("samtale/css/samtale.css")).read_text()
        mark = staticfiles_storage.stored_name("samtale/img/mark.svg")
        assert mark != "samtale/img/mark.svg"
        assert f'url("../{mark.removeprefix("samtale/")}")' in css


def test_development_links_static_files_by_their_own_names():
    assert settings.DEVELOPMENT  # the tests run as development (samtale/settings.py)
    assert staticfiles_storage.url("samtale/css/samtale.css") == "/static/samtale/css/samtale.css"


# --- Card pictures in development ------------------------------------------------------------


@pytest.mark.parametrize("name", ["card.webp", "a" * 300 + ".webp", "cards/" + "b" * 5000])
def test_media_root_is_not_served_as_it_is_in_development_either(db, settings, tmp_path, name):
    """/media/ served every picture to anyone, also those of hidden cards (issue 13); the
    pictures go out through views that check who asks (tests/wall/test_pictures.py)."""
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "card.webp").write_bytes(b"RIFF")
    assert Client().get(f"/media/{name}").status_code == 404


# --- Motion (WCAG 2.2.2) ---------------------------------------------------------------------


def test_nothing_moves_for_more_than_five_seconds():
    """A dot pulsed for as long as the connection lasted, with no control to stop it."""
    from common.stylesheet import CSS_DIR, PARTS

    animation = re.compile(r"animation:\s*[\w-]+\s+([\d.]+)(ms|s)\b[^;]*\s(\d+|infinite);")
    found = [
        match.groups()
        for part in PARTS
        for match in animation.finditer((CSS_DIR / part).read_text())
    ]
    assert len(found) >= 3, "the pulses were not found"
    for duration, unit, count in found:
        assert count != "infinite"
        seconds = float(duration) / (1000 if unit == "ms" else 1)
        assert seconds * int(count) <= 5
