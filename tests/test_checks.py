"""The checks every loader shares (geo.checks)."""

import pytest

from geo.checks import MAX_NAME, MAX_TEXT, THREE_COUNTRIES, Region, check_name, check_text, control_characters, decimal


@pytest.mark.parametrize(
    "text, value",
    [("15.2", 15.2), ("-0.3", -0.3), ("+3", 3.0), (".5", 0.5), ("1e3", 1000.0), (" 7 ", 7.0), ("5.", 5.0)],
)
def test_decimal_accepts_plain_numbers(text, value):
    assert decimal(text) == value


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-inf", "1e400", "1_0", "1,5", "0x10", "", "abc", "1.2.3"])
def test_decimal_refuses_the_rest(text):
    with pytest.raises(ValueError):
        decimal(text)


def test_control_characters_are_named():
    assert control_characters("a\tb\nc\r") == []
    assert control_characters("a\x00b\x1b\x7f\x85") == ["U+0000", "U+001B", "U+007F", "U+0085"]
    with pytest.raises(ValueError, match=r"contains the control characters U\+0000, U\+0007"):
        check_text("x\x07\x00")
    with pytest.raises(ValueError, match=r"contains the control character U\+0007;"):
        check_text("x\x07")


def test_lengths():
    assert check_text("a" * MAX_TEXT) == "a" * MAX_TEXT
    with pytest.raises(ValueError, match=f"is {MAX_TEXT + 1} characters long"):
        check_text("a" * (MAX_TEXT + 1))
    assert check_name("a" * MAX_NAME)
    with pytest.raises(ValueError, match="characters long"):
        check_name("a" * (MAX_NAME + 1))


@pytest.mark.parametrize("ch", ["\u202e", "\u2066", "\u200b", "\u200f", "\ufeff", "\u061c"])
def test_names_refuse_invisible_controls(ch):
    with pytest.raises(ValueError, match=f"U\\+{ord(ch):04X}"):
        check_name(f"Do{ch}ri")
    assert check_text(f"Do{ch}ri")  # free text may hold them; the page isolates it


def test_region_box():
    r = THREE_COUNTRIES
    assert (r.west, r.south, r.east, r.north) == (-12.3, 9.3, 16.0, 25.0)
    assert r.contains(9.3, -12.3) and r.contains(25.0, 16.0) and not r.contains(9.29, 0) and not r.contains(15, 16.01)
    assert r.why_outside(15.2, -0.3) is None
    assert r.why_outside(-0.3, 15.2).endswith("did you swap latitude and longitude?")
    assert r.why_outside(15.2, -14.0).endswith("is the sign of the longitude wrong (east is positive)?")
    assert r.why_outside(-12.0, 2.0).endswith("is the sign of the latitude wrong (north is positive)?")
    assert "give `region` WEST,SOUTH,EAST,NORTH" in r.why_outside(40.0, 40.0)
    assert r.describe() == "-12.3..16 E, 9.3..25 N"


@pytest.mark.parametrize(
    "text",
    [
        "1,2,3",
        "1,2,3,4,5",
        "3,14,1,17",
        "1,17,3,14",
        "-181,0,1,1",
        "0,-91,1,1",
        "0,0,181,1",
        "0,0,1,91",
        "a,b,c,d",
        "1,1,1,2",
    ],
)
def test_region_parse_refuses_bad_boxes(text):
    with pytest.raises(ValueError):
        Region.parse(text)


def test_region_parse():
    assert Region.parse(" -1.5, 13 ,5.5,16.4") == Region(-1.5, 13.0, 5.5, 16.4)
    assert Region.parse("-180,-90,180,90") == Region(-180.0, -90.0, 180.0, 90.0)


def test_the_control_character_pattern_is_unicodes_category_cc_but_tab_and_line_breaks():
    import unicodedata

    from geo import checks

    cc = {chr(i) for i in range(0x110000) if unicodedata.category(chr(i)) == "Cc"} - set("\t\n\r")
    matched = {chr(i) for i in range(0x110000) if checks._CONTROL.fullmatch(chr(i))}
    assert matched == cc and len(cc) == 62
    assert checks.control_characters("a\x00b\x9f\tc\x00\n") == ["U+0000", "U+009F"]
