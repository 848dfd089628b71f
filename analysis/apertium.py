"""Bokmål to nynorsk and back through Apertium's translator (Debian: apertium,
apertium-nno-nob), offline.

Used for the facilitator's proposal of the programme in the other written form
(meetings/written.py), the wall's "show in nynorsk/bokmål" beside a card (wall/translation.py),
training the tagger's classifier on each labelled text in both forms (`in_other_form`,
docs/analysis.md) and by `make eval`, which compares reading nynorsk through bokmål with
lemmatising each form by its own dictionary. Absent on a machine without the packages, where
`available()` says so.

The translator is a pipeline of processes started for each call: at most
`CONCURRENT_RUNS` run at once in a process, each is stopped after its timeout, and every
failure is a `TranslatorError` whose message can be shown as it is.
"""

import shutil
import subprocess
import threading
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from common.errors import DomainError

# Apertium's modes for each direction. Towards nynorsk the e-infinitive and "vi" ("nno_e"),
# the forms most public bodies write; Apertium's plain "nob-nno" writes "me" and "komma".
MODES = {("nn", "nb"): "nno-nob", ("nb", "nn"): "nob-nno_e"}
MODE_DIRECTORY = Path("/usr/share/apertium/modes")

CONCURRENT_RUNS = 2
# A run of a few sentences takes under half a second; waiting longer helps nobody.
TIMEOUT_SECONDS = 10
# How long a call waits for one of the CONCURRENT_RUNS to be free before it gives up.
WAIT_SECONDS = 5
# `make eval` translates hundreds of texts in one run.
BATCH_TIMEOUT_SECONDS = 300

_SEPARATOR = "\n\n¶¶¶\n\n"
_runs = threading.BoundedSemaphore(CONCURRENT_RUNS)


class TranslatorError(DomainError):
    """The translation could not be made; the message says so to the person who asked."""


def available(source: str = "nn", target: str = "nb") -> bool:
    """Whether this machine has the translator for the direction."""
    mode = MODES.get((source, target))
    if mode is None or shutil.which("apertium") is None:
        return False
    return (MODE_DIRECTORY / f"{mode}.mode").exists()


def _run(mode: str, text: str, timeout: float) -> str:
    try:
        result = subprocess.run(
            ["apertium", "-u", mode],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as error:
        raise TranslatorError(
            _("The translation took too long. Try again, or write it yourself."), code="timeout"
        ) from error
    except (OSError, subprocess.CalledProcessError) as error:
        raise TranslatorError(
            _("The translator could not translate this. Write the text yourself."),
            code="failed",
        ) from error
    return result.stdout


def translate(
    texts: list[str], *, source: str, target: str, timeout: float = TIMEOUT_SECONDS
) -> list[str]:
    """`texts` from `source` to `target` ("nb", "nn"), in one run of the translator (it
    starts slowly); an empty text stays empty."""
    mode = MODES.get((source, target))
    if mode is None:
        raise TranslatorError(_("There is no translator for these languages."), code="direction")
    if not any(text.strip() for text in texts):
        return ["" for _text in texts]
    if not available(source, target):
        raise TranslatorError(
            _("The translator is not installed on this server."), code="unavailable"
        )
    if not _runs.acquire(timeout=WAIT_SECONDS):
        raise TranslatorError(_("The translator is busy. Try again in a moment."), code="busy")
    try:
        output = _run(mode, _SEPARATOR.join(texts), timeout)
        parts = output.split("¶¶¶")
        if len(parts) != len(texts):  # the translator moved a separator: one by one
            parts = [_run(mode, text, timeout) if text.strip() else "" for text in texts]
    finally:
        _runs.release()
    return [part.strip() for part in parts]


def nynorsk_to_bokmaal(texts: list[str]) -> list[str]:
    """Many nynorsk texts in bokmål (for `make eval`)."""
    if not texts:
        return []
    return translate(texts, source="nn", target="nb", timeout=BATCH_TIMEOUT_SECONDS)


def bokmaal_to_nynorsk(texts: list[str]) -> list[str]:
    """Many bokmål texts in nynorsk."""
    if not texts:
        return []
    return translate(texts, source="nb", target="nn", timeout=BATCH_TIMEOUT_SECONDS)


OTHER_FORM = {"nb": "nn", "nn": "nb"}
_other_forms: dict[tuple[str, str], str] = {}  # the texts that ship are translated once


def in_other_form(texts: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
    """Each (text, "nb" | "nn") in the other written form, with that form, for training the
    classifier on both; None when the translator is missing or fails, so that training
    goes on with the texts as written."""
    if not available("nn", "nb") or not available("nb", "nn"):
        return None
    try:
        for source, target in OTHER_FORM.items():
            wanted = list(
                dict.fromkeys(
                    text
                    for text, language in texts
                    if language == source and (text, source) not in _other_forms
                )
            )
            translated = translate(
                wanted, source=source, target=target, timeout=BATCH_TIMEOUT_SECONDS
            )
            _other_forms.update(
                ((text, source), other) for text, other in zip(wanted, translated, strict=True)
            )
    except TranslatorError:
        return None
    return [(_other_forms[text, language], OTHER_FORM[language]) for text, language in texts]
