"""Moved: the latency harness is `course.bench.latency`, the probes are the widget registry's
(`course.widgets.registry`). This module only keeps the old names importable.

`PROBES` is the registry's; `widget_latencies` and `_median_seconds` are fetched from the
benchmark package when asked for, so importing course.widgets never imports course.bench.
"""

from __future__ import annotations

from course.widgets.registry import PROBES

__all__ = ["PROBES"]


def __getattr__(name: str):
    if name in ("widget_latencies", "_median_seconds"):
        from course.bench import latency

        return latency.widget_latencies if name == "widget_latencies" else latency.median_seconds
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
