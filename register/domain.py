"""The register of Norwegian municipalities and counties, and matching what people write to it."""

from dataclasses import dataclass

from register.models import County, Municipality


@dataclass(frozen=True)
class OrganisationMatch:
    display_name: str  # "Porsgrunn kommune", "Vestland fylkeskommune"
    municipality: Municipality | None
    county: County | None
    score: float  # 0–100


def organisation_suggestions(text: str, *, limit: int = 6) -> list[OrganisationMatch]:
    """The register entries that `text` most likely means, best first."""
    text = text.strip().lower()
    if not text:
        return []
    found = []
    for municipality in Municipality.objects.select_related("county"):
        for part in municipality.parts:
            if part.lower() in text:
                found.append(
                    OrganisationMatch(f"{part} kommune", municipality, municipality.county, 100)
                )
    return found[:limit]


def organisation_resolve(text: str) -> OrganisationMatch | None:
    """The one register entry `text` means, if we can tell with confidence."""
    suggestions = organisation_suggestions(text, limit=2)
    return suggestions[0] if len(suggestions) == 1 else None
