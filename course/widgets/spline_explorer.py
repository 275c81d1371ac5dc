"""The B-spline explorer: the basis B_i of a degree and a knot vector, and the spline they span.

A thin view over `course.interpolation.spline_model`. Top: every basis function B_i(x) on [0, 1]
(the ones that are nonzero at the probe x in colour: at most degree + 1 of them), their sum (1
everywhere: a partition of unity) and the knots. Bottom: the spline s(x) = sum_i c_i B_i(x), its
control polygon (c_i placed at the Greville abscissae) and s at the probe. This is the shape of
one learnable activation of a Kolmogorov-Arnold network. Tests and the latency benchmark drive it
headless: set `degree_slider`, `interior_slider`, `layout_dropdown`, `pattern_dropdown` or
`probe_slider` `.value`, then read `view.model` (the SplineModel), `view.readout.value` (HTML),
`view.figure` and `view.pngs`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from course.interpolation import (
    COEFFICIENT_PATTERNS,
    KNOT_LAYOUTS,
    SplineModel,
    knot_multiplicities,
    spline_model,
)
from course.plotting import (
    BLUE,
    DARK_GREY,
    GREY,
    LIGHT_BLUE,
    ORANGE,
    KeyedBlitPng,
    detach_label,
    show_png,
)
from course.widgets.panel import WIDE, assemble, hover, table_html

_HEIGHT = 520  # figure height in pixels at 100 dpi
_LAYOUT_NAMES = {
    "uniform": "uniform knots",
    "random": "random knots",
    "repeated knot": "uniform knots, 0.5 repeated",
}
_MAX_BASIS = 28  # basis lines kept: degree 5, 16 interior knots and a knot of multiplicity 5


def readout_html(model: SplineModel) -> str:
    """The numbers of one SplineModel as an HTML table."""
    count = len(model.coefficients)
    active = ", ".join(f"B_{i} = {model.probe_basis[i]:.4f}" for i in model.active)
    knots = knot_multiplicities(model.knots, model.degree)
    smoothness = (
        "; ".join(
            f"{v:.3g} (×{m}): C^{c}" if c >= 0 else f"{v:.3g} (×{m}): jump" for v, m, c in knots
        )
        or "no interior knot: one polynomial piece"
    )
    rows = [
        (
            "degree k, basis functions",
            f"{model.degree}, {count} (= knots {len(model.knots)} − k − 1)",
        ),
        ("knots t", ", ".join(f"{t:.3g}" for t in model.knots)),
        (f"nonzero at x = {model.probe:.3f}", active),
        ("their sum", f"{model.probe_basis.sum():.17g}"),
        ("s(x) = Σ c_i B_i(x)", f"{model.probe_value:.6g}"),
        ("max |Σ B_i − 1| on the grid", f"{model.partition_error:.2e}"),
        ("interior knots: smoothness", smoothness),
    ]
    return table_html(rows)


class SplinePlot:
    """One persistent figure: a fixed pool of basis lines is reused; an update only moves data."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=(8, _HEIGHT / 100), dpi=100)
        self.top = top = self.figure.add_axes((0.09, 0.58, 0.88, 0.34))
        self.bottom = bottom = self.figure.add_axes((0.09, 0.08, 0.88, 0.36))
        self.basis_lines = [top.plot([], [], lw=1, color=GREY)[0] for _ in range(_MAX_BASIS)]
        (self.sum_line,) = top.plot([], [], "--", color=DARK_GREY, lw=1, label="Σ B_i(x)")
        (self.knot_marks,) = top.plot([], [], "|", color=DARK_GREY, ms=12, mew=2, label="knots")
        (self.active_dots,) = top.plot([], [], "o", color=ORANGE, ms=6, label="B_i(probe) ≠ 0")
        self.top_probe = top.axvline(0.0, color=ORANGE, lw=1, ls=":")
        top.plot([], [], lw=1, color=GREY, label="B_i, zero at the probe")
        top.plot([], [], lw=2, color=BLUE, label="B_i, nonzero at the probe")
        top.set_xlim(-0.02, 1.02)
        top.set_ylim(-0.08, 1.12)
        top.set_xticks(np.linspace(0, 1, 6), [])
        top.set_ylabel("B_i(x)")
        top.legend(loc="upper center", fontsize=8, ncol=5, bbox_to_anchor=(0.5, -0.01))
        (self.curve_line,) = bottom.plot([], [], color=BLUE, lw=2, label="s(x) = Σ c_i B_i(x)")
        (self.polygon,) = bottom.plot(
            [], [], "s--", color=LIGHT_BLUE, ms=5, lw=1, label="control polygon (Greville, c_i)"
        )
        (self.probe_dot,) = bottom.plot([], [], "o", color=ORANGE, ms=8, label="s(probe)")
        self.bottom_probe = bottom.axvline(0.0, color=ORANGE, lw=1, ls=":")
        bottom.set_xlim(-0.02, 1.02)
        bottom.set_xticks(np.linspace(0, 1, 6))
        bottom.yaxis.set_major_locator(MaxNLocator(nbins=5))
        bottom.set_xlabel("x")
        bottom.set_ylabel("s(x)")
        bottom.legend(loc="lower center", fontsize=8, ncol=3, bbox_to_anchor=(0.5, 0.99))
        for axes in (top, bottom):
            axes.yaxis.set_label_coords(-0.065, 0.5)
        detach_label(bottom.yaxis)  # the axis moves with the curve, its label does not
        dynamic = [*self.basis_lines, self.sum_line, self.knot_marks, self.active_dots]
        dynamic += [self.top_probe, top.title]
        dynamic += [self.curve_line, self.polygon, self.probe_dot, self.bottom_probe]
        # The curve, hence the lower y axis, does not move with the probe: kept per y range.
        self.png = KeyedBlitPng(self.figure, dynamic, keyed=[bottom.yaxis])

    def draw(self, model: SplineModel) -> None:
        count = model.basis.shape[1]
        active = set(model.active)
        for i, line in enumerate(self.basis_lines):
            if i < count:
                line.set_data(model.x, model.basis[:, i])
                line.set_color(BLUE if i in active else GREY)
                line.set_linewidth(2 if i in active else 1)
                line.set_visible(True)
            else:
                line.set_visible(False)
        self.sum_line.set_data(model.x, model.basis.sum(axis=1))
        self.knot_marks.set_data(model.knots, np.zeros_like(model.knots))
        indices = list(model.active)
        self.active_dots.set_data([model.probe] * len(indices), model.probe_basis[indices])
        self.top_probe.set_xdata([model.probe] * 2)
        self.top.set_title(
            f"degree {model.degree} B-splines, {_LAYOUT_NAMES[model.layout]}: "
            f"{count} basis functions, {len(indices)} nonzero at x = {model.probe:.2f}",
            fontsize=11,
        )
        self.curve_line.set_data(model.x, model.curve)
        self.polygon.set_data(model.greville, model.coefficients)
        self.probe_dot.set_data([model.probe], [model.probe_value])
        self.bottom_probe.set_xdata([model.probe] * 2)
        values = np.concatenate([model.curve, model.coefficients])
        low, high = float(np.min(values)), float(np.max(values))
        margin = 0.12 * max(high - low, 0.5)
        if self.png.static_changed((low - margin, high + margin)):
            self.bottom.set_ylim(low - margin, high + margin)


class SplineExplorer(widgets.VBox):
    """The B-spline explorer widget (a VBox); see the module docstring for what tests read."""

    def __init__(
        self,
        degree: int = 3,
        interior: int = 4,
        layout: str = "uniform",
        pattern: str = "sine",
        probe: float = 0.3,
    ) -> None:
        super().__init__()
        if isinstance(degree, bool) or not isinstance(degree, int) or not 0 <= degree <= 5:
            raise ValueError(f"degree must be an int from 0 to 5, got {degree!r}")
        if isinstance(interior, bool) or not isinstance(interior, int) or not 0 <= interior <= 16:
            raise ValueError(f"interior must be an int from 0 to 16, got {interior!r}")
        if layout not in KNOT_LAYOUTS:
            raise ValueError(f"layout must be one of {KNOT_LAYOUTS}, got {layout!r}")
        if pattern not in COEFFICIENT_PATTERNS:
            raise ValueError(f"pattern must be one of {COEFFICIENT_PATTERNS}, got {pattern!r}")
        if isinstance(probe, bool) or not isinstance(probe, int | float) or not 0 <= probe <= 1:
            raise ValueError(f"probe must be a number in [0, 1], got {probe!r}")
        self.model: SplineModel | None = None
        self.pngs: tuple[bytes, ...] = ()
        self.plot = SplinePlot()
        self.figure = self.plot.figure
        self.degree_slider = widgets.IntSlider(
            value=degree,
            min=0,
            max=5,
            description="degree k",
            style=WIDE,
            continuous_update=False,  # on Colab every drag step would be a kernel round trip
        )
        self.interior_slider = widgets.IntSlider(
            value=interior,
            min=0,
            max=16,
            description="interior knots",
            style=WIDE,
            continuous_update=False,
        )
        self.layout_dropdown = widgets.Dropdown(
            options=list(KNOT_LAYOUTS),
            value=layout,
            description="knots",
            style=WIDE,
            layout=widgets.Layout(width="220px"),
        )
        self.pattern_dropdown = widgets.Dropdown(
            options=list(COEFFICIENT_PATTERNS),
            value=pattern,
            description="coefficients",
            style=WIDE,
            layout=widgets.Layout(width="220px"),
        )
        self.probe_slider = widgets.FloatSlider(
            value=float(probe),
            min=0.0,
            max=1.0,
            step=0.01,
            description="probe x",
            style=WIDE,
            continuous_update=False,
        )
        self.output = widgets.Output(layout=widgets.Layout(height=f"{_HEIGHT + 10}px"))
        self.readout = widgets.HTML()
        controls = (
            self.degree_slider,
            self.interior_slider,
            self.layout_dropdown,
            self.pattern_dropdown,
            self.probe_slider,
        )
        hover(self.degree_slider, "polynomial degree k of every piece (k = 3: cubic)")
        hover(self.interior_slider, "knots strictly inside (0, 1): more knots, more pieces")
        hover(self.layout_dropdown, "where the interior knots sit")
        hover(self.pattern_dropdown, "the coefficients c_i of the spline s(x) = sum c_i B_i(x)")
        hover(self.probe_slider, "the point x at which the basis values are read out")
        assemble(self, controls, (self.output, self.readout), self._on_change)
        self.update()

    def _on_change(self, change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Recompute the basis and the spline from the controls and redraw."""
        self.model = spline_model(
            int(self.degree_slider.value),
            int(self.interior_slider.value),
            self.layout_dropdown.value,
            self.pattern_dropdown.value,
            min(max(float(self.probe_slider.value), 0.0), 1.0),
        )
        self.readout.value = readout_html(self.model)
        self.plot.draw(self.model)
        self.pngs = (self.plot.png.render(),)
        show_png(self.output, *self.pngs)


def spline_explorer(
    degree: int = 3,
    interior: int = 4,
    layout: str = "uniform",
    pattern: str = "sine",
    probe: float = 0.3,
) -> SplineExplorer:
    """The B-spline explorer, ready to display: `spline_explorer(degree=2, interior=6)`.
    `layout` is one of "uniform", "random", "repeated knot"; `pattern` one of "sine",
    "random", "single"; `probe` the x in [0, 1] whose nonzero basis functions are shown."""
    return SplineExplorer(degree, interior, layout, pattern, probe)
