"""Helpers that the notebooks' test cells use: silence a correct answer's warnings, forbid calls.

nbgrader scores any stderr output in a test cell as a failure, so every call into student code
(and into the reference libraries) runs inside `quiet()`. `forbid` checks the "from scratch"
rule of an exercise by watching the calls made while student code runs.
"""

from __future__ import annotations

import contextlib
import io
import sys
import warnings
from collections.abc import Callable, Iterator

import numpy as np


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence Python warnings, numpy floating-point warnings and stray stderr writes."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        with contextlib.redirect_stderr(io.StringIO()):
            yield


class ForbiddenCalls:
    """What `forbid` saw: the names of forbidden callables that were called."""

    def __init__(self) -> None:
        self.seen: list[str] = []


def _describe(target: Callable) -> str:
    owner = getattr(target, "__self__", None)
    prefix = getattr(target, "__module__", None) or getattr(owner, "__name__", None) or "?"
    return f"{prefix}.{getattr(target, '__qualname__', getattr(target, '__name__', target))}"


@contextlib.contextmanager
def forbid(*targets: Callable, what: str = "") -> Iterator[ForbiddenCalls]:
    """Raise AssertionError at exit if any of `targets` was called inside the block.

    Python functions are matched by their code object, builtins (torch.logsumexp, math.fsum,
    bound methods such as numpy.logaddexp.reduce) by identity or by (owner, name). A student who
    imported the function under another name is still caught.
    """
    codes = {}
    builtins = {}
    for target in targets:
        code = getattr(target, "__code__", None)
        if code is not None:
            codes[code] = _describe(target)
        else:
            owner = getattr(target, "__self__", None)
            builtins[(id(owner), getattr(target, "__name__", None))] = _describe(target)
            builtins[(id(target), None)] = _describe(target)
    record = ForbiddenCalls()

    def profiler(frame, event, arg):
        if event == "call" and frame.f_code in codes:
            record.seen.append(codes[frame.f_code])
        elif event == "c_call":
            key = (id(getattr(arg, "__self__", None)), getattr(arg, "__name__", None))
            name = builtins.get(key) or builtins.get((id(arg), None))
            if name:
                record.seen.append(name)

    previous = sys.getprofile()
    sys.setprofile(profiler)
    try:
        yield record
    finally:
        sys.setprofile(previous)
    if record.seen:
        rule = f" ({what})" if what else ""
        raise AssertionError(f"this exercise must not call {sorted(set(record.seen))}{rule}")
