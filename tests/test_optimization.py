"""course.optimization: the test functions, error curves and paths the 03 narrative shows."""

import numpy as np
import pytest

from course import optimization


def test_rosenbrock_has_its_minimum_at_one_one_and_the_gradient_matches_differences():
    """Is (1, 1) a zero of f and of its gradient, and is the gradient right elsewhere?"""
    assert optimization.rosenbrock([1.0, 1.0]) == 0.0
    assert np.all(optimization.rosenbrock_grad([1.0, 1.0]) == 0.0)
    x, h = np.array([-1.2, 1.0]), 1e-6
    numeric = [
        (optimization.rosenbrock(x + e) - optimization.rosenbrock(x - e)) / (2 * h)
        for e in np.eye(2) * h
    ]
    np.testing.assert_allclose(optimization.rosenbrock_grad(x), numeric, rtol=1e-7)


def test_quadratic_has_the_condition_number_asked():
    """Is diag(1, kappa) the Hessian, with gradient A x?"""
    f, grad, a = optimization.quadratic(100.0)
    assert np.linalg.cond(a) == pytest.approx(100.0)
    assert f([1.0, 1.0]) == pytest.approx(50.5)
    np.testing.assert_allclose(grad(np.array([1.0, 2.0])), [1.0, 200.0])


def test_difference_errors_fall_with_the_order_then_rise_with_rounding():
    """Do forward and central errors fall like h and h^2, then grow like eps/h?"""
    hs = np.array([1e-2, 1e-3])
    forward = optimization.difference_errors(np.exp, np.exp, 1.0, hs, "forward")
    central = optimization.difference_errors(np.exp, np.exp, 1.0, hs, "central")
    assert forward[0] / forward[1] == pytest.approx(10, rel=0.01)
    assert central[0] / central[1] == pytest.approx(100, rel=0.01)
    tiny = optimization.difference_errors(np.exp, np.exp, 1.0, [1e-13], "central")
    assert tiny[0] > 1e-5  # rounding: eps * e / 1e-13 ~ 1e-3
    with pytest.raises(ValueError, match="kind"):
        optimization.difference_errors(np.exp, np.exp, 1.0, hs, "backward")


def test_paths_start_at_x0_and_reach_the_minimum():
    """Does each path start at x0; do BFGS and small-step descent go downhill?"""
    f, grad, _ = optimization.quadratic(10.0)
    path = optimization.gradient_descent_path(grad, [1.0, 1.0], 0.05, 200)
    assert path.shape == (201, 2) and np.all(path[0] == [1.0, 1.0])
    assert np.linalg.norm(path[-1]) < 1e-4
    bfgs = optimization.scipy_path(optimization.rosenbrock, optimization.rosenbrock_grad, [-1.2, 1])
    assert np.all(bfgs[0] == [-1.2, 1.0]) and np.linalg.norm(bfgs[-1] - 1) < 1e-4


def test_learning_rate_schedules_are_torchs():
    """Are the schedules constant, LinearLR warmup then cosine to 0, and OneCycleLR's defaults,
    proportional to the base rate?"""
    constant = optimization.learning_rate_schedule("constant", 50, 0.3)
    assert constant.shape == (50,) and np.all(constant == 0.3)
    cosine = optimization.learning_rate_schedule("warmup + cosine", 100, 0.5)
    assert cosine[0] == pytest.approx(0.5 / 10) and int(np.argmax(cosine)) == 10
    assert cosine[10] == pytest.approx(0.5) and cosine[-1] < 1e-3 * 0.5
    assert np.all(np.diff(cosine[:11]) > 0) and np.all(np.diff(cosine[10:]) <= 0)
    cycle = optimization.learning_rate_schedule("one-cycle", 100, 2.0)
    assert cycle[0] == pytest.approx(2.0 / 25) and int(np.argmax(cycle)) == 29
    np.testing.assert_allclose(
        optimization.learning_rate_schedule("one-cycle", 100, 1.0), cycle / 2, rtol=1e-15
    )
    cycle[0] = 7.0  # a copy: the cached rates stay as they were
    assert optimization.learning_rate_schedule("one-cycle", 100, 2.0)[0] == pytest.approx(0.08)
    for bad, word in ((("cosine", 10, 1.0), "kind"), (("constant", 0, 1.0), "steps")):
        with pytest.raises(ValueError, match=word):
            optimization.learning_rate_schedule(*bad)
