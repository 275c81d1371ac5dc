"""The quadrature explorer: pick an integrand, a rule and n; see the nodes and every rule's error.

A thin view over `course.quadrature.explorer_model`. Top: the integrand on [a, b] with the rule's
nodes (marker size proportional to the weight). Bottom, on log-log axes: the error of every rule
(midpoint, trapezoid, Simpson, Gauss, Clenshaw-Curtis) against n, the chosen rule emphasised and
its current n marked, with reference slopes n^-2 and n^-4. Tests and the latency benchmark drive
it headless: set `integrand_dropdown.value`, `rule_buttons.value` or `n_slider.value`, then read
`view.model` (the ExplorerModel), `view.readout.value` (HTML), `view.figure` and `view.pngs`.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from course.plotting import DARK_GREY, GREY, PALETTE, BlitPng, show_png
from course.plotting import power_of_ten as _power_of_ten
from course.quadrature import INTEGRANDS, RULES, ExplorerModel, explorer_model
from course.widgets.panel import WIDE, assemble, hover, table_html

_HEIGHT = 560  # figure height in pixels at 100 dpi
_FLOOR = 1e-17  # exact results are drawn here on the log axis
_COLOURS = dict(
    zip(RULES, (PALETTE[0], PALETTE[1], PALETTE[5], PALETTE[3], PALETTE[4]), strict=True)
)
_N_MAX = 64


def readout_html(model: ExplorerModel) -> str:
    """The numbers of one explorer view as an HTML table."""
    slope = model.slopes[model.rule]
    rows = [
        ("integrand", model.integrand.description),
        ("rule", f"{model.rule}, n = {model.n}: {len(model.nodes)} evaluations of f"),
        ("value", f"{model.value:.15g}"),
        ("exact", f"{model.integrand.exact:.15g}"),
        ("error", f"{model.error:.3e}"),
        (
            "fitted slope of this rule (n = 2 .. 256)",
            "at rounding level" if math.isnan(slope) else f"{slope:+.2f}",
        ),
    ]
    return table_html(rows)


def _check(integrand: str, rule: str, n: int) -> None:
    if integrand not in INTEGRANDS:
        raise ValueError(f"integrand must be one of {tuple(INTEGRANDS)}, got {integrand!r}")
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, got {rule!r}")
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 2 <= n <= _N_MAX or n % 2:
        raise ValueError(f"n must be an even int from 2 to {_N_MAX}, got {n!r}")


class QuadraturePlot:
    """One persistent figure whose data artists are updated in place on every change."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=(8, _HEIGHT / 100), dpi=100)
        self.top = top = self.figure.add_axes((0.1, 0.62, 0.66, 0.3))
        self.bottom = bottom = self.figure.add_axes((0.1, 0.08, 0.66, 0.44))
        (self.f_line,) = top.plot([], [], color=DARK_GREY, lw=1.5)
        self.node_dots = top.scatter([], [], s=[], zorder=3)
        top.set_xlim(-0.02, 1.02)
        top.set_xlabel("x")
        top.set_ylabel("f(x)")
        top.set_title(" ", fontsize=10)
        bottom.set_xscale("log")
        bottom.set_yscale("log")
        self.error_lines = {
            rule: bottom.plot([], [], ".-", color=_COLOURS[rule], lw=1, ms=3, label=rule)[0]
            for rule in RULES
        }
        (self.current,) = bottom.plot([], [], "s", ms=9, mfc="none", color=DARK_GREY, zorder=3)
        self.references = [
            bottom.plot([], [], style, color=GREY, lw=1, label=f"n^-{power}")[0]
            for power, style in ((2, "--"), (4, ":"))
        ]
        bottom.set_xlim(1.6, 320)
        bottom.set_ylim(_FLOOR / 3, 10.0)
        bottom.yaxis.set_major_locator(LogLocator(base=10, numticks=7))
        bottom.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
        bottom.yaxis.set_minor_locator(NullLocator())
        bottom.set_xlabel("n (log scale)")
        bottom.set_ylabel("|error| (log scale)")
        # Outside the axes: a legend drawn once must not sit under curves drawn later.
        bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        for axes in (top, bottom):
            axes.yaxis.set_label_coords(-0.085, 0.5)  # fixed: the tick labels change width
        # In the order the axes hold them, so that equal zorders stack as in a full draw.
        dynamic = [self.f_line, self.node_dots, top.title, *self.error_lines.values()]
        dynamic += [self.current, *self.references]
        dynamic += [*top.spines.values(), *bottom.spines.values()]  # above curves that reach them
        self.png = BlitPng(self.figure, dynamic)

    def draw(self, model: ExplorerModel) -> None:
        top = self.top
        if self.png.static_changed(model.integrand.name):
            low, high = float(np.min(model.fx)), float(np.max(model.fx))
            margin = 0.08 * max(high - low, 1e-3)
            top.set_ylim(low - margin, high + margin)
        self.f_line.set_data(model.x, model.fx)
        node_values = np.asarray(model.integrand.f(model.nodes), dtype=float)
        self.node_dots.set_offsets(np.column_stack([model.nodes, node_values]))
        sizes = 400 * np.abs(model.weights) / np.abs(model.weights).sum()
        self.node_dots.set_sizes(sizes + 4)
        colour = _COLOURS[model.rule]
        self.node_dots.set_color(colour)
        top.set_title(
            f"{model.integrand.description}; {model.rule}, n = {model.n}: error {model.error:.2e}",
            fontsize=10,
        )
        ns = np.asarray(model.ns, dtype=float)
        for rule, line in self.error_lines.items():
            chosen = rule == model.rule
            line.set_data(ns, np.maximum(model.errors[rule], _FLOOR))
            line.set_linewidth(2.2 if chosen else 1)
            line.set_marker("o" if chosen else ".")
            line.set_markersize(5 if chosen else 3)
            line.set_zorder(2.2 if chosen else 2)
        self.current.set_data([model.n], [max(model.error, _FLOOR)])
        self.current.set_color(colour)
        anchor = float(model.errors["trapezoid"][0])
        for line, power in zip(self.references, (2, 4), strict=True):
            line.set_data(ns, anchor * (ns / ns[0]) ** -power)


class QuadratureExplorer(widgets.VBox):
    """The quadrature explorer widget (a VBox); see the module docstring for what tests read."""

    def __init__(self, integrand: str = "smooth", rule: str = "trapezoid", n: int = 8) -> None:
        super().__init__()
        _check(integrand, rule, n)
        self.model: ExplorerModel | None = None
        self.pngs: tuple[bytes, ...] = ()
        self.plot = QuadraturePlot()
        self.figure = self.plot.figure
        self.integrand_dropdown = widgets.Dropdown(
            options=list(INTEGRANDS),
            value=integrand,
            description="integrand",
            style=WIDE,
            layout=widgets.Layout(width="260px"),
        )
        hover(self.integrand_dropdown, "the function integrated over [0, 1]")
        self.rule_buttons = widgets.ToggleButtons(
            options=list(RULES),
            value=rule,
            description="rule",
            style={**WIDE, "button_width": "110px"},
        )
        hover(self.rule_buttons, "the rule whose nodes are drawn and whose error is emphasised")
        self.n_slider = widgets.IntSlider(
            value=int(n),
            min=2,
            max=_N_MAX,
            step=2,
            description="n",
            continuous_update=False,
            style=WIDE,
        )
        hover(self.n_slider, "subintervals (midpoint, trapezoid, Simpson) or nodes (Gauss, CC)")
        self.output = widgets.Output(layout=widgets.Layout(height=f"{_HEIGHT + 10}px"))
        self.readout = widgets.HTML()
        controls = (self.integrand_dropdown, self.rule_buttons, self.n_slider)
        assemble(self, controls, (self.output, self.readout), self._on_change)
        self.update()

    def _on_change(self, change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Recompute from the controls and redraw."""
        self.model = model = explorer_model(
            self.integrand_dropdown.value, self.rule_buttons.value, int(self.n_slider.value)
        )
        self.readout.value = readout_html(model)
        self.plot.draw(model)
        self.pngs = (self.plot.png.render(),)
        show_png(self.output, *self.pngs)


def quadrature_explorer(
    integrand: str = "smooth", rule: str = "trapezoid", n: int = 8
) -> QuadratureExplorer:
    """The quadrature explorer, ready to display: `quadrature_explorer("kink", "gauss", 16)`.
    `integrand` is one of "smooth", "periodic", "kink", "endpoint singularity"; `rule` one of
    "midpoint", "trapezoid", "simpson", "gauss", "clenshaw-curtis"; n even, from 2 to 64."""
    return QuadratureExplorer(integrand, rule, n)
