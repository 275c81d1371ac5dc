"""Interactive views for the notebooks, built from core ipywidgets and inline matplotlib.

Each factory returns a VBox subclass that keeps what it computed (`.model`, `.figure`,
`.readout`), so tests can drive it headless by setting a control's `.value`.
"""

from course.widgets.bit_explorer import BitExplorer, bit_explorer
from course.widgets.loss_scale_explorer import LossScaleExplorer, loss_scale_explorer
from course.widgets.runge_visualizer import RungeVisualizer, runge_visualizer
from course.widgets.spline_explorer import SplineExplorer, spline_explorer
from course.widgets.ulp_ruler import UlpRuler, ulp_ruler

__all__ = [
    "BitExplorer",
    "LossScaleExplorer",
    "RungeVisualizer",
    "SplineExplorer",
    "UlpRuler",
    "bit_explorer",
    "loss_scale_explorer",
    "runge_visualizer",
    "spline_explorer",
    "ulp_ruler",
]
