"""Every widget of the course, registered once: its factory, a view to start from, the control
change its latency probe repeats, and a walk through its controls.

The benchmark (`course.bench.latency`), the headless tests (tests/test_widgets.py), the browser
test and the Colab test all iterate `WIDGETS`; a module under course/widgets/ that holds a view
but no entry here fails tests/test_widgets.py. A new widget adds one `register(...)` call below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from course.widgets.bit_explorer import BitExplorer, bit_explorer
from course.widgets.cg_convergence import CgConvergence, cg_convergence
from course.widgets.conditioning_explorer import ConditioningExplorer, conditioning_explorer
from course.widgets.fd_error_explorer import FdErrorExplorer, fd_error_explorer
from course.widgets.loss_scale_explorer import LossScaleExplorer, loss_scale_explorer
from course.widgets.mc_qmc_view import McQmcView, mc_qmc_view
from course.widgets.optimizer_explorer import OptimizerExplorer, optimizer_explorer
from course.widgets.quadrature_explorer import QuadratureExplorer, quadrature_explorer
from course.widgets.roofline_explorer import RooflineExplorer, roofline_explorer
from course.widgets.runge_visualizer import RungeVisualizer, runge_visualizer
from course.widgets.spline_explorer import SplineExplorer, spline_explorer
from course.widgets.training_memory_calculator import (
    TrainingMemoryCalculator,
    training_memory_calculator,
)
from course.widgets.ulp_ruler import UlpRuler, ulp_ruler

Change = tuple[widgets.Widget, Any]  # (control, the value a user sets it to)


@dataclass(frozen=True)
class RegisteredWidget:
    """One widget of the course."""

    factory: Callable[..., widgets.VBox]  # what notebooks import and call, e.g. ulp_ruler
    view_class: type[widgets.VBox]  # the VBox subclass the factory returns
    start: Callable[[], widgets.VBox]  # a view on fixed arguments (probes and tests start here)
    change: Callable[[Any, int], None]  # the i-th control change of the latency probe
    walk: Callable[[Any], list[Change]]  # control changes to try once each, in order

    @property
    def name(self) -> str:
        return self.factory.__name__

    @property
    def module(self) -> str:
        return self.factory.__module__

    def probe(self) -> Callable[[int], None]:
        """A fresh view's one-control-change function: change(i) is the probe's i-th update."""
        view = self.start()
        return lambda i: self.change(view, i)


WIDGETS: dict[str, RegisteredWidget] = {}


def register(entry: RegisteredWidget) -> RegisteredWidget:
    if entry.name in WIDGETS:
        raise ValueError(f"widget {entry.name!r} is registered twice")
    WIDGETS[entry.name] = entry
    return entry


# ------------------------------------------------------------------------------- 01 floats


def _type_ruler_text(ruler: UlpRuler, i: int) -> None:
    """The ruler cycles through typed values (normal, subnormal, overflow edge, zero)."""
    texts = ("0.1", "1e-8", "65519", "3.14159", "-0", "2**-130")
    ruler.value_text.value = texts[i % len(texts)]


register(
    RegisteredWidget(
        factory=ulp_ruler,
        view_class=UlpRuler,
        start=lambda: UlpRuler(0.1, "fp32"),
        change=_type_ruler_text,
        walk=lambda r: [(r.value_text, t) for t in ("1e-8", "65519", "-0", "inf", "3")],
    )
)


def _click_low_bit(explorer: BitExplorer, i: int) -> None:
    """The explorer flips low mantissa bits of an fp16 value."""
    button = explorer.bit_buttons[-1 - i % 4]
    button.value = not button.value


register(
    RegisteredWidget(
        factory=bit_explorer,
        view_class=BitExplorer,
        start=lambda: BitExplorer(1.0, "fp16"),
        change=_click_low_bit,
        walk=lambda b: (
            [(b.value_text, t) for t in ("-2.5", "0", "1e-6", "inf", "nan")]
            + [(b.format_dropdown, "bf16"), (b.value_text, "3e38"), (b.format_dropdown, "e4m3")]
        ),
    )
)


# ------------------------------------------------------------------------ 04 interpolation


def _walk_runge_n(view: RungeVisualizer, i: int) -> None:
    """The visualizer walks n up and down, switching node family every few steps."""
    sizes = (25, 40, 60, 80, 100, 70, 30, 15)  # never the value already set
    if i % 4 == 3:
        view.family_buttons.value = (
            "chebyshev" if view.family_buttons.value == "equispaced" else "equispaced"
        )
    else:
        view.n_slider.value = sizes[i % len(sizes)]


register(
    RegisteredWidget(
        factory=runge_visualizer,
        view_class=RungeVisualizer,
        start=lambda: RungeVisualizer("runge", 11, "equispaced"),
        change=_walk_runge_n,
        walk=lambda r: [
            (r.n_slider, 40),
            (r.family_buttons, "chebyshev"),
            (r.function_dropdown, "abs"),
            (r.n_slider, 12),
        ],
    )
)


def _move_spline_probe(view: SplineExplorer, i: int) -> None:
    """The explorer moves its probe and steps through degrees 1 to 5."""
    if i % 2:
        view.degree_slider.value = 1 + i % 5
    else:
        view.probe_slider.value = round(0.05 + 0.9 * ((i * 0.37) % 1), 2)


register(
    RegisteredWidget(
        factory=spline_explorer,
        view_class=SplineExplorer,
        start=lambda: SplineExplorer(3, 8, "uniform", "sine", 0.3),
        change=_move_spline_probe,
        walk=lambda s: [(s.degree_slider, 1), (s.probe_slider, 0.8)],
    )
)


# ---------------------------------------------------------------------- 06 mixed precision


def _step_loss_scale(view: LossScaleExplorer, i: int) -> None:
    """The explorer steps the loss scale through 2**0..2**24, switching format every fifth step."""
    formats = ("bf16", "fp16", "e5m2", "e4m3")
    if i % 5 == 4:
        view.format_dropdown.value = formats[(i // 5) % len(formats)]
    else:
        view.scale_slider.value = (7 * i + 3) % 25  # never the value already set


register(
    RegisteredWidget(
        factory=loss_scale_explorer,
        view_class=LossScaleExplorer,
        start=LossScaleExplorer,
        change=_step_loss_scale,
        walk=lambda e: [(e.scale_slider, 20), (e.format_dropdown, "bf16")],
    )
)


# ---------------------------------------------------------------------- 02 linear algebra


def _turn_perturbation(view: ConditioningExplorer, i: int) -> None:
    """The explorer turns the perturbation of b, and raises kappa every fourth step."""
    if i % 4 == 3:
        view.kappa_slider.value = (view.kappa_slider.value + 2.5) % 12.5  # never the value set
    else:
        view.angle_slider.value = (view.angle_slider.value + 35.0) % 180.0


register(
    RegisteredWidget(
        factory=conditioning_explorer,
        view_class=ConditioningExplorer,
        start=lambda: ConditioningExplorer(1e3, 1e-3, 90.0),
        change=_turn_perturbation,
        walk=lambda c: [(c.kappa_slider, 8.0), (c.size_slider, -6.0), (c.angle_slider, 120.0)],
    )
)


def _step_cg(view: CgConvergence, i: int) -> None:
    """The viewer steps kappa and toggles Jacobi every third step."""
    if i % 3 == 2:
        view.jacobi_checkbox.value = not view.jacobi_checkbox.value
    else:
        view.kappa_slider.value = (view.kappa_slider.value + 1.5) % 6.5  # never the value set


register(
    RegisteredWidget(
        factory=cg_convergence,
        view_class=CgConvergence,
        start=lambda: CgConvergence(1e3, 0.0, False, "chebyshev"),
        change=_step_cg,
        walk=lambda v: [
            (v.scaling_slider, 6.0),
            (v.jacobi_checkbox, True),
            (v.spectrum_buttons, "uniform"),
            (v.kappa_slider, 4.0),
        ],
    )
)


# ---------------------------------------------------------------------------- 05 integration


def _step_quadrature_n(view: QuadratureExplorer, i: int) -> None:
    """The explorer steps n through even values, switching rule every third step."""
    if i % 3 == 2:
        rules = view.rule_buttons.options
        view.rule_buttons.value = rules[(rules.index(view.rule_buttons.value) + 1) % len(rules)]
    else:
        view.n_slider.value = 2 + (view.n_slider.value + 8) % 64  # never the value already set


register(
    RegisteredWidget(
        factory=quadrature_explorer,
        view_class=QuadratureExplorer,
        start=lambda: QuadratureExplorer("smooth", "trapezoid", 8),
        change=_step_quadrature_n,
        walk=lambda q: [
            (q.integrand_dropdown, "kink"),
            (q.rule_buttons, "gauss"),
            (q.n_slider, 32),
            (q.integrand_dropdown, "endpoint singularity"),
        ],
    )
)


def _step_point_sets(view: McQmcView, i: int) -> None:
    """The view steps n through 2**2..2**12, changing the seed every fourth step."""
    if i % 4 == 3:
        view.seed_slider.value = (view.seed_slider.value + 1) % 100
    else:
        view.exponent_slider.value = 2 + (view.exponent_slider.value + 3) % 11


register(
    RegisteredWidget(
        factory=mc_qmc_view,
        view_class=McQmcView,
        start=lambda: McQmcView(8, 0),
        change=_step_point_sets,
        walk=lambda v: [(v.exponent_slider, 12), (v.seed_slider, 3), (v.exponent_slider, 4)],
    )
)


# ------------------------------------------------------------------------------- 07 gpu memory


def _step_roofline(view: RooflineExplorer, i: int) -> None:
    """The explorer cycles the matmul size, and the dtype every third step."""
    if i % 3 == 2:
        view.dtype_buttons.value = ("fp32", "bf16", "fp8")[(i // 3) % 3]
    else:
        sizes = (64, 256, 1024, 4096, 16384)
        view.matmul_dropdown.value = sizes[i % len(sizes)]


register(
    RegisteredWidget(
        factory=roofline_explorer,
        view_class=RooflineExplorer,
        start=lambda: RooflineExplorer("H100 SXM (bf16)", 1024, "bf16", 2048),
        change=_step_roofline,
        walk=lambda r: [
            (r.device_dropdown, "A100 80GB SXM (bf16)"),
            (r.matmul_dropdown, 64),
            (r.dtype_buttons, "fp32"),
            (r.attention_dropdown, 32768),
        ],
    )
)


def _step_training_memory(view: TrainingMemoryCalculator, i: int) -> None:
    """The calculator steps the batch, toggling checkpointing every fourth step."""
    if i % 4 == 3:
        view.checkpoint_box.value = not view.checkpoint_box.value
    else:
        view.batch_slider.value = 1 + (view.batch_slider.value + 6) % 64


register(
    RegisteredWidget(
        factory=training_memory_calculator,
        view_class=TrainingMemoryCalculator,
        start=lambda: TrainingMemoryCalculator("1.3B", 8, 2048, "bf16", "adam", False),
        change=_step_training_memory,
        walk=lambda t: [
            (t.model_dropdown, "7B"),
            (t.seq_dropdown, 8192),
            (t.dtype_buttons, "fp32"),
            (t.optimizer_buttons, "sgd"),
            (t.checkpoint_box, True),
            (t.batch_slider, 32),
        ],
    )
)

# ---------------------------------------------------------------------------- 03 optimization


def _step_learning_rate(view: OptimizerExplorer, i: int) -> None:
    """The explorer walks the learning rate, switching method every fourth step."""
    if i % 4 == 3:
        methods = ("gradient descent", "momentum", "BFGS")
        current = view.method_dropdown.value
        view.method_dropdown.value = methods[(methods.index(current) + 1) % 3]
    else:
        view.lr_slider.value = (-3.5, -3.0, -2.5)[i % 4]


register(
    RegisteredWidget(
        factory=optimizer_explorer,
        view_class=OptimizerExplorer,
        start=lambda: OptimizerExplorer("Rosenbrock", "gradient descent", 1e-3, (-1.2, 1.0)),
        change=_step_learning_rate,
        walk=lambda o: [
            (o.method_dropdown, "BFGS"),
            (o.problem_dropdown, "quadratic (κ = 50)"),
            (o.method_dropdown, "momentum"),
            (o.lr_slider, -1.5),
            (o.schedule_dropdown, "warmup + cosine"),
            (o.method_dropdown, "Adam"),
            (o.schedule_dropdown, "one-cycle"),
            (o.problem_dropdown, "logistic regression"),
            (o.method_dropdown, "dogleg"),
            (o.x_slider, 1.5),
            (o.y_slider, -1.0),
            (o.method_dropdown, "L-BFGS"),
        ],
    )
)


def _step_difference_point(view: FdErrorExplorer, i: int) -> None:
    """The explorer moves x, switching the difference every fourth step."""
    if i % 4 == 3:
        view.kind_buttons.value = "central" if view.kind_buttons.value == "forward" else "forward"
    else:
        view.x_slider.value = (0.5, 1.5, 1.0)[i % 4]


register(
    RegisteredWidget(
        factory=fd_error_explorer,
        view_class=FdErrorExplorer,
        start=lambda: FdErrorExplorer("exp(x)", 1.0, "forward"),
        change=_step_difference_point,
        walk=lambda e: [
            (e.kind_buttons, "central"),
            (e.function_dropdown, "sin(x)"),
            (e.x_slider, 0.3),
            (e.function_dropdown, "1/(1 + 25x²)"),
            (e.kind_buttons, "forward"),
            (e.function_dropdown, "x³"),
        ],
    )
)

# name -> factory of a one-control-change function (what the latency benchmark times).
PROBES: dict[str, Callable[[], Callable[[int], None]]] = {
    name: entry.probe for name, entry in WIDGETS.items()
}
