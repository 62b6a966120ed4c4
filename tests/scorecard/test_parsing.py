from decimal import Decimal

import pytest

from improvement.scorecard.parsing import ParseError, parse_target, parse_value


@pytest.mark.parametrize(
    ("printed", "better", "kind", "low", "high"),
    [
        ("90.0%", "higher", "at_least", "90.0", None),
        ("below 8%", "lower", "at_most", None, "8"),
        ("Below 8%", "lower", "at_most", None, "8"),
        ("below 50", "lower", "at_most", None, "50"),
        ("105-135", "none", "range", "105", "135"),
        ("34-35", "none", "range", "34", "35"),
        ("90-95%", "higher", "range", "90", "95"),
        ("80%+", "higher", "at_least", "80", None),
        ("6 per month", "higher", "per_month", "6", None),
        ("Monitor", "none", "monitor", None, None),
        ("", "none", "monitor", None, None),
        ("45%", "lower", "at_most", None, "45"),
        ("0", "lower", "at_most", None, "0"),
    ],
)
def test_every_target_form_in_the_scorecard_parses(printed, better, kind, low, high):
    target = parse_target(printed, better)
    assert target.kind == kind
    assert target.low == (Decimal(low) if low else None)
    assert target.high == (Decimal(high) if high else None)


@pytest.mark.parametrize("printed", ["about 90", "135-105", "90%%"])
def test_unknown_or_backwards_targets_are_refused(printed):
    with pytest.raises(ParseError):
        parse_target(printed, "higher")


@pytest.mark.parametrize(
    ("printed", "status", "value", "count"),
    [
        ("84.0%", "value", "84.0", None),
        ("1083", "value", "1083", None),
        ("100.4r", "value", "100.4", None),
        ("67% (4)", "value", "67", 4),
        ("41%(5)", "value", "41", 5),
        ("11.26", "value", "11.26", None),
        ("NYA", "nya", None, None),
        ("", "missing", None, None),
    ],
)
def test_every_value_form_in_the_scorecard_parses(printed, status, value, count):
    parsed = parse_value(printed)
    assert parsed.status == status
    assert parsed.value == (Decimal(value) if value else None)
    assert parsed.count == count


@pytest.mark.parametrize("printed", ["n/a?", "12..5", "=1+1", "five"])
def test_non_values_are_refused_with_the_text_in_the_message(printed):
    with pytest.raises(ParseError, match="is not a number"):
        parse_value(printed)
