"""An accessible SVG choropleth of a municipality's districts, in pure Python (no Django).

For the monitoring dashboards: the page shows the map, its legend, a data table and a one-sentence
summary; it works offline (no tiles, no scripts) and under a CSP without inline styles.

* **Projection**: equirectangular with a cos(latitude) correction at the middle latitude, fitted to
  ``width`` with padding; path coordinates are rounded to one decimal. At the scale of one
  municipality the distortion is negligible and the output is small and deterministic.
* **Classes**: equal-interval breaks on whole numbers, from the lowest to the highest shown count,
  all classes the same width (the last one may be cut off at the maximum). Not quantiles: district
  counts are small, skewed and full of ties (many zeros), so quantile breaks collapse into duplicate
  or fractional bounds and jump from month to month; equal intervals give a legend that reads as
  plain ranges ("0–2", "3–5", ...) and stays comparable between periods. Suppressed values
  (a string marker such as "< 5") and missing values (``None``) are left out of the breaks.
* **Colours** are CSS classes only (``choropleth-c0`` .. ``choropleth-c4``, ``choropleth-none``,
  ``choropleth-suppressed``); the site puts :data:`CHOROPLETH_CSS` in its stylesheet. The only SVG
  presentation attributes (not styles, so a CSP without 'unsafe-inline' allows them) are the hatch
  pattern reference on suppressed districts (its id is unique per map) and ``visibility="hidden"``
  on the readouts, so the map degrades sensibly without the stylesheet. No ``style`` attribute or
  element anywhere. The border has >= 3:1 contrast with every fill (WCAG 1.4.11, the district shapes);
  3:1 between each pair of adjacent classes is impossible with five classes (3**4 = 81 > 21:1), so
  neighbouring classes differ by about 1.5:1 in lightness and the values themselves are carried by
  the labels, the readout and the data table (WCAG 1.4.1).
* **Accessibility**: ``<svg role="group">`` labelled by its ``<title>`` and described by the summary;
  every district is a link (``link_template``) or a focusable ``<g tabindex="0" role="img">`` with an
  ``aria-label`` and a ``<title>``, so keyboard users can Tab through the districts; a visible readout
  strip under the map shows the focused or hovered district's value for sighted keyboard users.

``Choropleth.svg`` is escaped markup: a Django template may output it with ``mark_safe``/``|safe``.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

__all__ = [
    "BORDER_COLOUR",
    "CHOROPLETH_CSS",
    "NONE_COLOUR",
    "PALETTE",
    "Choropleth",
    "LegendEntry",
    "TableRow",
    "contrast_ratio",
    "load_features",
    "render_choropleth",
]

# Sequential single-hue blue (interpolated on ColorBrewer "Blues", colour-blind safe because only
# lightness carries the order), lightest to darkest, evenly spaced in relative luminance.
PALETTE: tuple[str, ...] = ("#dfecf7", "#99c8e0", "#5fa6d1", "#3585bf", "#1866ac")
BORDER_COLOUR = "#0b0c0c"  # >= 3:1 against every fill, the hatch and the page background
NONE_COLOUR = "#ffffff"  # no data: white inside a border, unlike the lightest (blue) class
HATCH_BACKGROUND = "#ffffff"
HATCH_LINE = "#6f6f6f"
PADDING = 8
READOUT_HEIGHT = 28
MARKER_RADIUS = 6

CSS_NONE = "choropleth-none"
CSS_SUPPRESSED = "choropleth-suppressed"

NONE_TEXT = "geen gegevens"

Projector = Callable[[float, float], tuple[float, float]]


def _css_class(slot: int) -> str:
    return f"choropleth-c{slot}"


def _build_css() -> str:
    lines = [
        "/* Choropleth (schakel.monitoring.choropleth): colours as classes, no inline styles. */",
        ".choropleth { display: block; max-inline-size: 100%; block-size: auto; }",
        f".choropleth-district path {{ stroke: {BORDER_COLOUR}; stroke-width: 1px; stroke-linejoin: round;"
        " vector-effect: non-scaling-stroke; fill-rule: evenodd; }",
        ".choropleth-district { cursor: pointer; }",
        ".choropleth-district:hover path { stroke-width: 3px; }",
        f".choropleth-district:focus-visible {{ outline: 3px solid {BORDER_COLOUR}; outline-offset: 2px; }}",
        f".choropleth-district:focus-visible path {{ stroke: {BORDER_COLOUR}; stroke-width: 5px; }}",
        ".choropleth-district:focus-visible + .choropleth-readout,"
        " .choropleth-district:hover + .choropleth-readout { visibility: visible; }",
        ".choropleth-readout { pointer-events: none; }",
        ".choropleth-readout-bg { fill: #ffffff; }",
        f".choropleth-readout-text {{ fill: {BORDER_COLOUR}; font-size: 15px; font-weight: 600; }}",
    ]
    for slot, colour in enumerate(PALETTE):
        lines.append(f".{_css_class(slot)} {{ fill: {colour}; background-color: {colour}; }}")
    lines += [
        f".{CSS_NONE} {{ fill: {NONE_COLOUR}; background-color: {NONE_COLOUR}; }}",
        f".{CSS_SUPPRESSED} {{ fill: {HATCH_BACKGROUND}; background: repeating-linear-gradient(45deg,"
        f" {HATCH_BACKGROUND} 0 3px, {HATCH_LINE} 3px 4px); }}",
        f".choropleth-hatch-bg {{ fill: {HATCH_BACKGROUND}; }}",
        f".choropleth-hatch-line {{ stroke: {HATCH_LINE}; stroke-width: 1.5px; }}",
        '/* Legend swatch: <span class="choropleth-swatch choropleth-c2"></span> */',
        f".choropleth-swatch {{ display: inline-block; inline-size: 1.5em; block-size: 1em;"
        f" border: 1px solid {BORDER_COLOUR}; vertical-align: middle; margin-inline-end: 0.5em; }}",
        "@media (forced-colors: active) {",
        "  .choropleth-district path { stroke: CanvasText; }",
        "  .choropleth-district:focus-visible path { stroke: Highlight; }",
        "}",
    ]
    return "\n".join(lines) + "\n"


#: Stylesheet for the map, its legend swatches and focus; include it in the site's CSS file.
CHOROPLETH_CSS = _build_css()


class LegendEntry(NamedTuple):
    label: str
    css_class: str


class TableRow(NamedTuple):
    code: str
    name: str
    value: str


@dataclass(frozen=True)
class Choropleth:
    svg: str
    legend: list[LegendEntry]
    rows: list[TableRow]
    summary: str
    width: int
    height: int
    dom_id: str
    #: Value keys that match no feature (e.g. a district code from another CBS year).
    unmapped: tuple[str, ...] = ()
    #: Districts without drawable area: drawn as a small diamond marker, or (no geometry) only in the table.
    no_area: tuple[str, ...] = ()


@dataclass(frozen=True)
class _District:
    code: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]
    value: int | None
    suppressed: bool


def load_features(path: str | Path) -> list[dict[str, Any]]:
    """The features of a GeoJSON FeatureCollection file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError("verwacht een GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list):
        raise ValueError("GeoJSON zonder features")
    return features


def contrast_ratio(colour_a: str, colour_b: str) -> float:
    """WCAG 2 contrast ratio between two ``#rrggbb`` colours."""
    high, low = sorted((_luminance(colour_a), _luminance(colour_b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _luminance(colour: str) -> float:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise ValueError(f"geen #rrggbb-kleur: {colour!r}")

    def channel(index: int) -> float:
        c = int(colour[1 + 2 * index : 3 + 2 * index], 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)


def render_choropleth(
    features: Sequence[Mapping[str, Any]],
    values: Mapping[str, int | str | None],
    *,
    title: str,
    value_label: str,
    width: int = 640,
    classes: int = 5,
    link_template: str | None = None,
    suppressed_text: str = "< 5",
    value_label_one: str | None = None,
    dom_id: str | None = None,
) -> Choropleth:
    """Render the districts in ``features`` coloured by ``values`` (keyed by ``statcode``).

    A value is a non-negative count, ``None`` (no data; a missing key means the same) or any string
    (a suppressed small number, shown as ``suppressed_text``). ``value_label`` is the plural unit
    ("signalen"), ``value_label_one`` the singular ("signaal") when it differs. ``link_template``
    (e.g. ``"/signalen/?district={code}"``) turns each district into a link. Districts keep the
    order of ``features`` in the table and on the map (Tab order); a district without drawable area
    comes last on the map as a small diamond marker (see ``Choropleth.no_area``).
    """
    if width <= 2 * PADDING + 1:
        raise ValueError(f"width moet groter zijn dan {2 * PADDING + 1}")
    if not 1 <= classes <= len(PALETTE):
        raise ValueError(f"classes moet tussen 1 en {len(PALETTE)} liggen")
    if link_template is not None and "{code}" not in link_template:
        raise ValueError("link_template moet {code} bevatten")
    if dom_id is None:
        dom_id = "choropleth-" + hashlib.sha256(f"{title}\x00{value_label}".encode()).hexdigest()[:10]
    elif not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", dom_id):
        raise ValueError("dom_id moet een geldige id zijn (letter, dan letters, cijfers, - of _)")

    districts = _districts(features, values)
    known = {d.code for d in districts}
    unmapped = tuple(sorted(code for code in values if code not in known))
    no_area: list[str] = []

    def label(value: int) -> str:
        unit = value_label_one if value == 1 and value_label_one is not None else value_label
        return f"{_number(value)} {unit}"

    counts = [d.value for d in districts if d.value is not None and not d.suppressed]
    breaks = _equal_interval(counts, classes)
    slots = _slots(breaks)

    def css_class(district: _District) -> str:
        if district.suppressed:
            return CSS_SUPPRESSED
        if district.value is None:
            return CSS_NONE
        return slots[_class_index(district.value, breaks)]

    def display(district: _District) -> str:
        if district.suppressed:
            return suppressed_text
        if district.value is None:
            return NONE_TEXT
        return _number(district.value)

    def spoken(district: _District) -> str:
        if district.suppressed:
            return f"{district.name}: {suppressed_text} {value_label} (afgeschermd)"
        if district.value is None:
            return f"{district.name}: {NONE_TEXT}"
        return f"{district.name}: {label(district.value)}"

    legend = [LegendEntry(_range_label(lo, hi), slot) for (lo, hi), slot in zip(breaks, slots, strict=True)]
    if any(d.suppressed for d in districts):
        legend.append(LegendEntry(f"{suppressed_text} (afgeschermd)", CSS_SUPPRESSED))
    if any(d.value is None and not d.suppressed for d in districts):
        legend.append(LegendEntry(NONE_TEXT.capitalize(), CSS_NONE))

    rows = [TableRow(d.code, d.name, display(d)) for d in districts]
    summary = _summary(districts, value_label, suppressed_text)

    project, map_height = _projection([d.rings for d in districts], width)
    height = map_height + READOUT_HEIGHT
    e = _escape
    hatch_id = f"{dom_id}-hatch"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="choropleth" id="{e(dom_id)}" role="group"'
        f' aria-labelledby="{e(dom_id)}-title" aria-describedby="{e(dom_id)}-desc"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f'<title id="{e(dom_id)}-title">{e(title)}</title>',
        f'<desc id="{e(dom_id)}-desc">{e(summary)}</desc>',
        f'<defs><pattern id="{e(hatch_id)}" patternUnits="userSpaceOnUse" width="6" height="6"'
        ' patternTransform="rotate(45)"><rect class="choropleth-hatch-bg" width="6" height="6"/>'
        '<line class="choropleth-hatch-line" x1="1" y1="0" x2="1" y2="6"/></pattern></defs>',
    ]
    areas: list[str] = []
    markers: list[str] = []  # drawn after the areas, so no neighbour covers them
    for district in districts:
        path, marker = _path(district.rings, project)
        if marker or not path:
            no_area.append(district.code)
        if not path:
            continue  # no geometry at all: the district is only in the table
        text = spoken(district)
        common = f'class="choropleth-district {css_class(district)}" data-code="{e(district.code)}"'
        path_attrs = f' fill="url(#{e(hatch_id)}) {HATCH_BACKGROUND}"' if district.suppressed else ""
        inner = f'<title>{e(text)}</title><path d="{path}"{path_attrs}/>'
        if link_template is not None:
            href = link_template.replace("{code}", quote(district.code, safe=""))
            element = f'<a {common} href="{e(href)}" aria-label="{e(text)}">{inner}</a>'
        else:
            element = f'<g {common} tabindex="0" role="img" aria-label="{e(text)}">{inner}</g>'
        # The readout follows its district, so CSS can show it on :focus-visible/:hover ("+" selector).
        readout = (
            f'<g class="choropleth-readout" visibility="hidden" aria-hidden="true">'
            f'<rect class="choropleth-readout-bg" x="0" y="{map_height}" width="{width}" height="{READOUT_HEIGHT}"/>'
            f'<text class="choropleth-readout-text" x="{PADDING}" y="{map_height + READOUT_HEIGHT - 9}">'
            f"{e(text)}</text></g>"
        )
        (markers if marker else areas).extend((element, readout))
    parts += areas + markers
    parts.append("</svg>")
    return Choropleth(
        svg="\n".join(parts),
        legend=legend,
        rows=rows,
        summary=summary,
        width=width,
        height=height,
        dom_id=dom_id,
        unmapped=unmapped,
        no_area=tuple(no_area),
    )


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _districts(features: Sequence[Mapping[str, Any]], values: Mapping[str, int | str | None]) -> list[_District]:
    districts: list[_District] = []
    seen: set[str] = set()
    for index, feature in enumerate(features):
        properties = feature.get("properties") or {}
        code, name = properties.get("statcode"), properties.get("statnaam")
        if not isinstance(code, str) or not code or not isinstance(name, str) or not name:
            raise ValueError(f"feature {index} mist statcode of statnaam")
        if code in seen:
            raise ValueError(f"statcode {code} komt twee keer voor")
        seen.add(code)
        raw = values.get(code)
        if isinstance(raw, bool) or not (raw is None or isinstance(raw, int | str)):
            raise TypeError(f"waarde voor {code} moet een geheel getal, None of een tekst zijn")
        if isinstance(raw, int) and raw < 0:
            raise ValueError(f"waarde voor {code} is negatief")
        suppressed = isinstance(raw, str)
        count = raw if isinstance(raw, int) else None
        districts.append(_District(code, name, _rings(feature.get("geometry"), code), count, suppressed))
    return districts


def _rings(geometry: Mapping[str, Any] | None, code: str) -> tuple[tuple[tuple[float, float], ...], ...]:
    if geometry is None:
        return ()
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    polygons: Any
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        polygons = coordinates
    else:
        raise ValueError(f"geometrie van {code} is {kind}, verwacht Polygon of MultiPolygon")
    try:
        return tuple(
            tuple((float(point[0]), float(point[1])) for point in ring) for polygon in polygons for ring in polygon
        )
    except (TypeError, ValueError, IndexError) as error:
        raise ValueError(f"ongeldige coördinaten voor {code}") from error


def _projection(all_rings: Iterable[tuple[tuple[tuple[float, float], ...], ...]], width: int) -> tuple[Projector, int]:
    points = [point for rings in all_rings for ring in rings for point in ring]
    if not points:
        return (lambda lon, lat: (float(PADDING), float(PADDING))), 2 * PADDING
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    correction = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = (max_lon - min_lon) * correction
    span_y = max_lat - min_lat
    inner = width - 2 * PADDING
    scale = inner / span_x if span_x > 0 else (inner / span_y if span_y > 0 else 1.0)
    offset_x = PADDING + (inner - span_x * scale) / 2  # centres a degenerate (zero-width) extent

    def project(lon: float, lat: float) -> tuple[float, float]:
        return offset_x + (lon - min_lon) * correction * scale, PADDING + (max_lat - lat) * scale

    return project, math.ceil(span_y * scale) + 2 * PADDING


def _path(rings: tuple[tuple[tuple[float, float], ...], ...], project: Projector) -> tuple[str, bool]:
    """SVG path data for the rings and whether it is a stand-in marker.

    A district whose geometry has no area after projection (a degenerate ring, as Geitenkamp in the
    2024 reference file: two distinct points) gets a small diamond at the mean of its points, so it
    keeps its colour, its focus stop and its pointer target; ``Choropleth.no_area`` lists it.
    """
    commands: list[str] = []
    projected: list[tuple[float, float]] = []
    for ring in rings:
        points: list[tuple[float, float]] = []
        for lon, lat in ring:
            x, y = project(lon, lat)
            point = (round(x, 1), round(y, 1))
            projected.append(point)
            if not points or points[-1] != point:
                points.append(point)
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()  # GeoJSON rings repeat the first point; Z closes the ring
        if len(points) >= 3 and _area(points) > 0:
            commands.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    if commands or not projected:
        return "".join(commands), False
    cx = sum(x for x, _ in projected) / len(projected)
    cy = sum(y for _, y in projected) / len(projected)
    r = MARKER_RADIUS
    diamond = [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
    return "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in diamond) + "Z", True


def _area(points: Sequence[tuple[float, float]]) -> float:
    """Absolute shoelace area of a closed ring."""
    pairs = zip(points, [*points[1:], points[0]], strict=True)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs)) / 2


def _equal_interval(counts: Sequence[int], classes: int) -> list[tuple[int, int]]:
    """Whole-number classes of equal width from min to max: [(low, high), ...], both inclusive."""
    if not counts:
        return []
    low, high = min(counts), max(counts)
    span = high - low + 1
    step = -(-span // classes)  # ceil
    return [(start, min(start + step - 1, high)) for start in range(low, high + 1, step)]


def _slots(breaks: Sequence[tuple[int, int]]) -> list[str]:
    """Spread n classes over the palette, so the top class is always the darkest colour."""
    n, top = len(breaks), len(PALETTE) - 1
    if n == 1:
        return [_css_class(0 if breaks[0][1] == 0 else top // 2)]
    return [_css_class(round(i * top / (n - 1))) for i in range(n)]


def _class_index(value: int, breaks: Sequence[tuple[int, int]]) -> int:
    for index, (_low, high) in enumerate(breaks):
        if value <= high:
            return index
    return len(breaks) - 1


def _range_label(low: int, high: int) -> str:
    return _number(low) if low == high else f"{_number(low)}–{_number(high)}"


def _districts_word(n: int) -> str:
    return f"{_number(n)} wijk" if n == 1 else f"{_number(n)} wijken"


def _names(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " en " + names[-1]


def _summary(districts: Sequence[_District], value_label: str, suppressed_text: str) -> str:
    if not districts:
        return "Geen wijken om te tonen."
    shown = [d for d in districts if d.value is not None and not d.suppressed]
    zero = sum(1 for d in shown if d.value == 0)
    suppressed = sum(1 for d in districts if d.suppressed)
    missing = sum(1 for d in districts if d.value is None and not d.suppressed)
    clauses: list[str] = []
    highest = max((d.value for d in shown if d.value is not None), default=0)
    if highest > 0:
        top = [d.name for d in shown if d.value == highest]
        where = _names(top) if len(top) <= 3 else _districts_word(len(top))
        clauses.append(f"Hoogste aantal in {where} ({_number(highest)})")
        if zero:
            clauses.append(f"{_districts_word(zero)} zonder {value_label}")
    elif zero:
        clauses.append(f"Geen {value_label} in {_districts_word(zero)}")
    if suppressed:
        clauses.append(f"{_districts_word(suppressed)} met {suppressed_text} {value_label} (afgeschermd)")
    if missing:
        clauses.append(f"{_districts_word(missing)} zonder gegevens")
    sentence = "; ".join(clauses)
    return sentence[0].upper() + sentence[1:] + "."
