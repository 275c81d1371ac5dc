"""The CG convergence viewer: conjugate gradient's error against the sqrt(kappa) bound.

A thin view over `course.linalg.cg_run`. One log axis: the relative A-norm error and the relative
residual of each iteration of scipy's CG, and the bound 2 q**k with q = (sqrt(k) - 1)/(sqrt(k) + 1)
for the condition number k of the matrix CG sees. Scaling the rows and columns of A over several
decades ruins plain CG; the Jacobi preconditioner (divide by diag(A)) gives it back. Tests drive it
headless: set `kappa_slider.value` (log10 kappa), `scaling_slider.value` (decades),
`jacobi_checkbox.value` or `spectrum_buttons.value`, then read `view.model` (the CgRun),
`view.readout.value`, `view.figure` and `view.pngs`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from course.linalg import SPECTRA, CgRun, cg_run
from course.plotting import BLUE, DARK_GREY, ORANGE, KeyedBlitPng, show_png
from course.plotting import power_of_ten as _power_of_ten
from course.widgets.panel import WIDE, assemble, hover, table_html

_HEIGHT = 380  # figure height in pixels at 100 dpi
_FLOOR = 1e-17  # exact zeros are drawn here on the log axis
_X_RANGES = (50, 100, 250, 500, 1000, 2000, 4000)  # iterations shown; scipy stops at 20 n
_UNRESOLVED = 0.999 / np.finfo(float).eps  # cond(A) from eigvalsh is capped near 1/eps


def _condition_text(kappa: float) -> str:
    # cg_run caps what eigvalsh cannot resolve at 1/eps: say so rather than print that number.
    return f"{kappa:.3e}" if kappa < _UNRESOLVED else f"> {_UNRESOLVED:.1e} (beyond float64)"


def readout_html(model: CgRun) -> str:
    """The numbers of one CG run as an HTML table."""
    rows = [
        ("cond(A)", _condition_text(model.kappa)),
        ("condition number CG sees", _condition_text(model.effective_kappa)),
        ("iterations to a residual of 1e-10", f"{model.iterations}"),
        ("bound's estimate √κ/2 · ln(2/tol)", f"{model.predicted_iterations:.4g}"),
        ("final A-norm error (relative)", f"{model.errors[-1]:.3e}"),
    ]
    if model.predicted_iterations > model.size:
        rows.append(
            (
                f"the estimate exceeds n = {model.size}",
                "in exact arithmetic CG ends within n steps (rounding can delay it)",
            )
        )
    return table_html(rows)


class CgPlot:
    """One persistent figure: each frame redraws the three curves over a background (axes, legend,
    title) kept per x range and preconditioner."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=(8, _HEIGHT / 100), dpi=100)
        self.axes = axes = self.figure.add_axes((0.1, 0.13, 0.86, 0.7))
        (self.error_line,) = axes.semilogy([], [], color=BLUE, label="A-norm error")
        (self.residual_line,) = axes.semilogy([], [], color=ORANGE, lw=1, label="residual")
        (self.bound_line,) = axes.semilogy(
            [], [], color=DARK_GREY, ls="--", label="bound 2 qᵏ, q = (√κ − 1)/(√κ + 1)"
        )
        axes.set_ylim(1e-13, 10.0)
        # Plain-text labels such as 1e-08: mathtext labels (10^-8) cost most of a redraw.
        axes.yaxis.set_major_locator(LogLocator(base=10, numticks=8))
        axes.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
        axes.yaxis.set_minor_locator(NullLocator())
        axes.set_xlabel("iteration k")
        axes.set_ylabel("relative error, residual (log scale)")
        # Above the frame, so that the curves never pass under it.
        axes.legend(loc="lower center", fontsize=8, ncol=3, bbox_to_anchor=(0.5, 1.0))
        dynamic = [self.error_line, self.residual_line, self.bound_line]
        dynamic += list(axes.spines.values())  # above curves that reach them
        self.png = KeyedBlitPng(self.figure, dynamic, keyed=[axes.xaxis, axes.title])


class CgConvergence(widgets.VBox):
    """The CG convergence viewer (a VBox); see the module docstring for what tests read."""

    def __init__(
        self,
        kappa: float = 1e3,
        scaling_decades: float = 0.0,
        jacobi: bool = False,
        spectrum: str = "chebyshev",
    ) -> None:
        super().__init__()
        if not 1 <= kappa <= 1e6:
            raise ValueError(f"kappa must be from 1 to 1e6, got {kappa!r}")
        if not 0 <= scaling_decades <= 8:
            raise ValueError(f"scaling_decades must be from 0 to 8, got {scaling_decades!r}")
        if spectrum not in SPECTRA:
            raise ValueError(f"spectrum must be one of {SPECTRA}, got {spectrum!r}")
        self.model: CgRun | None = None
        self.pngs: tuple[bytes, ...] = ()
        self.plot = CgPlot()
        self.figure = self.plot.figure
        self.kappa_slider = widgets.FloatSlider(
            value=round(float(np.log10(kappa)), 1),
            min=0.0,
            max=6.0,
            step=0.5,
            description="log₁₀ κ(C)",
            continuous_update=False,
            style=WIDE,
        )
        hover(self.kappa_slider, "log10 of the condition number of the SPD core matrix C")
        self.scaling_slider = widgets.FloatSlider(
            value=float(scaling_decades),
            min=0.0,
            max=8.0,
            step=1.0,
            description="row scaling (decades)",
            continuous_update=False,
            style=WIDE,
        )
        hover(self.scaling_slider, "A = S C S with the diagonal S spread over this many decades")
        self.jacobi_checkbox = widgets.Checkbox(
            value=bool(jacobi), description="Jacobi preconditioner", style=WIDE
        )
        hover(self.jacobi_checkbox, "precondition CG by dividing the residual by diag(A)")
        self.spectrum_buttons = widgets.ToggleButtons(
            options=list(SPECTRA),
            value=spectrum,
            description="eigenvalues",
            style={**WIDE, "button_width": "100px"},
        )
        hover(self.spectrum_buttons, "eigenvalues of C at Chebyshev points or evenly spaced")
        self.output = widgets.Output(layout=widgets.Layout(height=f"{_HEIGHT + 10}px"))
        self.readout = widgets.HTML()
        controls = (
            self.kappa_slider,
            self.scaling_slider,
            self.jacobi_checkbox,
            self.spectrum_buttons,
        )
        assemble(self, controls, (self.output, self.readout), self._on_change)
        self.update()

    def _on_change(self, change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Rerun CG from the controls and redraw."""
        self.model = model = cg_run(
            10.0 ** float(self.kappa_slider.value),
            float(self.scaling_slider.value),
            bool(self.jacobi_checkbox.value),
            self.spectrum_buttons.value,
        )
        self.readout.value = readout_html(model)
        self._draw(model)
        self.pngs = (self.plot.png.render(),)
        show_png(self.output, *self.pngs)

    def _draw(self, model: CgRun) -> None:
        plot = self.plot
        steps = np.arange(len(model.errors))
        plot.error_line.set_data(steps, np.maximum(model.errors, _FLOOR))
        plot.residual_line.set_data(steps, np.maximum(model.residuals, _FLOOR))
        plot.bound_line.set_data(steps, np.maximum(model.bound, _FLOOR))
        # The x range moves in steps, so that the axis (costly text) is drawn once per step.
        width = next((w for w in _X_RANGES if w >= model.iterations), _X_RANGES[-1])
        preconditioned = "with Jacobi" if self.jacobi_checkbox.value else "no preconditioner"
        if plot.png.static_changed((width, preconditioned)):
            plot.axes.set_xlim(0, width)
            plot.axes.set_title(
                f"CG on a 200 x 200 SPD system, {preconditioned}", fontsize=10, pad=22
            )


def cg_convergence(
    kappa: float = 1e3,
    scaling_decades: float = 0.0,
    jacobi: bool = False,
    spectrum: str = "chebyshev",
) -> CgConvergence:
    """The CG convergence viewer, ready to display: `cg_convergence(1e4, scaling_decades=6)`.
    `kappa` from 1 to 1e6, `scaling_decades` from 0 to 8, `spectrum` "chebyshev" or "uniform"."""
    return CgConvergence(kappa, scaling_decades, jacobi, spectrum)
