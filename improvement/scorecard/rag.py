"""RAG against target and direction of travel: the scorecard's two rules, in one place.

The rules, with worked examples from Appendix 4, are written out in docs/scorecard-rules.md.

RAG (the seed's key: "On target", "Within 15% of target", "More than 15% from target"):

- "Within 15%" is relative to the target, never percentage points: a value misses a floor
  T by at most 15% when it is at least 0.85 × T, and misses a ceiling T by at most 15% when
  it is at most 1.15 × T. Both edges are inclusive (exactly 85% of a 90% target, 76.5%,
  is within 15%). Arithmetic is in Decimal, so edges are exact.
- at least / "80%+" / "N per month" with higher better: on target when value ≥ T.
- at most ("below 8%", and a bare figure where lower is better): on target when value ≤ T.
  A ceiling of 0 leaves no room: 0 is on target, anything above is more than 15% away.
- range L–H: on target when L ≤ value ≤ H. Outside it, the distance is measured from the
  nearer end (below: value ≥ 0.85 × L is within; above: value ≤ 1.15 × H is within).
  Where the indicator says which way is better, going past the range that way is on target
  (100% of child protection reviews on time against "90-95%" has not missed the target).
- monitor / blank: no RAG. Missing, "NYA" and blank months: no RAG.

Direction of travel compares the current month with the previous one: ▲ when the figure
rose, ▼ when it fell, ◀ ▶ when it is the same; the judgement (improved / declined / same)
follows the indicator's "better" direction, and is None when neither way is better or
either month has no figure.
"""

from decimal import Decimal

ON_TARGET = "on_target"
WITHIN_15 = "within_15"
BEYOND_15 = "beyond_15"

TOLERANCE = Decimal("0.15")

# The key as the seed prints it, with a symbol so colour is never the only signal.
RAG_LEVELS = {
    ON_TARGET: {"label": "On target", "short": "On target", "symbol": "✓"},
    WITHIN_15: {"label": "Within 15% of target", "short": "Within 15%", "symbol": "≈"},
    BEYOND_15: {
        "label": "More than 15% from target",
        "short": "Over 15% from target",
        "symbol": "✕",
    },
}

UP, DOWN, SAME = "▲", "▼", "◀ ▶"
IMPROVED, DECLINED, UNCHANGED = "improved", "declined", "same"

JUDGEMENT_LABELS = {
    IMPROVED: "Improved",
    DECLINED: "Declined",
    UNCHANGED: "No change",
    None: "",
}


def figure(value):
    """The number behind a value: an IndicatorValue, a Decimal/int, or None.

    Missing, "NYA" and blank months have no figure.
    """
    if value is None:
        return None
    if hasattr(value, "status"):
        return value.value if value.status == "value" else None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | str):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    raise TypeError(f"Not a scorecard value: {value!r}")


def _floor(v, low):
    if v >= low:
        return ON_TARGET
    return WITHIN_15 if v >= low * (1 - TOLERANCE) else BEYOND_15


def _ceiling(v, high):
    if v <= high:
        return ON_TARGET
    return WITHIN_15 if v <= high * (1 + TOLERANCE) else BEYOND_15


def rag_for(indicator, value):
    """ "on_target", "within_15", "beyond_15", or None (monitor-only, or no figure)."""
    v = figure(value)
    kind = indicator.target_kind
    if v is None or kind == "monitor":
        return None
    low, high = indicator.target_low, indicator.target_high
    if kind == "at_least":
        return None if low is None else _floor(v, low)
    if kind == "at_most":
        return None if high is None else _ceiling(v, high)
    if kind == "per_month":
        if low is None:
            return None
        return _ceiling(v, low) if indicator.better == "lower" else _floor(v, low)
    if kind == "range":
        if low is None or high is None:
            return None
        if low <= v <= high:
            return ON_TARGET
        if v > high:
            return ON_TARGET if indicator.better == "higher" else _ceiling(v, high)
        return ON_TARGET if indicator.better == "lower" else _floor(v, low)
    return None


def direction_for(indicator, current, previous):
    """{"arrow": "▲" | "▼" | "◀ ▶" | "", "judgement": "improved" | "declined" | "same" | None}."""
    now, before = figure(current), figure(previous)
    if now is None or before is None:
        return {"arrow": "", "judgement": None}
    if now == before:
        return {"arrow": SAME, "judgement": UNCHANGED}
    rose = now > before
    arrow = UP if rose else DOWN
    if indicator.better == "higher":
        judgement = IMPROVED if rose else DECLINED
    elif indicator.better == "lower":
        judgement = DECLINED if rose else IMPROVED
    else:
        judgement = None
    return {"arrow": arrow, "judgement": judgement}
