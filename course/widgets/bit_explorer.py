"""The bit explorer: one toggle button per bit of a format; flip bits, watch the value change.

A thin view over `course.floats.bit_model_from_pattern`. The state is the bit pattern (an int),
not the value, so NaN payloads and -0 survive a click. Tests and the latency benchmark drive it
headless: set `value_text.value` or `format_dropdown.value`, or flip a bit with
`explorer.bit_buttons[i].value = True` (i = 0 is the sign, the most significant bit), then read
`explorer.model` (the BitModel), `explorer.error` ("" unless the text was unreadable),
`explorer.readout.value` (HTML), `explorer.figure` (the range strip's matplotlib Figure) and
`explorer.pngs` (the images last shown). Unreadable text keeps the bits and shows the error.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from course.floats import BitModel, bit_model_from_pattern, parse_value, value_text
from course.formats import FORMATS, FloatFormat, bits_of, get_format
from course.plotting import BLUE, GREY, LIGHT_BLUE, ORANGE, BlitPng, show_png
from course.widgets.panel import assemble, hover, table_html

# Field colours differ in lightness too (orange / light blue / grey), so they survive
# colour-blindness; each group is also labelled in words.
_FIELD_STYLES = {"sign": "warning", "exponent": "info", "mantissa": ""}
_STRIP_HEIGHT = 230  # figure height in pixels at 100 dpi


def _bit_meaning(field: str, position: int, width: int) -> str:
    """What one bit is worth, for its hover text; `position` counts from the field's left."""
    if field == "sign":
        return "sign bit: 0 is +, 1 is −"
    if field == "exponent":
        return f"exponent bit: adds {2 ** (width - 1 - position)} to the biased exponent"
    return f"mantissa bit: adds 2^-{position + 1} to the significand 1.m (0.m if subnormal)"


def readout_html(model: BitModel) -> str:
    """The fields and meaning of one BitModel as an HTML table."""
    exponent = f"{model.exponent_bits} (biased {model.biased_exponent}"
    exponent += (
        f", unbiased {model.unbiased_exponent})" if model.unbiased_exponent is not None else ")"
    )
    width = -(-get_format(model.fmt).total_bits // 4)  # hex digits, rounded up
    rows = [
        ("sign", model.sign),
        ("exponent", exponent),
        ("mantissa", model.mantissa_bits),
        ("pattern", f"0x{model.pattern:0{width}X}"),
        ("class", model.category),
        ("formula", model.formula),
        ("stored value", repr(model.stored)),
        ("exact decimal", model.exact_decimal),
    ]
    return table_html(rows, break_words=True)


class RangeStrip:
    """Where |value| sits among the format's magnitudes, on a log2 axis (binary exponents).

    One persistent figure whose artists move, as in the ULP ruler, to keep a click fast."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=(8, _STRIP_HEIGHT / 100), dpi=100)
        self.axes = ax = self.figure.add_axes((0.03, 0.45, 0.94, 0.42))
        band = ax.get_xaxis_transform()  # x in data, y across the whole axes
        self.subnormal = ax.add_patch(
            Rectangle((0, 0), 1, 1, transform=band, color=GREY, alpha=0.35, lw=0)
        )
        self.normal = ax.add_patch(
            Rectangle((1, 0), 1, 1, transform=band, color=LIGHT_BLUE, alpha=0.6, lw=0)
        )
        self.marker = ax.axvline(0, color=ORANGE, lw=3)
        self.note = ax.text(
            0,
            0.5,
            "",
            ha="center",
            va="center",
            fontsize=11,
            color=BLUE,
            fontweight="bold",
            transform=band,
        )
        ax.set_ylim(0, 1)
        ax.set_yticks([])
        ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True))
        ax.set_xlabel("log2 |value| (binary exponent)")
        handles = [
            Patch(color=GREY, alpha=0.35, label="subnormal magnitudes"),
            Patch(color=LIGHT_BLUE, alpha=0.6, label="normal magnitudes"),
            Line2D([], [], color=ORANGE, lw=3, label="|value|"),
        ]
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.6),
            ncol=3,
            frameon=False,
            fontsize=9,
        )
        # The bands and the axis move only with the format; a bit click redraws the rest (the
        # frame too: in a full draw it lies over the marker's ends).
        dynamic = [self.marker, self.note, ax.title, *ax.spines.values()]
        self.png = BlitPng(self.figure, dynamic)

    def draw(self, model: BitModel) -> None:
        spec = get_format(model.fmt)
        low, normal, high = (
            math.log2(x) for x in (spec.smallest_subnormal, spec.smallest_normal, spec.max_finite)
        )
        margin = 0.06 * (high - low)
        if self.png.static_changed(model.fmt):  # the ranges only move when the format does
            self.subnormal.set_bounds(low, 0, normal - low, 1)
            self.normal.set_bounds(normal, 0, high - normal, 1)
            self.axes.set_xlim(low - margin, high + margin)
        finite_nonzero = model.category in ("normal", "subnormal")
        self.marker.set_visible(finite_nonzero)
        if finite_nonzero:
            self.marker.set_xdata([math.log2(abs(model.stored))] * 2)
        # Zero lies at -inf on this axis and inf at +inf: name them at the edge they lie beyond.
        where = {"zero": low - margin / 2, "inf": high + margin / 2, "nan": (low + high) / 2}
        self.note.set_text(
            {"zero": "zero", "inf": "∞", "nan": "NaN: no magnitude"}.get(model.category, "")
        )
        self.note.set_x(where.get(model.category, 0))
        # Zero's exponent field is the subnormal one, but naming it would suggest a magnitude.
        shown = model.category in ("normal", "subnormal")
        exponent = f", exponent {model.unbiased_exponent}" if shown else ""
        self.axes.set_title(
            f"{model.stored!r} in {model.fmt}: {model.category}{exponent}", fontsize=11
        )


class BitExplorer(widgets.VBox):
    """The bit explorer widget (a VBox); see the module docstring for what tests read."""

    def __init__(self, value: float | str = 1.0, fmt: str = "fp16") -> None:
        super().__init__()
        spec = get_format(fmt)
        self.model: BitModel | None = None
        self.error = ""
        self.pngs: tuple[bytes, ...] = ()
        self.strip = RangeStrip()
        self.figure = self.strip.figure
        self._syncing = False  # set while the view writes its own controls, to stop loops
        self._bits_box: dict[str, widgets.Box] = {}  # built once per format, reused
        self._buttons: dict[str, list[widgets.ToggleButton]] = {}
        self.value_text = widgets.Text(
            value=value_text(value),
            description="value",
            continuous_update=False,
            layout=widgets.Layout(width="240px"),
        )
        self.format_dropdown = widgets.Dropdown(
            options=list(FORMATS),
            value=spec.name,
            description="format",
            layout=widgets.Layout(width="160px"),
        )
        self.bits_holder = widgets.VBox()
        self.output = widgets.Output(layout=widgets.Layout(height=f"{_STRIP_HEIGHT + 10}px"))
        self.readout = widgets.HTML()
        hover(self.value_text, "a decimal, 1e-8, 0x1p-24, inf or nan; click a bit to flip it")
        hover(self.format_dropdown, "the floating-point format whose bits are shown")
        assemble(
            self,
            (self.value_text, self.format_dropdown),
            (self.bits_holder, self.output, self.readout),
        )
        self.value_text.observe(self._on_text, names="value")
        self.format_dropdown.observe(self._on_format, names="value")
        self._show_format(spec)
        self._on_text()

    @property
    def bit_buttons(self) -> list[widgets.ToggleButton]:
        """The toggle buttons of the current format, most significant (sign) first."""
        return self._buttons[self.format_dropdown.value]

    def _show_format(self, spec: FloatFormat) -> None:
        if spec.name not in self._bits_box:
            groups, buttons = [], []
            for field, width in (
                ("sign", 1),
                ("exponent", spec.exponent_bits),
                ("mantissa", spec.mantissa_bits),
            ):
                row = [
                    widgets.ToggleButton(
                        value=False,
                        description="0",
                        button_style=_FIELD_STYLES[field],
                        # ToggleButton has `tooltip` in ipywidgets 7.7.1 and 8 alike; unset,
                        # ipywidgets 8 shows the hover text "null".
                        tooltip=_bit_meaning(field, position, width),
                        layout=widgets.Layout(width="30px", padding="0"),
                    )
                    for position in range(width)
                ]
                buttons += row
                label = widgets.Label(f"{field} ({width} bit{'s' * (width > 1)})")
                groups.append(
                    widgets.VBox(
                        [label, widgets.HBox(row, layout=widgets.Layout(flex_flow="row wrap"))]
                    )
                )
            for button in buttons:
                button.observe(self._on_bit, names="value")
            self._buttons[spec.name] = buttons
            self._bits_box[spec.name] = widgets.HBox(
                groups, layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start")
            )
        self.bits_holder.children = (self._bits_box[spec.name],)

    def _on_text(self, change: dict | None = None) -> None:
        if self._syncing:
            return
        spec = get_format(self.format_dropdown.value)
        try:
            value = parse_value(self.value_text.value)
        except ValueError as error:
            self.error = str(error)
            table = readout_html(self.model) if self.model is not None else ""
            self.readout.value = f"<b style='color:#C85200'>{html.escape(self.error)}</b>{table}"
            return
        self.error = ""
        self.set_pattern(int(bits_of(value, spec)), write_text=False)

    def _on_format(self, change: dict) -> None:
        spec = get_format(change["new"])
        self._show_format(spec)
        # Keep the value, not the bits: round the current value into the new format.
        stored = self.model.stored if self.model is not None else 0.0
        self.set_pattern(int(bits_of(stored, spec)), write_text=True)

    def _on_bit(self, change: dict) -> None:
        if self._syncing:
            return
        pattern = int("".join("1" if b.value else "0" for b in self.bit_buttons), 2)
        self.set_pattern(pattern, write_text=True)

    def set_pattern(self, pattern: int, write_text: bool = True) -> None:
        """Show the bit pattern `pattern` of the current format: buttons, text, readout, plot."""
        self.model = bit_model_from_pattern(pattern, self.format_dropdown.value)
        bits = self.model.sign + self.model.exponent_bits + self.model.mantissa_bits
        self._syncing = True
        try:
            for button, bit in zip(self.bit_buttons, bits, strict=True):
                if button.value != (bit == "1"):
                    button.value = bit == "1"
                button.description = bit
            if write_text:
                self.value_text.value = repr(self.model.stored)
                self.error = ""
        finally:
            self._syncing = False
        self.readout.value = readout_html(self.model)
        self.strip.draw(self.model)
        self.pngs = (self.strip.png.render(),)
        show_png(self.output, *self.pngs)

    def update(self) -> None:
        """Recompute from the value text (what a text edit does)."""
        self._on_text()


def bit_explorer(value: float | str = 1.0, fmt: str = "fp16") -> BitExplorer:
    """The bit explorer widget, ready to display: `bit_explorer(1.0, "fp16")`."""
    return BitExplorer(value, fmt)
