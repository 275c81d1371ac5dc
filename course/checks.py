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


class expect_value_error:  # noqa: N801 - used as a context manager, named like pytest.raises
    """The block must raise ValueError whose message contains each of `words` (the argument's name).

    `call` is how the test names the call in its message, e.g. "ulp(inf, 'fp32')". Any other
    exception passes through unchanged, so a student sees what their code really raised.
    """

    def __init__(self, call: str, *words: str) -> None:
        self.call, self.words = call, words

    def __enter__(self) -> expect_value_error:
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if kind is None:
            raise AssertionError(f"{self.call} should raise ValueError")
        if not issubclass(kind, ValueError):
            return False
        missing = [word for word in self.words if word not in str(error)]
        if missing:
            raise AssertionError(f"{self.call}: the ValueError should name {missing}: {error}")
        return True


def routines(owner: object, *names: str) -> tuple[Callable, ...]:
    """The callables `owner.<name>` for `forbid`, decorated ones unwrapped to the code that runs.

    `owner` is a module, a class or a dotted module name; a name (or a module) that this library
    version lacks is skipped, so a test cell works across the versions that pyproject admits.
    """
    if isinstance(owner, str):
        import importlib

        try:
            owner = importlib.import_module(owner)
        except ImportError:
            return ()
    if owner is None:
        return ()
    found = (getattr(owner, name, None) for name in names)
    return tuple(getattr(target, "__wrapped__", target) for target in found if target is not None)
