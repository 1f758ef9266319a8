"""Filters that cannot fail silently (issue 22, first part): --country takes the names exports use, --admin1
knows other spellings and says "did you mean", and a selection the filters leave empty is an error that names
each filter and what it removed, with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from geo.events import Filters, admin1_key, country_code

ROOT = Path(__file__).resolve().parents[1]
ACLED = str(ROOT / "tests" / "fixtures" / "acled_2024.csv")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize(
    "text, code",
    [("NER", "NER"), ("ner", "NER"), ("Niger", "NER"), ("MALI", "MLI"), ("Burkina Faso", "BFA"), ("burkina", "BFA"),
     ("Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"), ("Ivory Coast", "CIV"), ("Nigeria", "NGA"), ("Chad", "TCD"),
     ("Mail", None), ("Nigerr", None), ("", None)],
)  # fmt: skip
def test_country_names_and_codes(text, code):
    assert country_code(text) == code


def test_a_country_name_selects_what_its_code_selects():
    by_code = run("stats", "--events", ACLED, "--country", "MLI", "--json")
    by_name = run("stats", "--events", ACLED, "--country", "Mali", "--json")
    assert by_code.exit_code == 0, by_code.output
    assert json.loads(by_name.stdout)["by"] == json.loads(by_code.stdout)["by"]
    assert json.loads(by_code.stdout)["total"]["events"] > 0


def test_an_unknown_country_is_an_error_that_suggests_one(tmp_path):
    out = tmp_path / "e.csv"
    done = run("export", "--country", "Mail", "--out", out)
    assert done.exit_code == 2 and not out.exists()
    assert "Mail is not a country this tool knows; did you mean Mali?" in done.output


def test_admin1_spellings_fold_together():
    assert admin1_key("Tilaberi") == admin1_key("Tillabéri") == admin1_key("TILLABERI") == admin1_key("Tillabery")
    assert admin1_key("Ménaka") == admin1_key("menaka") != admin1_key("Gao")  # never taken for one another


def test_admin1_matches_whatever_the_case_and_accents():
    a = run("stats", "--events", ACLED, "--admin1", "Ménaka", "--json")
    b = run("stats", "--events", ACLED, "--admin1", "MENAKA", "--json")
    assert a.exit_code == 0, a.output
    assert json.loads(a.stdout)["by"] == json.loads(b.stdout)["by"] and json.loads(a.stdout)["total"]["events"] > 0


def test_an_unknown_region_says_did_you_mean_and_lists_the_regions(tmp_path):
    out = tmp_path / "e.csv"
    done = run("export", "--events", ACLED, "--admin1", "Tilabery", "--out", out)
    assert done.exit_code == 1 and not out.exists()
    assert "--admin1 Tilabery matches no admin-1 region of the data; did you mean Tillabéri?" in done.output
    assert "Regions in the data:" in done.output and "Ménaka" in done.output and "Nothing was written" in done.output


def test_filters_that_leave_nothing_are_an_error_naming_each_filter(tmp_path):
    out = tmp_path / "e.csv"
    done = run("export", "--events", ACLED, "--country", "Niger", "--since", "2030-01-01", "--out", out)
    assert done.exit_code == 1 and not out.exists()
    # The 6 mapped rows of the export (the project's records are left out without --with-records).
    assert "the filters leave no record or event (of 6" in done.output
    assert "dates 2030-01-01 to … removes 6 of 6" in done.output
    assert "country NER removes" in done.output and "nothing was written" in done.output
    stats = run("stats", "--events", ACLED, "--kind", "protest", "--country", "BFA")
    assert stats.exit_code == 1 and "kinds protest removes" in stats.output


def test_build_counts_the_specs_dates_and_keeps_the_last_map(tmp_path):
    """A spec's dates and the command line's together leave nothing: an error, and the last good map stays."""
    spec = tmp_path / "y2021.toml"
    spec.write_text('title = "2021"\n[dates]\nstart = "2021-01-01"\nend = "2021-12-31"\n', encoding="utf-8")
    out = tmp_path / "y2021.html"
    out.write_text("last good map", encoding="utf-8")
    done = run("build", spec, "--since", "2022-01-01")
    assert done.exit_code == 1
    assert "dates 2022-01-01 to 2021-12-31 removes" in done.output
    assert out.read_text(encoding="utf-8") == "last good map"
    assert run("build", spec).exit_code == 0 and out.read_text(encoding="utf-8") != "last good map"


def test_each_filter_on_its_own():
    f = Filters(countries=("NER",), kinds=("attack",), actor="x")
    assert [g.describe() for g in f.each()] == ["country NER", "kinds attack", "actor contains “x”"]
    assert Filters().each() == []
