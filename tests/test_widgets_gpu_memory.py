"""The roofline explorer and the training-memory calculator, driven headless."""

from __future__ import annotations

import pytest

from course.widgets import roofline_explorer, training_memory_calculator


def test_roofline_explorer_places_the_four_operations():
    """Does the explorer place elementwise, matmul and both attentions, and follow its controls?"""
    view = roofline_explorer("A100 80GB SXM (bf16)", 1024, "bf16", 2048)
    assert [p.bound for p in view.points] == ["memory", "compute", "memory", "memory"]
    assert "A100" in view.readout.value and view.pngs
    view.matmul_dropdown.value = 64
    assert view.points[1].bound == "memory"  # intensity 64/3 is below A100's ridge of 153
    view.dtype_buttons.value = "fp32"
    assert view.points[0].intensity == pytest.approx(1 / 8)


@pytest.mark.parametrize(
    "kwargs, name",
    [({"device": "TPU"}, "device"), ({"matmul_n": 100}, "matmul_n"), ({"dtype": "int8"}, "dtype")],
)
def test_roofline_explorer_rejects_bad_arguments(kwargs, name):
    with pytest.raises(ValueError, match=name):
        roofline_explorer(**kwargs)


def test_training_memory_calculator_stacks_the_parts():
    """Do the parts add up, does checkpointing shrink activations, is the measured peak shown?"""
    view = training_memory_calculator("7B", 1, 2048, "bf16", "adam", False)
    parts = view.parts
    assert parts["total"] == sum(v for k, v in parts.items() if k != "total")
    assert parts["total"] - parts["activations"] == 16 * 7_000_000_000
    before = parts["activations"]
    view.checkpoint_box.value = True
    assert view.parts["activations"] < before / 10
    assert view.measured_peak and view.measured_peak > 0 and "measured peak" in view.measured.value
    view.optimizer_buttons.value = "sgd"
    assert view.parts["optimizer state"] == 0


def test_training_memory_calculator_rejects_bad_arguments():
    with pytest.raises(ValueError, match="model"):
        training_memory_calculator("3B")
