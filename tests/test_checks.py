"""course.checks: the helpers the notebooks' test cells use."""

from __future__ import annotations

import math
import sys
import warnings

import numpy as np
import pytest
import scipy.special

from course.checks import expect_value_error, forbid, quiet, routines


def test_quiet_swallows_warnings_numpy_errors_and_stderr(capfd):
    """Does nothing reach stderr from a warning, a numpy floating error or a stray print?"""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with quiet():
            np.log(np.zeros(2))
            warnings.warn("loud", RuntimeWarning, stacklevel=1)
            print("noise", file=sys.stderr)
    assert capfd.readouterr().err == ""


def test_quiet_lets_assertion_errors_through():
    """Does a failing assert inside quiet() still fail?"""
    with pytest.raises(AssertionError), quiet():
        raise AssertionError("wrong")


def _aliased(x):
    from scipy.special import logsumexp as lse

    return lse(x)


@pytest.mark.parametrize(
    "call",
    [
        lambda x: scipy.special.logsumexp(x),
        _aliased,
        lambda x: np.logaddexp.reduce(x),
        lambda x: math.fsum(x),
    ],
)
def test_forbid_catches_calls_under_any_name(call):
    """Is a forbidden library routine caught even when imported under another name?"""
    with pytest.raises(AssertionError, match="must not call"):
        with forbid(scipy.special.logsumexp, np.logaddexp.reduce, math.fsum):
            call(np.array([1.0, 2.0]))


def test_forbid_allows_everything_else_and_restores_the_profiler():
    """Does a from-scratch answer pass, and is the previous profiler restored?"""
    before = sys.getprofile()
    with forbid(scipy.special.logsumexp, np.logaddexp.reduce):
        x = np.array([1.0, 2.0])
        m = x.max()
        value = m + np.log(np.sum(np.exp(x - m)))
    assert math.isclose(value, scipy.special.logsumexp(x))
    assert sys.getprofile() is before


def test_expect_value_error_requires_the_argument_name():
    """Does expect_value_error pass a ValueError naming the argument and fail the others?"""
    with expect_value_error("f(-1)", "x"):
        raise ValueError("x must be >= 0")
    with pytest.raises(AssertionError, match="should name"), expect_value_error("f(-1)", "x"):
        raise ValueError("bad input")
    with pytest.raises(AssertionError, match="should raise"), expect_value_error("f(-1)", "x"):
        pass
    with pytest.raises(TypeError), expect_value_error("f(-1)", "x"):
        raise TypeError("not a ValueError: passes through")


def test_routines_unwraps_and_skips_what_is_missing():
    """Does routines() find library callables, unwrap decorated ones and skip absent names?"""
    import functools

    def inner():
        return 1

    wrapped = functools.wraps(inner)(lambda: inner())
    owner = type("Owner", (), {"f": staticmethod(wrapped)})
    assert routines(owner, "f", "absent") == (inner,)
    assert routines("no_such_module_here", "f") == ()
    assert routines(None, "f") == ()
    assert routines(np, "sum") == (np.sum.__wrapped__,) or routines(np, "sum") == (np.sum,)
