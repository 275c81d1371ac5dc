"""course.checks: the helpers the notebooks' test cells use."""

from __future__ import annotations

import math
import sys
import warnings

import numpy as np
import pytest
import scipy.special

from course.checks import forbid, quiet


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
