"""Nynorsk to bokmål through Apertium's translator (Debian: apertium, apertium-nno-nob),
offline. Used by `make eval` to compare with lemmatising each form by its own dictionary;
absent on a machine without the packages, where `available()` says so."""

import shutil
import subprocess

_SEPARATOR = "\n\n¶¶¶\n\n"


def available() -> bool:
    return shutil.which("apertium") is not None


def nynorsk_to_bokmaal(texts: list[str]) -> list[str]:
    """Translate many texts in one run of the translator (it starts slowly)."""
    if not texts:
        return []
    joined = _SEPARATOR.join(texts)
    result = subprocess.run(
        ["apertium", "-u", "nno-nob"], input=joined, capture_output=True, text=True, check=True
    )
    parts = result.stdout.split("¶¶¶")
    if len(parts) != len(texts):  # the translator moved a separator: translate one by one
        return [
            subprocess.run(
                ["apertium", "-u", "nno-nob"], input=t, capture_output=True, text=True, check=True
            ).stdout
            for t in texts
        ]
    return [part.strip() for part in parts]
