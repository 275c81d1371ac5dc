"""The ULP ruler: type a number, pick a format, see the representable numbers around it.

A thin view over `course.floats.ruler_model`. Tests and the latency benchmark drive it headless:
set a control's `.value` (`value_text`, `format_dropdown`, `neighbours_slider`,
`compare_checkbox`) and read `ruler.model` (the RulerModel, None after unreadable text),
`ruler.comparison` (one RulerModel per format while the checkbox is on), `ruler.error` (the
message shown for unreadable text, "" otherwise), `ruler.readout.value` (HTML), `ruler.figure`
(the number line's matplotlib Figure) and `ruler.pngs` (the images last shown).
"""

from __future__ import annotations

import html
import math
from fractions import Fraction

import ipywidgets as widgets
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from course.floats import RulerModel, parse_value, ruler_model, value_text
from course.formats import FORMATS, get_format
from course.plotting import (
    BLUE,
    DARK_GREY,
    GREY,
    LIGHT_BLUE,
    ORANGE,
    KeyedBlitPng,
    detach_label,
    figure_png,
    show_png,
)
from course.widgets.panel import WIDE, assemble, hover, table_html

_LINE_HEIGHT, _COMPARE_HEIGHT = 270, 300  # figure heights in pixels at 100 dpi


def _number(x: float) -> str:
    """A float64 as repr, with powers of two (every gap is one) also written as 2^k."""
    if math.isfinite(x) and x > 0 and math.frexp(x)[0] == 0.5:
        return f"2^{math.frexp(x)[1] - 1} = {x!r}"
    return repr(x)


def readout_html(model: RulerModel) -> str:
    """The numbers of one RulerModel as an HTML table."""
    decimal = model.exact_decimal
    if len(decimal) > 120:  # fp64 extremes run to hundreds of digits
        decimal = f"{decimal[:60]}…{decimal[-20:]} ({len(decimal)} characters)"
    low, high = (float(end) for end in model.rounding_interval)
    left, right = "[]" if model.interval_closed else "()"
    rows = [
        ("value typed (read as fp64)", repr(model.value)),
        (f"stored in {model.fmt}", f"{model.stored!r} ({model.category})"),
        ("exact decimal of stored", decimal),
        (
            "rounding error value − stored",
            f"{model.error:.4g} (relative {model.relative_error:.3g})",
        ),
        ("gap below / above", f"{_number(model.gap_below)} / {_number(model.gap_above)}"),
        ("relative spacing gap / |stored|", f"{model.relative_spacing:.4g}"),
        ("reals that round to stored", f"{left}{low!r}, {high!r}{right}"),
        ("subnormals start below", _number(model.smallest_normal)),
        ("smallest subnormal", _number(model.smallest_subnormal)),
        ("largest finite", repr(get_format(model.fmt).max_finite)),
    ]
    if model.overflowed:
        rows.append(("overflow", f"beyond the largest finite value: stored as {model.stored!r}"))
    if model.underflowed:
        rows.append(("underflow", "below half the smallest subnormal: stored as zero"))
    return table_html(rows, break_words=True)


class NumberLine:
    """One persistent figure: a redraw replaces only the data artists, so the ticks, legend and
    their text layouts are reused (a fresh figure per update costs about twice as much)."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=(8, _LINE_HEIGHT / 100), dpi=100)
        self.axes = ax = self.figure.add_axes((0.03, 0.42, 0.94, 0.46))
        ax.set_ylim(-1, 1.2)
        ax.set_yticks([])
        ax.spines[["left", "right", "top"]].set_visible(False)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
        self.baseline = ax.axhline(0, color=DARK_GREY, lw=1, zorder=1)
        handles = [
            Patch(color=LIGHT_BLUE, alpha=0.6, label="rounds to stored"),
            Patch(facecolor="none", edgecolor=GREY, hatch="//", label="subnormal range"),
            Line2D([], [], ls="", marker="|", ms=14, mew=2, color=DARK_GREY, label="neighbours"),
            Line2D([], [], ls="", marker="o", ms=9, color=BLUE, label="stored value"),
            Line2D([], [], ls="--", marker="v", ms=9, color=ORANGE, label="typed value"),
        ]
        self.legend = ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.42),
            ncol=5,
            frameon=False,
            fontsize=9,
        )
        self.message = ax.text(0.5, 0.5, "", ha="center", va="center", transform=ax.transAxes)
        self._data: list = []
        self._finite = True
        # The x label changes with the spacing, the ticks only with the x range: the label is a
        # text of its own, fixed where the axis puts it below its tick labels.
        ax.set_xlabel("offset from the stored value")
        self.xlabel = detach_label(ax.xaxis)
        # The legend and the frame never change: drawn once, blitted under each redraw; the x
        # axis is kept per x range.
        dynamic = [ax.title, self.xlabel, self.message, self.baseline]
        self.png = KeyedBlitPng(self.figure, dynamic, keyed=[ax.xaxis])

    def render(self) -> bytes:
        """PNG of what `draw` set up; a non-finite value (no legend, no axis) is drawn whole."""
        if self._finite:
            return self.png.render(self._data)
        return figure_png(self.figure)

    def draw(self, model: RulerModel) -> None:
        """Offsets from the stored value in units of its spacing, so every format reads alike."""
        ax = self.axes
        for artist in self._data:
            artist.remove()
        self._data = []
        ax.set_title(f"{model.value!r} in {model.fmt} is stored as {model.stored!r}")
        self._finite = finite = not (model.is_inf or model.is_nan)
        for artist in (ax.xaxis, self.xlabel, ax.spines["bottom"], self.legend, self.baseline):
            artist.set_visible(finite)
        largest = get_format(model.fmt).max_finite
        self.message.set_text(
            ""
            if finite
            else f"{model.stored!r} has no neighbours to draw "
            f"(the largest finite {model.fmt} value is {largest!r})"
        )
        if not finite:
            return
        gaps = [g for g in (model.gap_below, model.gap_above) if math.isfinite(g)]
        unit = model.smallest_subnormal if model.is_zero or not gaps else max(gaps)
        ticks = [(v - model.stored) / unit for v in (*model.below, *model.above)]
        low, high = (
            float((end - Fraction(model.stored)) / Fraction(unit))
            for end in model.rounding_interval
        )
        span = max([1.0, *map(abs, ticks)]) + 0.6
        if self.png.static_changed(span):
            ax.set_xlim(-span, span)
        self._data.append(ax.axvspan(low, high, color=LIGHT_BLUE, alpha=0.6, lw=0))
        # Across the subnormal range the spacing stops shrinking; show where it starts.
        left, right = ((s * model.smallest_normal - model.stored) / unit for s in (-1, 1))
        if left < span and right > -span:
            self._data.append(
                ax.axvspan(
                    max(left, -span),
                    min(right, span),
                    facecolor="none",
                    edgecolor=GREY,
                    hatch="//",
                    lw=0,
                )
            )
        # Past the largest finite value everything rounds to inf (NaN in e4m3): say so.
        overflow = "overflow → " + ("inf" if get_format(model.fmt).has_inf else "NaN")
        for gap, side in ((model.gap_below, -1), (model.gap_above, 1)):
            if not math.isfinite(gap):
                edge = low if side < 0 else high
                self._data += [
                    ax.axvspan(edge, side * span, color=ORANGE, alpha=0.15, lw=0),
                    ax.text((edge + side * span) / 2, -0.7, overflow, ha="center", fontsize=9),
                ]
        typed = model.error / unit
        self._data += [
            ax.vlines(ticks, -0.35, 0.35, color=DARK_GREY, lw=2),
            *ax.plot([0], [0], "o", ms=11, color=BLUE, zorder=3),
            *ax.plot([typed, typed], [0, 0.6], "--", color=ORANGE, lw=1.5),
            *ax.plot([typed], [0.6], "v", ms=11, color=ORANGE, zorder=3),
        ]
        ax.set_xlabel(f"offset from the stored value, in units of its spacing {unit:.4g}")
        self.xlabel.set_text(ax.get_xlabel())


def draw_comparison(models: list[RulerModel]) -> Figure:
    """Relative spacing (bars) and relative rounding error (markers) per format, log scale."""
    figure = Figure(figsize=(8, _COMPARE_HEIGHT / 100), dpi=100)
    ax = figure.add_axes((0.11, 0.3, 0.74, 0.6))  # room for "format" and the notes
    rows = list(range(len(models)))
    spacings = [m.relative_spacing if math.isfinite(m.relative_spacing) else 0 for m in models]
    ax.barh(rows, spacings, color=LIGHT_BLUE, log=True, label="spacing / |stored|")
    errors = [
        (i, m.relative_error)
        for i, m in zip(rows, models, strict=True)
        if math.isfinite(m.relative_error) and m.relative_error > 0
    ]
    ax.plot(
        [e for _, e in errors],
        [i for i, _ in errors],
        "D",
        color=ORANGE,
        ms=8,
        ls="",
        label="|value − stored| / |value|",
    )
    for i, model in zip(rows, models, strict=True):
        # "exact" for fp64 only means the typed text was read as fp64 in the first place.
        note = (
            "overflow"
            if model.overflowed
            else "underflow to 0"
            if model.underflowed
            else "exact"
            if model.error == 0
            else ""
        )
        ax.text(1.01, i, note, va="center", transform=ax.get_yaxis_transform(), fontsize=9)
    ax.set_yticks(rows, [m.fmt for m in models])
    ax.set_ylabel("format")
    ax.invert_yaxis()
    ax.set_xlabel("relative size (dimensionless, log scale)")
    ax.set_title(f"{models[0].value!r} in every format", fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2, frameon=False, fontsize=9)
    return figure


class UlpRuler(widgets.VBox):
    """The ULP ruler widget (a VBox); see the module docstring for what tests read."""

    def __init__(self, value: float | str = 0.1, fmt: str = "fp32", neighbours: int = 4) -> None:
        super().__init__()
        spec = get_format(fmt)
        if isinstance(neighbours, bool) or not isinstance(neighbours, int):
            raise ValueError(f"neighbours must be an int from 1 to 16, got {neighbours!r}")
        if not 1 <= neighbours <= 16:
            raise ValueError(f"neighbours must be from 1 to 16, got {neighbours}")
        self.model: RulerModel | None = None
        self.comparison: list[RulerModel] | None = None
        self.error = ""
        self.pngs: tuple[bytes, ...] = ()
        self.number_line = NumberLine()
        self.figure = self.number_line.figure
        self.value_text = widgets.Text(
            value=value_text(value),
            description="value",
            continuous_update=False,
            style=WIDE,
            layout=widgets.Layout(width="220px"),
        )
        self.format_dropdown = widgets.Dropdown(
            options=list(FORMATS),
            value=spec.name,
            description="format",
            style=WIDE,
            layout=widgets.Layout(width="140px"),
        )
        self.neighbours_slider = widgets.IntSlider(
            value=neighbours,
            min=1,
            max=16,
            description="neighbours",
            continuous_update=False,
            style=WIDE,
        )
        self.compare_checkbox = widgets.Checkbox(
            value=False, description="compare all formats", indent=False
        )
        self.output = widgets.Output(layout=widgets.Layout(height=f"{_LINE_HEIGHT + 10}px"))
        self.readout = widgets.HTML()
        controls = (
            self.value_text,
            self.format_dropdown,
            self.neighbours_slider,
            self.compare_checkbox,
        )
        hover(self.value_text, "a decimal, 1e-8, 0x1p-24, inf or nan; read as fp64 first")
        hover(self.format_dropdown, "the floating-point format the value is rounded into")
        hover(self.neighbours_slider, "representable numbers drawn on each side of the value")
        hover(self.compare_checkbox, "one number line per format, on the same scale")
        assemble(self, controls, (self.output, self.readout), self._on_change)
        self.update()

    def _on_change(self, change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Recompute the model from the controls and redraw; unreadable text shows an error."""
        try:
            value = parse_value(self.value_text.value)
        except ValueError as error:
            self.model, self.comparison, self.error = None, None, str(error)
            self.readout.value = f"<b style='color:#C85200'>{html.escape(self.error)}</b>"
            self.pngs = ()
            show_png(self.output)  # an empty output rather than the previous value's figure
            return
        self.error = ""
        self.model = ruler_model(value, self.format_dropdown.value, self.neighbours_slider.value)
        compare = self.compare_checkbox.value
        self.comparison = [ruler_model(value, name, 0) for name in FORMATS] if compare else None
        self.readout.value = readout_html(self.model)
        self.number_line.draw(self.model)
        self.pngs = (self.number_line.render(),)
        if self.comparison:
            self.pngs += (figure_png(draw_comparison(self.comparison)),)
        height = _LINE_HEIGHT + (_COMPARE_HEIGHT if compare else 0) + 10
        self.output.layout.height = f"{height}px"
        show_png(self.output, *self.pngs)


def ulp_ruler(value: float | str = 0.1, fmt: str = "fp32", neighbours: int = 4) -> UlpRuler:
    """The ULP ruler widget, ready to display: `ulp_ruler(0.1, "fp16")`. `value` may be text
    such as "1e-8", "-0", "inf" or "2**-24"; `neighbours` (1 to 16) per side of the line."""
    return UlpRuler(value, fmt, neighbours)
