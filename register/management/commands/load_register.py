"""Load the register of counties and municipalities from SSB files.

With no options it loads the files bundled in register/data. A newer register loads without
code changes: `--ssb-json` takes SSB's KLASS classification 131 JSON as the API returns it,
`--municipalities` a CSV in the bundled format, `--counties` a county CSV in the bundled format.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from register.domain import clear_register_cache
from register.models import County, Municipality

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
BUNDLED_COUNTIES = DATA_DIR / "fylker_2024.csv"
BUNDLED_MUNICIPALITIES = DATA_DIR / "kommuner_2024_ssb131.csv"

# SSB separates the official language forms of one name with " - ".
SSB_NAME_SEPARATOR = " - "
# KLASS 131 has a catch-all code that is not a municipality.
SSB_UNKNOWN_CODE = "9999"


@dataclass(frozen=True)
class CountyRow:
    number: str
    name: str
    official_name: str


@dataclass(frozen=True)
class MunicipalityRow:
    number: str
    name: str
    name_parts: str
    county_number: str


def read_csv(path: Path, required: list[str]) -> list[dict[str, str]]:
    try:
        # utf-8-sig: a CSV saved from a spreadsheet often starts with a byte order mark.
        with path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file)
            missing = [column for column in required if column not in (reader.fieldnames or [])]
            if missing:
                raise CommandError(f"{path}: missing column(s) {', '.join(missing)}")
            return [{key: (value or "").strip() for key, value in row.items()} for row in reader]
    except OSError as error:
        raise CommandError(f"{path}: {error}") from error


def read_counties(path: Path) -> list[CountyRow]:
    rows = read_csv(path, ["fylkesnummer", "fylkesnavn", "fylkesnavn_offisielt"])
    return [
        CountyRow(
            number=row["fylkesnummer"].zfill(2),
            name=row["fylkesnavn"],
            official_name=row["fylkesnavn_offisielt"] or row["fylkesnavn"],
        )
        for row in rows
        if row["fylkesnummer"]
    ]


def split_ssb_name(name: str) -> list[str]:
    return [part.strip() for part in name.split(SSB_NAME_SEPARATOR) if part.strip()]


def read_municipalities_csv(path: Path) -> list[MunicipalityRow]:
    rows = read_csv(path, ["kommunenummer", "navn_ssb_2026", "fylkesnummer"])
    result = []
    for row in rows:
        if not row["kommunenummer"]:
            continue
        parts = row.get("navn_deler_2026", "")
        # Without the parts column, SSB's own separator still tells the forms apart.
        parts_list = [p for p in parts.split("|") if p] or split_ssb_name(row["navn_ssb_2026"])
        result.append(
            MunicipalityRow(
                number=row["kommunenummer"].zfill(4),
                name=row["navn_ssb_2026"],
                name_parts="|".join(parts_list),
                county_number=row["fylkesnummer"].zfill(2),
            )
        )
    return result


def read_municipalities_ssb_json(path: Path) -> list[MunicipalityRow]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"{path}: {error}") from error
    items = data.get("classificationItems") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise CommandError(f"{path}: no classificationItems; is this SSB KLASS 131 JSON?")
    result = []
    for item in items:
        code = str(item.get("code", "")).strip()
        name = str(item.get("name") or "").strip()
        if code == SSB_UNKNOWN_CODE:
            continue
        if len(code) != 4 or not code.isdigit() or not name:
            raise CommandError(f"{path}: unexpected item {code!r} {name!r}")
        result.append(
            MunicipalityRow(
                number=code,
                name=name,
                name_parts="|".join(split_ssb_name(name)),
                county_number=code[:2],
            )
        )
    return result


def check_unique(rows, what: str) -> None:
    seen = set()
    for row in rows:
        if row.number in seen:
            raise CommandError(f"{what} {row.number} appears twice")
        seen.add(row.number)


class Command(BaseCommand):
    help = "Load the register of counties and municipalities (SSB classification 131)."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group()
        source.add_argument(
            "--ssb-json",
            type=Path,
            metavar="PATH",
            help="SSB KLASS classification 131 JSON (classificationItems with code and name).",
        )
        source.add_argument(
            "--municipalities",
            type=Path,
            metavar="PATH",
            help=f"Municipality CSV in the format of {BUNDLED_MUNICIPALITIES.name}.",
        )
        parser.add_argument(
            "--counties",
            type=Path,
            metavar="PATH",
            help=f"County CSV in the format of {BUNDLED_COUNTIES.name}.",
        )

    def handle(self, *args, ssb_json=None, municipalities=None, counties=None, **options):
        county_rows = read_counties(counties or BUNDLED_COUNTIES)
        if ssb_json:
            municipality_rows = read_municipalities_ssb_json(ssb_json)
        else:
            municipality_rows = read_municipalities_csv(municipalities or BUNDLED_MUNICIPALITIES)
        check_unique(county_rows, "County")
        check_unique(municipality_rows, "Municipality")
        known_counties = {row.number for row in county_rows}
        for row in municipality_rows:
            if row.county_number not in known_counties:
                raise CommandError(
                    f"Municipality {row.number} {row.name} is in county {row.county_number}, "
                    "which the county file does not have; pass a newer --counties file."
                )

        with transaction.atomic():
            county_counts, counties_by_number, old_counties = self.load_counties(county_rows)
            municipality_counts, old_municipalities = self.load_municipalities(
                municipality_rows, counties_by_number
            )
        # Other processes notice when they next check the signature (at once when they share
        # the Redis cache, within SIGNATURE_SECONDS when not); this one should not wait.
        clear_register_cache()

        self.stdout.write(self.counts_line("Counties", county_counts))
        self.stdout.write(self.counts_line("Municipalities", municipality_counts))
        for label, leftovers in (
            ("counties", old_counties),
            ("municipalities", old_municipalities),
        ):
            if leftovers:
                # Kept, not deleted: participants and reports may still point at them.
                self.stdout.write(
                    f"Kept {len(leftovers)} {label} that are not in the file: "
                    + ", ".join(f"{item.number} {item.name}" for item in leftovers)
                )

    def counts_line(self, label: str, counts: dict[str, int]) -> str:
        return (
            f"{label}: {counts['total']} in file, {counts['created']} created, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged."
        )

    def load_counties(self, rows: list[CountyRow]):
        existing = {county.number: county for county in County.objects.all()}
        counts = {"total": len(rows), "created": 0, "updated": 0, "unchanged": 0}
        by_number = {}
        for row in rows:
            values = {"name": row.name, "official_name": row.official_name}
            by_number[row.number] = self.upsert(County, existing, row.number, values, counts)
        leftovers = [county for number, county in existing.items() if number not in by_number]
        return counts, by_number, leftovers

    def load_municipalities(self, rows: list[MunicipalityRow], counties: dict[str, County]):
        existing = {m.number: m for m in Municipality.objects.select_related("county")}
        counts = {"total": len(rows), "created": 0, "updated": 0, "unchanged": 0}
        numbers = set()
        for row in rows:
            values = {
                "name": row.name,
                "name_parts": row.name_parts,
                "county": counties[row.county_number],
            }
            self.upsert(Municipality, existing, row.number, values, counts)
            numbers.add(row.number)
        leftovers = [m for number, m in existing.items() if number not in numbers]
        return counts, leftovers

    def upsert(self, model, existing: dict, number: str, values: dict, counts: dict[str, int]):
        """update_or_create by number, but writing only what changed, so a rerun is a no-op."""
        instance = existing.get(number)
        if instance is None:
            counts["created"] += 1
            return model.objects.create(number=number, **values)
        changed = [field for field, value in values.items() if getattr(instance, field) != value]
        if changed:
            for field in changed:
                setattr(instance, field, values[field])
            instance.save(update_fields=changed)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        return instance
