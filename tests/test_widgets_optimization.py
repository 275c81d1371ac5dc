"""The optimizer explorer, headless: its model and its view driven by setting controls."""

import numpy as np
import pytest

from course import optimization
from course.widgets import optimizer_explorer
from course.widgets.optimizer_explorer import OptimizerExplorer


def test_gradient_descent_on_the_quadratic_is_stable_below_two_over_lambda_max():
    """Does a fixed step below 2/50 converge on diag(1, 50), and one above it diverge?"""
    name = "quadratic (κ = 50)"
    stable = optimization.optimizer_run(name, "gradient descent", 0.039, (1.0, 1.0))
    unstable = optimization.optimizer_run(name, "gradient descent", 0.041, (1.0, 1.0))
    assert stable.losses[-1] < stable.losses[0]
    assert unstable.losses[-1] > 1e3 * unstable.losses[0]


@pytest.mark.parametrize("method", ["BFGS", "L-BFGS", "dogleg"])
def test_second_order_methods_reach_the_minimum_of_rosenbrock(method):
    """Do scipy's quasi-Newton and trust-region runs end at (1, 1), with a Wolfe first step?"""
    run = optimization.optimizer_run("Rosenbrock", method, 1e-3, (-1.2, 1.0))
    assert np.linalg.norm(run.path[-1] - 1) < 1e-4 and run.losses[-1] < 1e-8
    assert len(run.path) < 60
    if method != "dogleg":
        assert run.armijo and run.wolfe


def test_adam_moves_each_coordinate_by_about_lr_on_its_first_step():
    """Is the explorer's Adam torch's: a first step of lr in each coordinate?"""
    run = optimization.optimizer_run("logistic regression", "Adam", 0.01, (0.0, 0.0))
    np.testing.assert_allclose(np.abs(run.path[1] - run.path[0]), [0.01, 0.01], rtol=1e-5)


def test_the_model_rejects_unknown_names():
    """Do an unknown problem or method raise ValueError naming the argument?"""
    with pytest.raises(ValueError, match="problem"):
        optimization.optimizer_run("Himmelblau", "BFGS", 0.1, (0, 0))
    with pytest.raises(ValueError, match="method"):
        optimization.optimizer_run("Rosenbrock", "Newton", 0.1, (0, 0))


def test_the_view_follows_its_controls():
    """Does each control change rerun the model and redraw?"""
    view = optimizer_explorer("Rosenbrock", "gradient descent", 1e-3, (-1.2, 1.0))
    assert isinstance(view, OptimizerExplorer) and len(view.model.path) == 201
    first_png = view.pngs[0]
    view.method_dropdown.value = "BFGS"
    assert len(view.model.path) < 60 and "BFGS" not in view.readout.value
    assert "Armijo" in view.readout.value and view.pngs[0] != first_png
    view.problem_dropdown.value = "quadratic (κ = 50)"
    assert view.model.losses[-1] < 1e-10
    view.method_dropdown.value = "gradient descent"
    view.lr_slider.value = -1.0  # 0.1 > 2/50: diverges
    assert view.model.losses[-1] > 1e6
    view.x_slider.value = 0.0
    assert view.model.path[0][0] == 0.0


def test_the_factory_rejects_bad_arguments():
    """Do bad factory arguments raise ValueError naming them?"""
    for kwargs, word in (({"problem": "x"}, "problem"), ({"method": "x"}, "method"),
                         ({"lr": 10.0}, "lr")):  # fmt: skip
        with pytest.raises(ValueError, match=word):
            optimizer_explorer(**kwargs)


def test_the_difference_model_predicts_the_measured_optimum():
    """Is the model's h* within a decade of the measured best step, forward and central?"""
    from course.optimization import difference_curve

    for kind, expected in (("forward", 3e-8), ("central", 9e-6)):
        curve = difference_curve("exp(x)", 1.0, kind)
        assert curve.best_h == pytest.approx(expected, rel=0.1)
        assert 0.1 < curve.measured_best_h / curve.best_h < 10
        assert np.all(curve.errors <= 10 * curve.model + 1e-300)
    with pytest.raises(ValueError, match="name"):
        difference_curve("cos(x)", 1.0, "forward")


def test_the_difference_explorer_follows_its_controls():
    """Does each control change recompute the curve?"""
    from course.widgets import fd_error_explorer

    view = fd_error_explorer("exp(x)", 1.0, "forward")
    forward_best = view.model.best_h
    view.kind_buttons.value = "central"
    assert view.model.best_h > 100 * forward_best and "h*" in view.readout.value
    view.function_dropdown.value = "sin(x)"
    view.x_slider.value = 0.5
    assert view.model.errors.min() < 1e-10
    with pytest.raises(ValueError, match="kind"):
        fd_error_explorer(kind="backward")


@pytest.mark.parametrize("method, momentum", [("gradient descent", 0), ("momentum", 0.9)])
def test_first_order_paths_are_torch_sgd(method, momentum):
    """Are the explorer's gradient descent and momentum paths torch.optim.SGD's?"""
    import torch

    run = optimization.optimizer_run("Rosenbrock", method, 1e-3, (-1.2, 1.0), steps=20)
    weights = torch.tensor([-1.2, 1.0], dtype=torch.float64, requires_grad=True)
    sgd = torch.optim.SGD([weights], lr=1e-3, momentum=momentum)
    for point in run.path[1:]:
        weights.grad = torch.from_numpy(optimization.rosenbrock_grad(weights.detach().numpy()))
        sgd.step()
        np.testing.assert_allclose(weights.detach().numpy(), point, rtol=1e-12)


def test_the_learning_rate_is_greyed_out_where_it_means_nothing():
    """Is the lr slider disabled for the scipy methods and enabled for the first-order ones?"""
    view = optimizer_explorer("Rosenbrock", "BFGS")
    assert view.lr_slider.disabled
    view.method_dropdown.value = "Adam"
    assert not view.lr_slider.disabled
    view.method_dropdown.value = "dogleg"
    assert view.lr_slider.disabled


def test_a_learning_rate_change_reuses_the_contour_background():
    """Does changing lr, schedule or method keep the contours and background, and a new function
    redraw them from values computed once per function?"""
    view = optimizer_explorer("Rosenbrock", "gradient descent", 1e-3, (-1.2, 1.0))
    contours, background = view.plot.contours, view.plot.png._background
    misses = optimization.contour_grid.cache_info().misses
    first_png = view.pngs[0]
    view.lr_slider.value = -2.5
    view.schedule_dropdown.value = "one-cycle"
    view.method_dropdown.value = "Adam"
    view.x_slider.value = 0.5
    assert view.plot.contours is contours and view.plot.png._background is background
    assert optimization.contour_grid.cache_info().misses == misses
    assert view.pngs[0] != first_png
    view.problem_dropdown.value = "logistic regression"
    assert view.plot.contours is not contours and view.plot.png._background is not background
    view.problem_dropdown.value = "Rosenbrock"
    assert optimization.contour_grid.cache_info().misses <= misses + 1  # Rosenbrock was cached
    grid_x, grid_y, values = optimization.contour_grid("Rosenbrock")
    assert values.shape == (120, 120) and not values.flags.writeable
    assert values[0, 0] == optimization.rosenbrock([grid_x[0], grid_y[0]])


def test_the_schedule_follows_its_control_and_is_greyed_out_with_the_learning_rate():
    """Does the schedule set each step's rate for the first-order methods, and is it disabled
    for the scipy ones?"""
    view = optimizer_explorer("quadratic (κ = 50)", "gradient descent", 1e-2, (1.0, 1.0))
    assert view.model.first_alpha == pytest.approx(1e-2, rel=1e-12)
    view.schedule_dropdown.value = "warmup + cosine"  # LinearLR starts at lr / (200 // 10)
    assert view.model.first_alpha == pytest.approx(1e-2 / 20, rel=1e-12)
    assert "warmup + cosine" in view.readout.value
    view.schedule_dropdown.value = "one-cycle"  # OneCycleLR starts at max_lr / 25
    assert view.model.first_alpha == pytest.approx(1e-2 / 25, rel=1e-12)
    view.method_dropdown.value = "L-BFGS"
    assert view.schedule_dropdown.disabled and view.lr_slider.disabled
    view.method_dropdown.value = "momentum"
    assert not view.schedule_dropdown.disabled
    with pytest.raises(ValueError, match="schedule"):
        optimizer_explorer(schedule="step")
    with pytest.raises(ValueError, match="schedule"):
        optimization.optimizer_run("Rosenbrock", "Adam", 0.1, (0, 0), schedule="step")


def test_adam_follows_the_schedule_step_by_step():
    """Does the explorer's Adam take torch.optim.Adam's steps with the scheduled rates?"""
    import torch

    run = optimization.optimizer_run(
        "Rosenbrock", "Adam", 1e-2, (-1.2, 1.0), steps=30, schedule="one-cycle"
    )
    weights = torch.tensor([-1.2, 1.0], dtype=torch.float64, requires_grad=True)
    adam = torch.optim.Adam([weights], lr=1e-2)
    schedule = torch.optim.lr_scheduler.OneCycleLR(  # the explorer schedules the rate only
        adam, max_lr=1e-2, total_steps=30, cycle_momentum=False
    )
    for point in run.path[1:]:
        weights.grad = torch.from_numpy(optimization.rosenbrock_grad(weights.detach().numpy()))
        adam.step()
        schedule.step()
        np.testing.assert_allclose(weights.detach().numpy(), point, rtol=1e-12)
