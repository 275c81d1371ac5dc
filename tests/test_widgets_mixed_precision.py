"""Headless tests of the loss-scale explorer: set a control's `.value` as a user would, read what
the view computed (`.model`, `.readout.value`, `.figure`, `.run_figure`, `.pngs`). Any warning
is an error, and nothing may reach stderr."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pytest

from course.bench.latency import median_seconds
from course.mixed_precision import synthetic_gradients
from course.widgets import LossScaleExplorer, loss_scale_explorer
from course.widgets.registry import PROBES

REPO = Path(__file__).resolve().parents[1]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_explorer_starts_on_its_arguments():
    """Does the explorer build headless on synthetic gradients, fp16 at scale 1?"""
    explorer = loss_scale_explorer()
    assert isinstance(explorer, widgets.VBox) and isinstance(explorer, LossScaleExplorer)
    model = explorer.model
    assert (model.fmt, model.log2_scale, model.scale, model.growth_interval) == ("fp16", 0, 1.0, 20)
    census = model.census
    assert census.count == synthetic_gradients()[0].size
    assert census.flushed > 0 and census.subnormal > 0.3 and census.overflowed == 0
    total = census.flushed + census.subnormal + census.normal + census.overflowed
    assert abs(total - 1) < 1e-12
    assert model.run.scales.size == 300 and model.run.skipped_count > 0
    assert model.run.scales[0] == 2.0**16
    assert "flushed to zero" in explorer.readout.value and "2^0 = 1" in explorer.readout.value
    assert len(explorer.pngs) == 2 and all(p.startswith(PNG_SIGNATURE) for p in explorer.pngs)
    assert "2^0 in fp16" in explorer.figure.axes[0].get_title()
    assert explorer.figure.axes[0].get_xscale() == "log"
    assert "GradScaler" in explorer.run_figure.axes[0].get_title()


def test_scale_slider_moves_the_histogram_only():
    """Does a new scale recompute the census and the histogram, and reuse the run's image?"""
    explorer = loss_scale_explorer()
    before, run_png, run = explorer.model, explorer.pngs[1], explorer.model.run
    explorer.scale_slider.value = 16
    model = explorer.model
    assert model.log2_scale == 16 and model.scale == 2.0**16
    assert model.census.flushed == 0 and model.census.subnormal < before.census.subnormal
    assert model.census.overflowed > 0  # the largest synthetic gradients times 2**16 overflow
    assert model.largest_scaled == before.largest_scaled * 2.0**16
    assert "2^16 = 65536" in explorer.readout.value
    assert "2^16 in fp16" in explorer.figure.axes[0].get_title()
    assert explorer.pngs[0] != before and explorer.pngs[1] is run_png and model.run is run


def test_format_dropdown_changes_regions_and_run():
    """Does bf16 hold every gradient at any scale, and does each format get its own run?"""
    explorer = loss_scale_explorer(log2_scale=24)
    fp16_run = explorer.model.run
    explorer.format_dropdown.value = "bf16"
    model = explorer.model
    assert model.fmt == "bf16" and model.regions.smallest_normal == 2.0**-126
    assert model.census.flushed == model.census.overflowed == model.census.subnormal == 0
    assert model.run is not fp16_run and model.run.skipped_count == 0
    assert "bf16" in explorer.run_figure.axes[0].get_title()
    explorer.format_dropdown.value = "e4m3"
    assert explorer.model.census.overflowed > 0 and "NaN" in explorer.readout.value
    explorer.format_dropdown.value = "fp16"
    assert explorer.model.run is fp16_run  # runs are cached per (format, interval)


def test_interval_slider_reruns_the_scaler():
    """Does a new growth interval give a new GradScaler run and a new image of it?"""
    explorer = loss_scale_explorer()
    histogram_png, run_png = explorer.pngs
    explorer.interval_slider.value = 100
    run = explorer.model.run
    assert explorer.model.growth_interval == 100
    assert run.scales.size == 300 and explorer.pngs[1] != run_png
    assert explorer.pngs[0] is histogram_png  # the histogram did not change
    assert "growth interval 100" in explorer.readout.value
    assert "growth interval 100" in explorer.run_figure.axes[0].get_title()


def test_explorer_takes_any_gradient_array():
    """Do custom gradients (zeros, inf and NaN among them) and step maxima work?"""
    grads = np.array([[0.0, 1e-9, -3e-6], [2e-3, np.inf, np.nan]], dtype=np.float32)
    explorer = loss_scale_explorer(grads, step_maxima=[0.01, 0.02, 5.0, 0.01], log2_scale=3)
    assert explorer.model.census.count == 3
    assert explorer.model.run.scales.size == 4 and explorer.model.run.skipped.tolist()[2]
    defaulted = LossScaleExplorer(grads)  # maxima follow the synthetic shape at this size
    assert defaulted.step_maxima.size == 300
    assert defaulted.step_maxima[-1] < 10 * np.float32(2e-3)
    explorer.scale_slider.value = 24
    assert explorer.model.smallest_scaled == pytest.approx(float(np.float32(1e-9)) * 2**24)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"fmt": "fp32"}, "fmt"),
        ({"log2_scale": 25}, "log2_scale"),
        ({"log2_scale": 2.0}, "log2_scale"),
        ({"growth_interval": 0}, "growth_interval"),
        ({"grads": [0.0, np.nan]}, "grads"),
        ({"step_maxima": []}, "step_maxima"),
        ({"step_maxima": [1.0, np.inf]}, "step_maxima"),
    ],
)
def test_bad_arguments_are_named(kwargs, name):
    """Is a bad argument a ValueError naming it?"""
    with pytest.raises(ValueError, match=name):
        loss_scale_explorer(**kwargs)


def test_latency_probe_changes_the_view():
    """Does the latency probe of the explorer time real updates (model and images redone)?"""
    change = PROBES["loss_scale_explorer"]()
    seconds = median_seconds(change, 6)
    assert 0 < seconds < 5


def test_explorer_builds_in_a_plain_python_process():
    """Does the explorer build and update in a fresh interpreter, silently?"""
    code = (
        "from course.widgets import loss_scale_explorer\n"
        "e = loss_scale_explorer(); e.scale_slider.value = 12; e.format_dropdown.value = 'e5m2'\n"
        "e.interval_slider.value = 7\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "MPLBACKEND": "Agg"},
        timeout=180,
    )
    assert done.returncode == 0 and done.stderr == "" and done.stdout == "", done.stderr
