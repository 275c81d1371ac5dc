"""Small plotting helpers shared by the notebooks and widgets.

Both ways of drawing put a PNG inside an `ipywidgets.Output`, which works in JupyterLab 4 and on
Colab (ipywidgets 7.7.1, no ipympl there): `draw_in` for pyplot code in notebooks (what the inline
backend does), `show_png` for widgets that keep one figure and update its artists, which halves
the time of a redraw (ticks, legend and text layouts are reused).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import Any

import matplotlib.pyplot as plt
import matplotlib.style
from matplotlib.figure import Figure

# matplotlib's "tableau-colorblind10" cycle (Tableau's colour-blind-safe palette).
PALETTE: tuple[str, ...] = tuple(
    matplotlib.style.library["tableau-colorblind10"]["axes.prop_cycle"].by_key()["color"]
)
BLUE, ORANGE, GREY, DARK_GREY, LIGHT_BLUE = (PALETTE[i] for i in (0, 1, 2, 3, 7))


def _ipython_shell() -> Any:
    """The running IPython shell, or None in a plain Python process (tests, benchmarks)."""
    try:
        from IPython import get_ipython
    except ImportError:  # IPython comes with ipywidgets, but plotting must not need it
        return None
    return get_ipython()


@contextlib.contextmanager
def draw_in(output: Any) -> Iterator[None]:
    """Replace what `output` (an ipywidgets.Output) shows with the pyplot figures drawn inside.

    Colab stacks a new figure per update unless the old output is cleared and `plt.show()` is
    called. Figures made in the block are closed afterwards, so a headless (Agg) process that
    redraws many times does not collect open figures.
    """
    before = set(plt.get_fignums())
    try:
        with output:
            # Outside IPython clear_output would print terminal escape codes to stdout.
            if _ipython_shell() is not None:
                from IPython.display import clear_output

                clear_output(wait=True)
            yield
            plt.show()
    finally:
        for number in set(plt.get_fignums()) - before:
            plt.close(number)


def figure_png(figure: Figure, dpi: int = 100) -> bytes:
    """The figure rendered to PNG bytes at its own size (margins are set by the figure)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def show_png(output: Any, *pngs: bytes) -> None:
    """Replace what `output` (an ipywidgets.Output) shows with the given PNG images."""
    if (
        _ipython_shell() is None
    ):  # headless: display() would print reprs to stdout, and nobody looks
        return
    from IPython.display import Image, clear_output, display

    with output:
        clear_output(wait=True)
        for png in pngs:
            display(Image(data=png, format="png"))
