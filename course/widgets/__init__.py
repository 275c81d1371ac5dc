"""Interactive views for the notebooks, built from core ipywidgets and inline matplotlib.

Each factory returns a VBox subclass that keeps what it computed (`.model`, `.figure`,
`.readout`), so tests can drive it headless by setting a control's `.value`. Every widget is
registered once in `course.widgets.registry` (its view, latency probe and control walk), which
the benchmark and the tests iterate; export its factory and class here too.
"""

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

__all__ = [
    "BitExplorer",
    "CgConvergence",
    "ConditioningExplorer",
    "FdErrorExplorer",
    "LossScaleExplorer",
    "McQmcView",
    "OptimizerExplorer",
    "QuadratureExplorer",
    "RooflineExplorer",
    "RungeVisualizer",
    "SplineExplorer",
    "TrainingMemoryCalculator",
    "UlpRuler",
    "bit_explorer",
    "cg_convergence",
    "conditioning_explorer",
    "fd_error_explorer",
    "loss_scale_explorer",
    "mc_qmc_view",
    "optimizer_explorer",
    "quadrature_explorer",
    "roofline_explorer",
    "runge_visualizer",
    "spline_explorer",
    "training_memory_calculator",
    "ulp_ruler",
]
