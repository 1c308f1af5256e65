"""The district choropleth for the monitoring dashboards: pure Python, no database."""

from __future__ import annotations

import copy
import itertools
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from schakel.monitoring.choropleth import (
    BORDER_COLOUR,
    CHOROPLETH_CSS,
    HATCH_BACKGROUND,
    NONE_COLOUR,
    PALETTE,
    Choropleth,
    LegendEntry,
    TableRow,
    contrast_ratio,
    load_features,
    render_choropleth,
)

GEOJSON = Path(__file__).resolve().parent.parent / "schakel" / "reference_data" / "arnhem-wijken.geojson"
SVG = "{http://www.w3.org/2000/svg}"
KLARENDAL = "WK020207"
CENTRUM = "WK020201"
SPIJKERKWARTIER = "WK020202"
GEITENKAMP = "WK020210"


@pytest.fixture(scope="module")
def features() -> list[dict[str, Any]]:
    return load_features(GEOJSON)


@pytest.fixture(scope="module")
def values(features: list[dict[str, Any]]) -> dict[str, int | str | None]:
    """0..12 over the districts (Klarendal 12, the only maximum), one suppressed, one without data."""
    counts: dict[str, int | str | None] = {}
    for index, feature in enumerate(features):
        counts[feature["properties"]["statcode"]] = index % 12  # 0..11
    counts[KLARENDAL] = 12
    counts[CENTRUM] = "<5"
    counts[SPIJKERKWARTIER] = None
    return counts


def render(features: list[dict[str, Any]], values: dict[str, int | str | None], **kwargs: Any) -> Choropleth:
    options: dict[str, Any] = {"title": "Signalen per wijk", "value_label": "signalen"}
    options.update(kwargs)
    return render_choropleth(features, values, **options)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well-formed XML


def districts(svg: str) -> dict[str, ET.Element]:
    root = parse(svg)
    return {el.attrib["data-code"]: el for el in root.iter() if "data-code" in el.attrib}


def css_class(element: ET.Element) -> str:
    (colour,) = [c for c in element.attrib["class"].split() if c != "choropleth-district"]
    return colour


def test_real_geojson_renders_24_focusable_districts(features: list[dict[str, Any]], values: dict) -> None:
    assert len(features) == 24
    root = parse(render(features, values).svg)

    assert root.tag == f"{SVG}svg"
    assert root.attrib["role"] == "group"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Signalen per wijk"
    assert root.attrib["aria-labelledby"] == title.attrib["id"]
    focusable = [el for el in root.iter() if el.attrib.get("tabindex") == "0"]
    assert len(focusable) == 24
    for element in focusable:
        assert element.tag == f"{SVG}g"
        label = element.attrib["aria-label"]
        child_title = element.find(f"{SVG}title")
        assert child_title is not None and child_title.text == label
        assert element.find(f"{SVG}path") is not None
    assert {el.attrib["data-code"] for el in focusable} == {f["properties"]["statcode"] for f in features}


def test_links_when_a_template_is_given(features: list[dict[str, Any]], values: dict) -> None:
    chart = render(features, values, link_template="/signalen/?district={code}&periode=2025")
    root = parse(chart.svg)

    links = root.findall(f"{SVG}a")
    assert len(links) == 24
    assert not [el for el in root.iter() if "tabindex" in el.attrib]  # links are focusable by themselves
    klarendal = districts(chart.svg)[KLARENDAL]
    assert klarendal.tag == f"{SVG}a"
    assert klarendal.attrib["href"] == f"/signalen/?district={KLARENDAL}&periode=2025"
    assert 'href="/signalen/?district=WK020207&amp;periode=2025"' in chart.svg
    assert klarendal.attrib["aria-label"] == "Klarendal: 12 signalen"


def test_link_template_needs_the_code(features: list[dict[str, Any]], values: dict) -> None:
    with pytest.raises(ValueError, match="code"):
        render(features, values, link_template="/signalen/")


def test_values_map_to_equal_interval_classes(features: list[dict[str, Any]], values: dict) -> None:
    chart = render(features, values)
    # 0..12 in five classes of width ceil(13 / 5) = 3.
    assert chart.legend[:5] == [
        LegendEntry("0–2", "choropleth-c0"),
        LegendEntry("3–5", "choropleth-c1"),
        LegendEntry("6–8", "choropleth-c2"),
        LegendEntry("9–11", "choropleth-c3"),
        LegendEntry("12", "choropleth-c4"),
    ]
    expected = {0: "c0", 2: "c0", 3: "c1", 5: "c1", 6: "c2", 8: "c2", 9: "c3", 11: "c3", 12: "c4"}
    elements = districts(chart.svg)
    for code, value in values.items():
        if isinstance(value, int) and value in expected:
            assert css_class(elements[code]) == f"choropleth-{expected[value]}", (code, value)
    assert css_class(elements[KLARENDAL]) == "choropleth-c4"


def test_fewer_classes_spread_over_the_palette(features: list[dict[str, Any]], values: dict) -> None:
    chart = render(features, values, classes=3)
    assert [entry.css_class for entry in chart.legend[:3]] == ["choropleth-c0", "choropleth-c2", "choropleth-c4"]
    assert [entry.label for entry in chart.legend[:3]] == ["0–4", "5–9", "10–12"]
    # Fewer distinct values than classes: one class per value, the top still darkest.
    small = render(features, {KLARENDAL: 2, CENTRUM: 1, SPIJKERKWARTIER: 0})
    assert small.legend[:3] == [
        LegendEntry("0", "choropleth-c0"),
        LegendEntry("1", "choropleth-c2"),
        LegendEntry("2", "choropleth-c4"),
    ]


@pytest.mark.parametrize("classes", [0, 6])
def test_class_count_is_bounded_by_the_palette(features: list[dict[str, Any]], values: dict, classes: int) -> None:
    with pytest.raises(ValueError, match="classes"):
        render(features, values, classes=classes)


def test_suppressed_and_missing_districts(features: list[dict[str, Any]], values: dict) -> None:
    chart = render(features, values)
    elements = districts(chart.svg)

    centrum = elements[CENTRUM]
    assert css_class(centrum) == "choropleth-suppressed"
    assert centrum.attrib["aria-label"] == "Centrum: < 5 signalen (afgeschermd)"
    path = centrum.find(f"{SVG}path")
    assert path is not None
    assert path.attrib["fill"] == f"url(#{chart.dom_id}-hatch) {HATCH_BACKGROUND}"
    assert parse(chart.svg).find(f".//{SVG}pattern[@id='{chart.dom_id}-hatch']") is not None

    spijker = elements[SPIJKERKWARTIER]
    assert css_class(spijker) == "choropleth-none"
    assert spijker.attrib["aria-label"] == "Spijkerkwartier: geen gegevens"

    rows = {row.code: row for row in chart.rows}
    assert rows[CENTRUM] == TableRow(CENTRUM, "Centrum", "< 5")
    assert rows[SPIJKERKWARTIER] == TableRow(SPIJKERKWARTIER, "Spijkerkwartier", "geen gegevens")
    assert rows[KLARENDAL] == TableRow(KLARENDAL, "Klarendal", "12")
    assert chart.legend[5:] == [
        LegendEntry("< 5 (afgeschermd)", "choropleth-suppressed"),
        LegendEntry("Geen gegevens", "choropleth-none"),
    ]


def test_suppressed_values_stay_out_of_the_breaks(features: list[dict[str, Any]]) -> None:
    chart = render(features, {KLARENDAL: 10, CENTRUM: "<5", SPIJKERKWARTIER: 6}, suppressed_text="minder dan 5")
    assert [entry.label for entry in chart.legend] == [
        "6",
        "7",
        "8",
        "9",
        "10",
        "minder dan 5 (afgeschermd)",
        "Geen gegevens",
    ]
    assert districts(chart.svg)[CENTRUM].attrib["aria-label"] == "Centrum: minder dan 5 signalen (afgeschermd)"


def test_missing_keys_mean_no_data_and_unknown_keys_are_reported(features: list[dict[str, Any]]) -> None:
    chart = render(features, {KLARENDAL: 3, "WK999999": 4})
    assert chart.unmapped == ("WK999999",)
    assert sum(1 for row in chart.rows if row.value == "geen gegevens") == 23
    assert chart.summary == "Hoogste aantal in Klarendal (3); 23 wijken zonder gegevens."


def test_names_are_escaped(features: list[dict[str, Any]], values: dict) -> None:
    evil = copy.deepcopy(features[0])
    evil["properties"]["statcode"] = "WK<x>&1"
    evil["properties"]["statnaam"] = '<script>alert("x")</script> & co'
    chart = render(
        [*features, evil],
        {**values, "WK<x>&1": 99},
        title='Kaart <b>"vet"</b>',
        value_label="<i>signalen</i>",
        link_template="/signalen/?district={code}",
    )

    assert "<script" not in chart.svg
    assert "<b>" not in chart.svg and "<i>" not in chart.svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in chart.svg
    root = parse(chart.svg)  # still well-formed
    element = districts(chart.svg)["WK<x>&1"]
    assert element.attrib["aria-label"] == '<script>alert("x")</script> & co: 99 <i>signalen</i>'
    assert element.attrib["href"] == "/signalen/?district=WK%3Cx%3E%261"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == 'Kaart <b>"vet"</b>'
    # The table and summary hold plain text: the template escapes them.
    assert chart.rows[-1].name == '<script>alert("x")</script> & co'
    assert chart.summary.startswith('Hoogste aantal in <script>alert("x")</script> & co (99)')


def test_summary_names_the_highest_district(features: list[dict[str, Any]]) -> None:
    chart = render(features, {KLARENDAL: 12, CENTRUM: 0, SPIJKERKWARTIER: 0, "WK020210": 0, "WK020211": 0})
    assert chart.summary.startswith("Hoogste aantal in Klarendal (12); 4 wijken zonder signalen")

    full = dict.fromkeys((f["properties"]["statcode"] for f in features), 1)
    full.update({KLARENDAL: 12, CENTRUM: 0, SPIJKERKWARTIER: 0, "WK020210": 0, "WK020211": 0})
    assert render(features, full).summary == "Hoogste aantal in Klarendal (12); 4 wijken zonder signalen."


def test_summary_ties_suppression_and_empty_data(features: list[dict[str, Any]]) -> None:
    codes = [f["properties"]["statcode"] for f in features]
    tie = dict.fromkeys(codes, 2)
    tie.update({KLARENDAL: 7, CENTRUM: 7, SPIJKERKWARTIER: "<5"})
    assert render(features, tie).summary == (
        "Hoogste aantal in Centrum en Klarendal (7); 1 wijk met < 5 signalen (afgeschermd)."
    )
    zeros = dict.fromkeys(codes, 0)
    assert render(features, zeros).summary == "Geen signalen in 24 wijken."
    assert render(features, {}).summary == "24 wijken zonder gegevens."
    assert render([], {}).summary == "Geen wijken om te tonen."
    many = dict.fromkeys(codes, 5)
    assert render(features, many).summary == "Hoogste aantal in 24 wijken (5)."


def test_singular_unit_and_dutch_thousands(features: list[dict[str, Any]]) -> None:
    chart = render(features, {KLARENDAL: 1, CENTRUM: 1234}, value_label_one="signaal")
    elements = districts(chart.svg)
    assert elements[KLARENDAL].attrib["aria-label"] == "Klarendal: 1 signaal"
    assert elements[CENTRUM].attrib["aria-label"] == "Centrum: 1.234 signalen"
    assert chart.summary.startswith("Hoogste aantal in Centrum (1.234)")


def test_no_inline_styles(features: list[dict[str, Any]], values: dict) -> None:
    for options in ({}, {"link_template": "/signalen/?district={code}"}):
        svg = render(features, values, **options).svg
        assert "style=" not in svg
        assert "<style" not in svg
        assert "<script" not in svg
        root = parse(svg)
        assert not [el for el in root.iter() if "style" in el.attrib]
        # No external resources: the only url() is the map's own hatch pattern.
        assert re.findall(r"url\(([^)]*)\)", svg) == [f"#{root.attrib['id']}-hatch"]


def test_svg_parses_and_paths_fit_the_viewbox(features: list[dict[str, Any]], values: dict) -> None:
    chart = render(features, values, width=480)
    root = parse(chart.svg)
    assert root.attrib["viewBox"] == f"0 0 480 {chart.height}"
    assert (root.attrib["width"], root.attrib["height"]) == ("480", str(chart.height))

    xs: list[float] = []
    ys: list[float] = []
    for path in root.iter(f"{SVG}path"):
        d = path.attrib["d"]
        assert re.fullmatch(r"(M\d+\.\d \d+\.\d(L\d+\.\d \d+\.\d){2,}Z)+", d)
        numbers = re.findall(r"-?\d+(?:\.\d+)?", d)
        assert all(re.fullmatch(r"\d+\.\d", n) for n in numbers)  # one decimal, never negative
        xs += [float(n) for n in numbers[0::2]]
        ys += [float(n) for n in numbers[1::2]]
    assert 7.5 <= min(xs) <= 8.5 and 471.5 <= max(xs) <= 472.5  # fitted to the width with 8 px padding
    assert 7.5 <= min(ys) <= 8.5 and max(ys) <= chart.height

    # Equirectangular with cos(latitude): the drawing keeps the district's real aspect ratio.
    lons = [p[0] for f in features for p in f["geometry"]["coordinates"][0]]
    lats = [p[1] for f in features for p in f["geometry"]["coordinates"][0]]
    middle = math.radians((min(lats) + max(lats)) / 2)
    expected = (max(lats) - min(lats)) / ((max(lons) - min(lons)) * math.cos(middle))
    assert (max(ys) - min(ys)) / (max(xs) - min(xs)) == pytest.approx(expected, rel=0.01)


def test_multipolygons_draw_every_part(features: list[dict[str, Any]]) -> None:
    feature = copy.deepcopy(features[0])
    ring = feature["geometry"]["coordinates"][0]
    shifted = [[lon + 0.05, lat] for lon, lat in ring]
    feature["geometry"] = {"type": "MultiPolygon", "coordinates": [[ring], [shifted]]}
    chart = render([feature], {CENTRUM: 3})
    path = parse(chart.svg).find(f".//{SVG}path")
    assert path is not None
    assert path.attrib["d"].count("M") == 2
    assert path.attrib["d"].count("Z") == 2


def test_a_district_without_area_stays_on_the_map_as_a_marker(features: list[dict[str, Any]], values: dict) -> None:
    # The reference file's Geitenkamp ring has only two distinct points: no area to fill.
    chart = render(features, values)
    assert chart.no_area == (GEITENKAMP,)
    root = parse(chart.svg)
    focusable = [el for el in root.iter() if el.attrib.get("tabindex") == "0"]
    geitenkamp = focusable[-1]  # after the areas, so no neighbour paints over it
    assert geitenkamp.attrib["data-code"] == GEITENKAMP
    assert geitenkamp.attrib["aria-label"] == "Geitenkamp: 9 signalen"
    assert css_class(geitenkamp) == "choropleth-c3"
    path = geitenkamp.find(f"{SVG}path")
    assert path is not None and path.attrib["d"].count("L") == 3  # a diamond

    # Without any geometry a district is only in the table.
    bare = copy.deepcopy(features[0])
    bare["geometry"] = None
    chart = render([bare, features[6]], {CENTRUM: 4, KLARENDAL: 2})
    assert chart.no_area == (CENTRUM,)
    assert set(districts(chart.svg)) == {KLARENDAL}
    assert [row.code for row in chart.rows] == [CENTRUM, KLARENDAL]


def test_output_is_deterministic(features: list[dict[str, Any]], values: dict) -> None:
    first = render(features, values, link_template="/signalen/?district={code}")
    second = render(
        copy.deepcopy(features), dict(reversed(list(values.items()))), link_template="/signalen/?district={code}"
    )
    assert first == second
    assert first.svg == second.svg
    # Ids are derived from the title, so two different maps on one page do not clash.
    other = render(features, values, title="Andere kaart")
    assert other.dom_id != first.dom_id
    assert render(features, values, dom_id="kaart-1").dom_id == "kaart-1"
    with pytest.raises(ValueError, match="dom_id"):
        render(features, values, dom_id='x" onload="alert(1)')


@pytest.mark.parametrize(
    ("value", "error"),
    [(True, TypeError), (2.5, TypeError), (-1, ValueError)],
)
def test_invalid_values_are_refused(features: list[dict[str, Any]], value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        render(features, {KLARENDAL: value})  # type: ignore[dict-item]


def test_duplicate_codes_and_unknown_geometry_are_refused(features: list[dict[str, Any]]) -> None:
    with pytest.raises(ValueError, match="twee keer"):
        render([features[0], features[0]], {})
    point = copy.deepcopy(features[0])
    point["geometry"] = {"type": "Point", "coordinates": [5.9, 51.98]}
    with pytest.raises(ValueError, match="Point"):
        render([point], {})


def test_palette_is_sequential_and_contrasts_with_the_borders() -> None:
    assert len(PALETTE) == 5
    ratios_to_white = [contrast_ratio(colour, "#ffffff") for colour in PALETTE]
    assert ratios_to_white == sorted(ratios_to_white)  # strictly darker class by class
    for colour in (*PALETTE, NONE_COLOUR, HATCH_BACKGROUND, "#ffffff"):
        assert contrast_ratio(colour, BORDER_COLOUR) >= 3.0, colour
    for lighter, darker in itertools.pairwise(PALETTE):
        # 3:1 between all five neighbours is impossible (3**4 > 21); the border and the table carry it.
        assert contrast_ratio(lighter, darker) >= 1.35, (lighter, darker)
    assert contrast_ratio(PALETTE[0], NONE_COLOUR) >= 1.2


def test_css_defines_every_class_and_keyboard_focus() -> None:
    for slot, colour in enumerate(PALETTE):
        assert f".choropleth-c{slot} {{ fill: {colour};" in CHOROPLETH_CSS
    assert ".choropleth-none {" in CHOROPLETH_CSS
    assert ".choropleth-suppressed {" in CHOROPLETH_CSS
    assert re.search(r"\.choropleth-district:focus-visible \{ outline: 3px solid", CHOROPLETH_CSS)
    assert CHOROPLETH_CSS.count("{") == CHOROPLETH_CSS.count("}")
    assert "url(" not in CHOROPLETH_CSS and "@import" not in CHOROPLETH_CSS  # offline, no external fetches
