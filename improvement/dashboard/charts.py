"""Geometry for the dashboard's charts; templates draw the SVG from these numbers.

As the scorecard's charts (``scorecard/charts.py``): no JavaScript, no charting library,
everything in SVG user units, colours as presentation attributes (``fill=``), which the
pages' Content-Security-Policy does not govern and WeasyPrint draws in the pack. Every
chart has its data table beside it, which holds every figure and its link.
"""

LABEL_CHARS = 32


def short(text, limit=LABEL_CHARS):
    """A label that fits the chart's label column; the full text is in the table."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _axis_x(left, width, top, bottom):
    """Ticks at 0, 25, 50, 75 and 100 per cent across the plot's width."""
    return [
        {"x": round(left + width * p / 100, 1), "label": f"{p}%", "top": top, "bottom": bottom}
        for p in (0, 25, 50, 75, 100)
    ]


def line_chart(points, *, width=640, height=280, left=48, right=40, top=16, bottom=56):
    """Percentage complete over time: ``points`` (progress.Point, oldest first) placed by
    their day, y from 0 to 100%."""
    plot_w, plot_h = width - left - right, height - top - bottom
    if not points:
        return {"width": width, "height": height, "middle": width // 2, "points": [], "line": ""}
    first, last = points[0].day, points[-1].day
    span = (last - first).days or 1

    def x(day):
        if first == last:
            return round(left + plot_w / 2, 1)
        return round(left + plot_w * (day - first).days / span, 1)

    def y(percent):
        return round(top + plot_h - plot_h * percent / 100, 1)

    placed = [
        {
            "x": x(p.day),
            "y": y(p.percent),
            "point": p,
            "label": f"{p.long_day}: {p.percent}% complete ({p.complete} of {p.total})",
        }
        for p in points
    ]
    # The percentage over each point that has room for it (always the last).
    room = 34
    shown_x = None
    for q in reversed(placed):
        q["show_value"] = shown_x is None or shown_x - q["x"] >= room
        if q["show_value"]:
            shown_x = q["x"]
    # Days under the axis where there is room, counting back from the last point's.
    marks, shown_x = [], None
    for q in reversed(placed):
        if shown_x is None or shown_x - q["x"] >= 64:
            day = q["point"].day
            marks.append({"x": q["x"], "label": f"{day.day} {day:%b %y}"})
            shown_x = q["x"]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "top": top,
        "bottom": top + plot_h,
        "points": placed,
        "line": " ".join(f"{q['x']},{q['y']}" for q in placed),
        "ticks": [{"y": y(p), "label": f"{p}%"} for p in (0, 25, 50, 75, 100)],
        "marks": marks,
        "label_y": top + plot_h + 20,
        "middle": width // 2,
    }


def stacked_bars(groups, levels, *, width=640, label_width=290, bar=18, gap=8, top=8):
    """One horizontal bar per group, split by rating level, each bar the group's share
    of its own actions (so groups of different sizes compare by their mix).

    ``groups``: [{"label", "counts": {level id: n}, "total"}]; ``levels``: the scale in
    order (each with ``pk``, ``hex_colour``, ``name``)."""
    left = label_width
    plot_w = width - left - 16
    rows = []
    for i, group in enumerate(groups):
        y = top + i * (bar + gap)
        x, segments = float(left), []
        total = group["total"] or 1
        for level in levels:
            n = group["counts"].get(level.pk, 0)
            if not n:
                continue
            w = plot_w * n / total
            segments.append(
                {
                    "x": round(x, 1),
                    "width": round(w, 1),
                    "fill": level.hex_colour,
                    "title": f"{group['label']}: {n} {level.name}",
                }
            )
            x += w
        rows.append(
            {
                "y": y,
                "text_y": y + bar / 2,
                "label": short(group["label"]),
                "full": group["label"],
                "segments": segments,
                "total": group["total"],
            }
        )
    bottom = top + len(groups) * (bar + gap)
    return {
        "width": width,
        "height": bottom + 24,
        "left": left,
        "bar": bar,
        "rows": rows,
        "ticks": _axis_x(left, plot_w, top, bottom),
        "label_y": bottom + 16,
        "right": width - 16,
    }


def bars(items, *, width=640, label_width=250, bar=18, gap=8, top=8):
    """Plain horizontal bars: ``items`` [{"label", "value", "fill"}], scaled to the
    largest value (at least 1), each with its figure printed at its end."""
    left = label_width
    plot_w = width - left - 56
    most = max([item["value"] for item in items] + [1])
    rows = []
    for i, item in enumerate(items):
        y = top + i * (bar + gap)
        w = round(plot_w * item["value"] / most, 1)
        rows.append(
            {
                "y": y,
                "text_y": y + bar / 2,
                "label": short(item["label"]),
                "full": item["label"],
                "width": w,
                "fill": item["fill"],
                "value": item["value"],
                "value_x": round(left + w + 6, 1),
            }
        )
    bottom = top + len(items) * (bar + gap)
    return {"width": width, "height": bottom + 8, "left": left, "bar": bar, "rows": rows}
