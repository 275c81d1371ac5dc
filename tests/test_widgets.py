"""Headless tests of the widgets: set a control's `.value` as a user would, read what the view
computed (its `.model`, `.readout.value`, `.figure`, `.pngs`), as ipywidgets' own
test_interaction.py does. Any warning is an error, and nothing may reach stderr."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

import course.widgets
from course.bench.latency import widget_latencies
from course.formats import FORMATS
from course.plotting import PALETTE, draw_in, show_png
from course.widgets import BitExplorer, UlpRuler, bit_explorer, ulp_ruler
from course.widgets.registry import WIDGETS

REPO = Path(__file__).resolve().parents[1]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_ulp_ruler_starts_on_its_arguments():
    """Does the ruler build headless, as a VBox, showing 0.1 in fp32?"""
    ruler = ulp_ruler()
    assert isinstance(ruler, widgets.VBox) and isinstance(ruler, UlpRuler)
    assert ruler.model.fmt == "fp32" and ruler.model.stored == float(np.float32(0.1))
    assert "0.100000001490116119384765625" in ruler.readout.value
    assert ruler.pngs and ruler.pngs[0].startswith(PNG_SIGNATURE)
    assert "0.10000000149011612" in ruler.figure.axes[0].get_title()
    assert ruler.figure.axes[0].get_xlabel().startswith("offset from the stored value")


def test_ulp_ruler_follows_each_control():
    """Does each control change recompute the model, readout and figure?"""
    ruler = ulp_ruler(0.1, "fp32")
    ruler.format_dropdown.value = "fp16"
    assert ruler.model.fmt == "fp16" and ruler.model.stored == 0.0999755859375
    assert "0.0999755859375" in ruler.readout.value
    ruler.value_text.value = "1e-8"
    assert ruler.model.value == 1e-8 and ruler.model.stored == 0 and ruler.model.underflowed
    assert "underflow" in ruler.readout.value
    ruler.value_text.value = "65519"
    assert ruler.model.stored == 65504 and ruler.model.gap_above == math.inf
    ruler.value_text.value = "65520"
    assert ruler.model.stored == math.inf and ruler.model.overflowed
    assert "overflow" in ruler.readout.value
    ruler.value_text.value = "-0"
    assert ruler.model.is_zero and math.copysign(1, ruler.model.stored) == -1
    ruler.value_text.value = "inf"
    assert ruler.model.is_inf
    ruler.value_text.value = "2**-24"
    ruler.neighbours_slider.value = 7
    assert len(ruler.model.below) == len(ruler.model.above) == 7
    before = ruler.pngs
    ruler.compare_checkbox.value = True
    assert [m.fmt for m in ruler.comparison] == list(FORMATS)
    assert len(ruler.pngs) == 2 and ruler.pngs[0] == before[0]
    ruler.compare_checkbox.value = False
    assert ruler.comparison is None and len(ruler.pngs) == 1


def test_ulp_ruler_reports_bad_text_without_raising():
    """Does unreadable text show an error and keep working afterwards?"""
    ruler = ulp_ruler(0.5, "bf16")
    ruler.value_text.value = "one point five"
    assert ruler.model is None and "text must be a number" in ruler.error
    assert "one point five" in ruler.readout.value and ruler.pngs == ()
    ruler.format_dropdown.value = "e4m3"  # other controls keep working while the text is bad
    assert ruler.model is None
    ruler.value_text.value = "500"
    assert ruler.error == "" and ruler.model.is_nan and ruler.model.overflowed


@pytest.mark.parametrize(
    ("factory", "kwargs", "name"),
    [
        (ulp_ruler, {"fmt": "fp8"}, "fmt"),
        (ulp_ruler, {"value": None}, "value"),
        (ulp_ruler, {"neighbours": 0}, "neighbours"),
        (ulp_ruler, {"neighbours": 2.5}, "neighbours"),
        (bit_explorer, {"fmt": "float16"}, "fmt"),
        (bit_explorer, {"value": [1.0]}, "value"),
    ],
)
def test_factories_reject_bad_arguments(factory, kwargs, name):
    """Is a bad argument (not bad typed text) a ValueError naming it?"""
    with pytest.raises(ValueError, match=name):
        factory(**kwargs)


def test_numbers_start_as_their_exact_float64_text():
    """Does a numpy float32 start value show as the float64 it is, not as "0.1"?"""
    ruler = ulp_ruler(np.float32(0.1), "fp64")
    assert ruler.value_text.value == "0.10000000149011612" and ruler.model.error == 0


def test_bit_explorer_starts_on_its_arguments():
    """Does the explorer build headless with one toggle per bit of fp16?"""
    explorer = bit_explorer()
    assert isinstance(explorer, widgets.VBox) and isinstance(explorer, BitExplorer)
    assert explorer.model.pattern == 0x3C00 and explorer.model.stored == 1.0
    assert len(explorer.bit_buttons) == 16
    assert "".join(b.description for b in explorer.bit_buttons) == "0011110000000000"
    assert [b.value for b in explorer.bit_buttons] == [c == "1" for c in "0011110000000000"]
    assert "(-1)^0 × 2^(15-15) × 1" in explorer.readout.value
    assert explorer.pngs[0].startswith(PNG_SIGNATURE)


def test_clicking_bits_changes_the_value():
    """Does flipping a bit's toggle set the value, the text and the readout?"""
    explorer = bit_explorer(1.0, "fp16")
    explorer.bit_buttons[-1].value = True
    assert explorer.model.stored == 1 + 2**-10
    assert explorer.value_text.value == repr(1 + 2**-10)
    explorer.bit_buttons[0].value = True
    assert explorer.model.stored == -(1 + 2**-10) and explorer.model.sign == "1"
    for button in explorer.bit_buttons[1:6]:  # exponent all ones, mantissa nonzero: NaN
        button.value = True
    assert explorer.model.category == "nan" and explorer.value_text.value == "nan"
    assert explorer.model.pattern == 0xFC01  # the payload survives: the state is the bits
    assert "NaN" in explorer.readout.value


def test_a_click_updates_once_without_loops():
    """Does one click recompute exactly once, although the view writes other controls?"""
    explorer = bit_explorer(3.0, "bf16")
    calls = []
    original = explorer.set_pattern
    explorer.set_pattern = lambda *args, **kwargs: (calls.append(args), original(*args, **kwargs))
    explorer.bit_buttons[5].value = not explorer.bit_buttons[5].value
    assert len(calls) == 1
    explorer.value_text.value = "0.1"
    assert len(calls) == 2 and explorer.value_text.value == "0.1"  # typed text is kept


def test_bit_explorer_text_and_format_changes():
    """Do typed values and format changes reach the bits?"""
    explorer = bit_explorer(1.0, "fp16")
    explorer.value_text.value = "-2**-24"
    assert explorer.model.pattern == 0x8001 and explorer.model.category == "subnormal"
    explorer.value_text.value = "1 + 2^-10"
    explorer.format_dropdown.value = "bf16"  # the value is kept and rounded, not the bits
    assert explorer.model.fmt == "bf16" and explorer.model.stored == 1.0
    assert len(explorer.bit_buttons) == 16 and explorer.value_text.value == "1.0"
    explorer.format_dropdown.value = "fp64"
    assert len(explorer.bit_buttons) == 64 and explorer.model.pattern == 0x3FF0000000000000
    explorer.format_dropdown.value = "e4m3"
    explorer.value_text.value = "500"
    assert explorer.model.category == "nan" and explorer.model.pattern == 0x7F
    explorer.format_dropdown.value = "fp16"  # the fp16 buttons are reused, and in sync
    assert [b.value for b in explorer.bit_buttons] == [c == "1" for c in "0111111000000000"]


def test_bit_explorer_reports_bad_text_without_raising():
    """Does unreadable text show an error and leave the bits as they were?"""
    explorer = bit_explorer(2.0, "fp32")
    explorer.value_text.value = "two"
    assert "text must be a number" in explorer.error and explorer.model.stored == 2.0
    assert "two" in explorer.readout.value
    explorer.bit_buttons[-1].value = True  # a click recovers
    assert explorer.error == "" and explorer.model.stored == float(np.nextafter(np.float32(2), 3))


def test_widget_latencies_measure_every_registered_widget():
    """Does widget_latencies time a real update of each registered widget?"""
    latencies = widget_latencies(repeats=2)
    assert set(latencies) == set(WIDGETS)
    assert all(0 < seconds < 5 for seconds in latencies.values())
    with pytest.raises(ValueError, match="repeats"):
        widget_latencies(repeats=0)


def test_draw_in_closes_its_figures_and_show_png_is_quiet_headless(capsys):
    """Does draw_in leave no open figure behind, and do both helpers print nothing headless?"""
    output = widgets.Output()
    before = plt.get_fignums()
    with draw_in(output):
        plt.plot([0, 1], [0, 1], color=PALETTE[0])
    show_png(output, b"")
    assert plt.get_fignums() == before
    assert capsys.readouterr().out == ""
    assert PALETTE[:2] == ("#006BA4", "#FF800E")  # tableau-colorblind10


def test_factories_work_in_a_plain_python_process():
    """Do the ruler and the bit explorer build in a fresh interpreter with no display, silently?"""
    code = (
        "from course.widgets import ulp_ruler, bit_explorer\n"
        "r = ulp_ruler(); b = bit_explorer(); b.bit_buttons[3].value = True\n"
        "r.value_text.value = 'nope'\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "MPLBACKEND": "Agg"},
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr == "" and done.stdout == "", done.stderr


def _pixels(png: bytes) -> np.ndarray:
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _walked_views():
    """(name, view, changes): every registered widget, and its walk through its controls."""
    views = []
    for name, entry in WIDGETS.items():
        view = entry.start()
        views.append((name, view, entry.walk(view)))
    return views


def test_blitted_redraws_look_like_full_redraws():
    """Does every widget show, after each change of its walk, exactly what a full savefig shows
    (the blitted ones redraw only what changes)?"""
    from course.plotting import figure_png

    for name, view, changes in _walked_views():
        for control, value in changes:
            control.value = value
            shown, full = _pixels(view.pngs[0]), _pixels(figure_png(view.figure))
            assert shown.shape == full.shape, name
            # Antialiasing may differ by a shade; a missing or stale artist differs by far more.
            assert (np.abs(shown - full) > 40).sum() == 0, f"{name} after {value!r}"


def test_rgba_png_decodes_to_the_pixels_it_was_given():
    """Does the PNG writer behind BlitPng give back every pixel, alpha included, at any size?"""
    import io

    from PIL import Image

    from course.plotting import rgba_png

    rng = np.random.default_rng(0)
    for height, width in ((1, 1), (3, 7), (40, 33)):
        rgba = rng.integers(0, 256, (height, width, 4), dtype=np.uint8)
        png = rgba_png(rgba)
        assert png.startswith(PNG_SIGNATURE)
        decoded = np.asarray(Image.open(io.BytesIO(png)))
        assert decoded.shape == rgba.shape and (decoded == rgba).all(), (height, width)


def test_keyed_blit_png_draws_each_key_once_and_keeps_a_bounded_number():
    """Does KeyedBlitPng draw the base once, draw only the keyed artists for a new key, restore a
    kept key's bitmap, drop the least recently used past `kept`, redraw all after `forget`, and
    match a full savefig?"""
    from matplotlib.figure import Figure

    from course.plotting import KeyedBlitPng, figure_png

    figure = Figure(figsize=(3, 2), dpi=100)
    axes = figure.add_axes((0.15, 0.2, 0.8, 0.65))
    (line,) = axes.plot([0, 1], [0, 1], color=PALETTE[0])
    axes.set_ylim(0, 1)
    axes.set_ylabel("static label")
    png = KeyedBlitPng(figure, [line], keyed=[axes.xaxis, axes.title], kept=2)
    full_draws, axis_draws = [], []
    draw, draw_axis = png.canvas.draw, axes.xaxis.draw
    png.canvas.draw = lambda *args, **kwargs: (full_draws.append(1), draw(*args, **kwargs))[1]
    axes.xaxis.draw = lambda *args, **kwargs: (axis_draws.append(1), draw_axis(*args, **kwargs))[1]
    drawn = []
    # Keys 1, 2, 1 (kept), 3 (drops 2, the least recently used), 1 (kept), 2 (dropped: drawn).
    for step, width in enumerate((1, 2, 1, 3, 1, 2)):
        before = len(full_draws), len(axis_draws)
        line.set_data([0.1 * width, 0.9 * width], [0.2, 0.2 + 0.1 * step])  # off the spines
        if png.static_changed(width):
            axes.set_xlim(0, width)
            axes.set_title(f"width {width}")
        marker = axes.plot([0.5 * width], [0.9 - 0.1 * step], "o", color=PALETTE[1])[0]
        shown = _pixels(png.render([marker]))  # an artist made anew for this frame
        drawn.append((len(full_draws) - before[0], len(axis_draws) - before[1]))
        assert (np.abs(shown - _pixels(figure_png(figure))) > 40).sum() == 0, f"step {step}"
        marker.remove()
    assert drawn == [(1, 1), (0, 1), (0, 0), (0, 1), (0, 0), (0, 1)], drawn
    assert len(png._backgrounds) <= 2
    assert png.static_changed(2) is False  # the same key again changes nothing
    axes.set_ylabel("the base changed")
    png.forget()  # drops the base and the kept images: the next frame is drawn whole
    assert png.static_changed(2) is True
    before = len(full_draws)
    shown = _pixels(png.render())
    assert len(full_draws) == before + 1 and len(png._backgrounds) == 0
    assert (np.abs(shown - _pixels(figure_png(figure))) > 40).sum() == 0, "after forget"
    with pytest.raises(ValueError, match="kept"):
        KeyedBlitPng(figure, kept=0)


def _descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


def test_every_control_has_hover_text():
    """Does every labelled control say what it does on hover? (ipywidgets 8 shows "null" else)."""
    views = [view for _, view, _ in _walked_views()]
    for view in views:
        shown = (widgets.HTML, widgets.Label)  # displays, not controls
        controls = [
            w
            for w in _descendants(view)
            if isinstance(w, widgets.ValueWidget) and not isinstance(w, shown)
        ]
        assert len(controls) >= 2, type(view).__name__
        for control in controls:
            # ipywidgets 8 names it tooltip, 7.7.1 (Colab) description_tooltip on most controls.
            name = "tooltip" if control.has_trait("tooltip") else "description_tooltip"
            text = getattr(control, name)
            assert text and text != "null", f"{type(view).__name__}: {control.description!r}"


def test_readout_tables_escape_their_text():
    """Is a value with markup shown as text, not injected as HTML?"""
    from course.widgets.panel import table_html

    table = table_html([("a<b", "<script>x</script>")], break_words=True)
    assert "<script>" not in table and "&lt;script&gt;" in table and "a&lt;b" in table
    assert "word-break:break-all" in table and "word-break" not in table_html([("a", "b")])


WIDGET_HELPERS = {"__init__", "panel", "registry"}  # modules that hold no view


def test_every_widget_module_is_registered_once():
    """Is each view module under course/widgets/ in the registry, with its factory and class
    exported by course.widgets, and does each entry's walk change real controls?"""
    folder = Path(course.widgets.__file__).parent
    modules = {f"course.widgets.{p.stem}" for p in folder.glob("*.py")} - {
        f"course.widgets.{name}" for name in WIDGET_HELPERS
    }
    registered = {entry.module for entry in WIDGETS.values()}
    assert modules - registered == set(), "widget modules missing from course.widgets.registry"
    assert registered <= modules
    exported = set(course.widgets.__all__)
    for name, entry in WIDGETS.items():
        assert entry.name == name and entry.view_class.__module__ == entry.module
        assert {name, entry.view_class.__name__} <= exported, name
        view = entry.start()
        assert isinstance(view, entry.view_class)
        controls = set(map(id, _descendants(view)))
        walk = entry.walk(view)
        assert walk and all(id(control) in controls for control, _ in walk), name


def test_the_registry_refuses_a_name_twice():
    """Does registering a widget under a name already taken fail loudly?"""
    from course.widgets.registry import register

    with pytest.raises(ValueError, match="ulp_ruler"):
        register(WIDGETS["ulp_ruler"])
