"""Geometry for the trend charts; templates draw the SVG from these numbers.

Nothing here needs JavaScript or a charting library: ``trend_chart`` turns an indicator
row (tables.indicator_row) into points, line segments (broken at blank and NYA months),
a target line or band, the SN average line and axis ticks, all in SVG user units.
``sparkline`` does the same, smaller and without axes, for area pages.
"""

from decimal import Decimal

from .rag import RAG_LEVELS


def _nice_step(span, ticks=5):
    """A round tick step (1, 2, 2.5 or 5 × 10ⁿ) giving about ``ticks`` intervals."""
    if span <= 0:
        return Decimal(1)
    raw = Decimal(span) / ticks
    exponent = raw.adjusted()
    base = Decimal(10) ** exponent
    for m in (1, 2, Decimal("2.5"), 5, 10):
        if raw <= base * m:
            return base * m
    return base * 10  # pragma: no cover - the loop always returns


def _fmt(value, unit):
    text = format(Decimal(value).normalize(), "f")
    if unit == "percentage":
        return f"{text}%"
    return text


def _target_marks(indicator):
    low, high = indicator.target_low, indicator.target_high
    kind = indicator.target_kind
    if kind == "range" and low is not None and high is not None:
        return {"band": (low, high)}
    if kind in ("at_least", "per_month") and low is not None:
        return {"line": low}
    if kind == "at_most" and high is not None:
        return {"line": high}
    return {}


def trend_chart(row, *, width=640, height=320, left=60, right=16, top=16, bottom=40):
    """Everything the chart template needs for one indicator row."""
    indicator = row["indicator"]
    cells = row["cells"]
    figures = [c["value"] for c in cells if c["value"] is not None]
    marks = _target_marks(indicator)
    reference = list(figures)
    if "line" in marks:
        reference.append(marks["line"])
    if "band" in marks:
        reference.extend(marks["band"])
    if indicator.sn_average is not None:
        reference.append(indicator.sn_average)
    plot_w, plot_h = width - left - right, height - top - bottom
    if reference:
        lo, hi = min(reference), max(reference)
    else:
        lo, hi = Decimal(0), Decimal(1)
    # Counts and percentages read best from zero unless the figures sit far above it.
    if lo >= 0 and (hi == 0 or lo / (hi or 1) < Decimal("0.5")):
        lo = Decimal(0)
    if hi == lo:
        hi = lo + (abs(lo) or 1)
    step = _nice_step(hi - lo)
    lo = (lo / step).to_integral_value(rounding="ROUND_FLOOR") * step
    hi = (hi / step).to_integral_value(rounding="ROUND_CEILING") * step
    if hi == lo:
        hi = lo + step

    def y(value):
        return round(float(top + plot_h - (Decimal(value) - lo) / (hi - lo) * plot_h), 1)

    n = len(cells)
    gap = plot_w / n

    def x(index):
        return round(left + gap * (index + 0.5), 1)

    points, segments, current = [], [], []
    for i, cell in enumerate(cells):
        if cell["value"] is None:
            if current:
                segments.append(current)
            current = []
            continue
        point = {
            "x": x(i),
            "y": y(cell["value"]),
            "cell": cell,
            "rag": cell["rag"] or "none",
            "label": f"{cell['month_label']}: {cell['text']}"
            + (f", {RAG_LEVELS[cell['rag']]['label'].lower()}" if cell["rag"] else ""),
        }
        points.append(point)
        current.append(point)
    if current:
        segments.append(current)
    lines = [" ".join(f"{p['x']},{p['y']}" for p in seg) for seg in segments if len(seg) > 1]

    ticks = []
    value = lo
    while value <= hi:
        ticks.append({"y": y(value), "label": _fmt(value, indicator.unit)})
        value += step
    # Label every month up to a year, then every second, then every sixth, counting back
    # from the latest so it is always labelled.
    show_every = 1 if n <= 12 else (2 if n <= 24 else 6)
    months = [
        {"x": x(i), "label": c["month_label"], "show": (n - 1 - i) % show_every == 0}
        for i, c in enumerate(cells)
    ]
    gaps = [
        {"x": x(i), "label": "NYA" if c["status"] == "nya" else "–", "status": c["status"]}
        for i, c in enumerate(cells)
        if c["value"] is None
    ]
    target = {}
    if "line" in marks:
        target = {"kind": "line", "y": y(marks["line"]), "label": f"Target {row['target_text']}"}
    elif "band" in marks:
        a, b = y(marks["band"][1]), y(marks["band"][0])
        target = {
            "kind": "band",
            "y": a,
            "height": round(b - a, 1),
            "label": f"Target {row['target_text']}",
        }
    sn = {}
    if indicator.sn_average is not None:
        sn = {"y": y(indicator.sn_average), "label": f"SN av {indicator.sn_average_text}"}
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "plot_width": plot_w,
        "middle": left + plot_w // 2,
        "top": top,
        "bottom": top + plot_h,
        "points": points,
        "lines": lines,
        "ticks": ticks,
        "months": months,
        "gaps": gaps,
        "target": target,
        "sn": sn,
        "has_figures": bool(figures),
    }


def sparkline(row, *, width=120, height=32, pad=4):
    """A small trend line: points and segments only, scaled to the figures shown."""
    cells = row["cells"]
    figures = [c["value"] for c in cells if c["value"] is not None]
    if not figures:
        return {"width": width, "height": height, "lines": [], "last": None}
    lo, hi = min(figures), max(figures)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    n = len(cells)

    def x(i):
        return round(pad + (width - 2 * pad) * (i / max(n - 1, 1)), 1)

    def y(v):
        return round(float(height - pad - (v - lo) / (hi - lo) * (height - 2 * pad)), 1)

    segments, current, last = [], [], None
    for i, cell in enumerate(cells):
        if cell["value"] is None:
            if current:
                segments.append(current)
            current = []
            continue
        last = {"x": x(i), "y": y(cell["value"]), "rag": cell["rag"] or "none"}
        current.append(f"{last['x']},{last['y']}")
    if current:
        segments.append(current)
    return {
        "width": width,
        "height": height,
        "lines": [" ".join(s) for s in segments if len(s) > 1],
        "dots": [s[0] for s in segments if len(s) == 1],
        "last": last,
    }
