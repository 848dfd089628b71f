"""`manage.py load_register`: the bundled SSB register, newer files, reruns."""

import json
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from register.domain import organisation_resolve
from register.models import County, Municipality

DATA_DIR = Path(__file__).resolve().parents[2] / "register" / "data"
SSB_JSON = DATA_DIR / "ssb_klass131_kommuneinndeling_2024.json"
CSV_HEADER = "kommunenummer,navn_ssb_2024,navn_ssb_2026,navn_deler_2026,fylkesnummer,fylkesnavn\n"


def snapshot():
    return (
        list(County.objects.values_list("id", "number", "name", "official_name")),
        list(Municipality.objects.values_list("id", "number", "name", "name_parts", "county_id")),
    )


@pytest.mark.django_db
def test_load_register_bundled_files_count_357_municipalities_and_15_counties(run_load_register):
    output = run_load_register()

    assert Municipality.objects.count() == 357
    assert County.objects.count() == 15
    assert "357 created" in output
    assert "15 created" in output


@pytest.mark.django_db
def test_load_register_twice_changes_nothing(run_load_register):
    run_load_register()
    before = snapshot()

    output = run_load_register()

    assert snapshot() == before
    assert "0 created, 0 updated, 357 unchanged" in output
    assert "0 created, 0 updated, 15 unchanged" in output


@pytest.mark.django_db
def test_load_register_bundled_files_use_2026_names(loaded_register):
    lyngen = Municipality.objects.get(number="5536")
    assert lyngen.name == "Lyngen - Ivgu - Yykeä"
    assert lyngen.parts == ["Lyngen", "Ivgu", "Yykeä"]
    assert lyngen.county.number == "55"
    assert Municipality.objects.get(number="0301").parts == ["Oslo", "Oslove"]
    assert Municipality.objects.get(number="5006").parts == ["Steinkjer", "Stïentje"]
    assert Municipality.objects.get(number="1826").parts == ["Aarborte", "Hattfjelldal"]


@pytest.mark.django_db
def test_load_register_bundled_counties_have_official_names(loaded_register):
    troms = County.objects.get(number="55")
    assert troms.name == "Troms"
    assert troms.official_name == "Troms - Romsa - Tromssa"


@pytest.mark.django_db
def test_load_register_ssb_json_loads_bundled_json(run_load_register):
    output = run_load_register("--ssb-json", str(SSB_JSON))

    assert Municipality.objects.count() == 357
    assert not Municipality.objects.filter(number="9999").exists()
    # SSB's 2024 file, so Lyngen has its 2024 name; parts come from splitting on " - ".
    assert Municipality.objects.get(number="5536").parts == ["Lyngen"]
    guovdageaidnu = Municipality.objects.get(number="5612")
    assert guovdageaidnu.name == "Guovdageaidnu - Kautokeino"
    assert guovdageaidnu.parts == ["Guovdageaidnu", "Kautokeino"]
    assert guovdageaidnu.county.number == "56"
    assert "357 created" in output


@pytest.mark.django_db
def test_load_register_ssb_json_after_csv_updates_only_renamed(run_load_register):
    run_load_register()

    output = run_load_register("--ssb-json", str(SSB_JSON))

    # The three 2026 name changes are undone by the 2024 file; nothing else moves.
    assert "0 created, 3 updated, 354 unchanged" in output
    assert Municipality.objects.get(number="0301").parts == ["Oslo"]


@pytest.mark.django_db
def test_load_register_municipality_not_in_file_kept_and_reported(run_load_register):
    run_load_register()
    county = County.objects.get(number="15")
    Municipality.objects.create(number="1507", name="Ålesund", name_parts="Ålesund", county=county)

    output = run_load_register()

    assert Municipality.objects.filter(number="1507").exists()
    assert "1507 Ålesund" in output


@pytest.mark.django_db
def test_load_register_municipalities_csv_option_loads_that_file(run_load_register, tmp_path):
    path = tmp_path / "kommuner.csv"
    path.write_text(
        CSV_HEADER
        + "4001,Porsgrunn,Porsgrunn,Porsgrunn,40,Telemark\n"
        + "4003,Skien,Skien,Skien,40,Telemark\n",
        encoding="utf-8",
    )

    run_load_register("--municipalities", str(path))

    assert list(Municipality.objects.values_list("number", flat=True)) == ["4001", "4003"]
    assert County.objects.count() == 15


@pytest.mark.django_db
def test_load_register_counties_option_loads_that_file(run_load_register, tmp_path):
    counties = tmp_path / "fylker.csv"
    counties.write_text(
        "fylkesnummer,fylkesnavn,fylkesnavn_offisielt\n40,Telemark,Telemark\n", encoding="utf-8"
    )
    municipalities = tmp_path / "kommuner.csv"
    municipalities.write_text(CSV_HEADER + "4001,Porsgrunn,Porsgrunn,,40,Telemark\n")

    run_load_register("--counties", str(counties), "--municipalities", str(municipalities))

    assert list(County.objects.values_list("number", flat=True)) == ["40"]
    # No parts column value: the parts come from the name.
    assert Municipality.objects.get(number="4001").parts == ["Porsgrunn"]


@pytest.mark.django_db
def test_load_register_unknown_county_fails_and_loads_nothing(run_load_register, tmp_path):
    path = tmp_path / "klass.json"
    path.write_text(
        json.dumps({"classificationItems": [{"code": "5701", "name": "Nykommune"}]}),
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="5701"):
        run_load_register("--ssb-json", str(path))

    assert not County.objects.exists()
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_load_register_csv_missing_column_fails(run_load_register, tmp_path):
    path = tmp_path / "kommuner.csv"
    path.write_text("nummer,navn\n4001,Porsgrunn\n", encoding="utf-8")

    with pytest.raises(CommandError, match="missing column"):
        run_load_register("--municipalities", str(path))


@pytest.mark.django_db
def test_load_register_json_and_csv_together_rejected(run_load_register):
    with pytest.raises(CommandError):
        run_load_register("--ssb-json", str(SSB_JSON), "--municipalities", "kommuner.csv")


@pytest.mark.django_db
def test_load_register_rename_reaches_matching(run_load_register, tmp_path):
    run_load_register()
    assert organisation_resolve("Grenland") is None
    path = tmp_path / "kommuner.csv"
    path.write_text(
        CSV_HEADER + "4001,Porsgrunn,Porsgrunn - Grenland,Porsgrunn|Grenland,40,Telemark\n",
        encoding="utf-8",
    )

    run_load_register("--municipalities", str(path))

    match = organisation_resolve("Grenland")
    assert match is not None
    assert match.municipality.number == "4001"
    assert match.display_name == "Grenland kommune"
