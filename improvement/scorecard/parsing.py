"""Reading the scorecard's printed targets and monthly values.

Targets come as "90.0%", "below 8%", "Below 8%", "105-135", "34-35", "90-95%", "80%+",
"6 per month", "Monitor" or blank; values as "84.0%", "1083", "100.4r" (a rate per
10,000), "67% (4)" or "41%(5)" (a percentage with its count), "NYA" or blank.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

NUMBER = r"(\d+(?:\.\d+)?)"
_BELOW = re.compile(rf"^below\s+{NUMBER}\s*%?$", re.I)
_PLUS = re.compile(rf"^{NUMBER}\s*%?\s*\+$")
_RANGE = re.compile(rf"^{NUMBER}\s*%?\s*[-–]\s*{NUMBER}\s*%?$")
_PER_MONTH = re.compile(rf"^{NUMBER}\s+per\s+month$", re.I)
_PLAIN = re.compile(rf"^{NUMBER}\s*%?$")
_VALUE = re.compile(rf"^{NUMBER}\s*(%|r)?\s*(?:\(\s*(\d+)\s*\))?$", re.I)


class ParseError(ValueError):
    pass


@dataclass(frozen=True)
class Target:
    kind: str  # one of Indicator.TargetKind's values
    low: Decimal | None = None
    high: Decimal | None = None


def parse_target(printed, better):
    """Parse a printed target. A bare figure is a floor or a ceiling depending on which
    direction is better for the indicator ("45%" for repeat contacts is a ceiling)."""
    text = " ".join(printed.split())
    if text == "" or text.lower() == "monitor":
        return Target("monitor")
    if m := _BELOW.match(text):
        return Target("at_most", high=Decimal(m[1]))
    if m := _PLUS.match(text):
        return Target("at_least", low=Decimal(m[1]))
    if m := _RANGE.match(text):
        low, high = Decimal(m[1]), Decimal(m[2])
        if low > high:
            raise ParseError(f"Target range {text!r} runs backwards.")
        return Target("range", low=low, high=high)
    if m := _PER_MONTH.match(text):
        return Target("per_month", low=Decimal(m[1]))
    if m := _PLAIN.match(text):
        if better == "lower":
            return Target("at_most", high=Decimal(m[1]))
        return Target("at_least", low=Decimal(m[1]))
    raise ParseError(f"Target {text!r} is not a form the scorecard uses.")


@dataclass(frozen=True)
class Value:
    status: str  # one of IndicatorValue.Status's values
    value: Decimal | None = None
    count: int | None = None


def parse_value(printed):
    text = " ".join(str(printed).split())
    if text == "":
        return Value("missing")
    if text.upper() == "NYA":
        return Value("nya")
    m = _VALUE.match(text.replace(",", ""))
    if not m:
        raise ParseError(f"{text!r} is not a number, a percentage, a rate, NYA or blank.")
    try:
        number = Decimal(m[1])
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise ParseError(f"{text!r} is not a number.") from exc
    return Value("value", value=number, count=int(m[3]) if m[3] else None)


def parse_sn_average(printed):
    """The statistical-neighbour average: a figure, or None for "N/A" and blanks."""
    text = " ".join(printed.split())
    if text in ("", "N/A"):
        return None
    return parse_value(text).value
