"""Small plotting helpers shared by the notebooks and widgets.

Every way of drawing puts a PNG inside an `ipywidgets.Output`, which works in JupyterLab 4 and on
Colab (ipywidgets 7.7.1, no ipympl there): `draw_in` for pyplot code in notebooks (what the
inline backend does); `figure_png` and `show_png` for widgets that keep one figure and update its
artists (ticks, legend and text layouts are reused); and `BlitPng`, which draws a figure's static
parts once and redraws only its moving artists. `power_of_ten` labels log-axis ticks.
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Hashable, Iterable, Iterator
from typing import Any

import matplotlib.pyplot as plt
import matplotlib.style
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

# matplotlib's "tableau-colorblind10" cycle (Tableau's colour-blind-safe palette).
PALETTE: tuple[str, ...] = tuple(
    matplotlib.style.library["tableau-colorblind10"]["axes.prop_cycle"].by_key()["color"]
)
BLUE, ORANGE, GREY, DARK_GREY, LIGHT_BLUE = (PALETTE[i] for i in (0, 1, 2, 3, 7))


def power_of_ten(value: float, position: int | None = None) -> str:
    """A log axis' tick label "1eN" (for a FuncFormatter); "" at zero, below or at infinity."""
    return f"1e{round(math.log10(value))}" if 0 < value < math.inf else ""


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
    figure.savefig(
        buffer, format="png", dpi=dpi, facecolor="white", pil_kwargs={"compress_level": 1}
    )
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


class BlitPng:
    """PNG renderings of a figure whose static parts are drawn once.

    Frames, legends and fixed axes go into a background bitmap on the first call; each later call
    restores it and redraws only the `dynamic` artists (lines, the axes whose limits move,
    changing titles) and the `extra` ones of this call (artists a redraw made anew), then encodes
    with light compression. Text layout dominates a full `savefig` (more so since matplotlib
    3.11's text shaping), and most text never changes. The dynamic artists are marked animated,
    which keeps them out of the background; `savefig` still draws the whole figure.
    """

    def __init__(self, figure: Figure, dynamic: Iterable[Artist] = ()) -> None:
        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        self.dynamic = list(dynamic)
        for artist in self.dynamic:
            artist.set_animated(True)
        self._background = None
        self._static_key: Hashable = None

    def static_changed(self, key: Hashable) -> bool:
        """Whether `key`, what the static parts depend on (a format, axis limits), differs from
        the last call's; if so, the background is taken anew at the next render."""
        if key == self._static_key:
            return False
        self._static_key, self._background = key, None
        return True

    def render(self, extra: Iterable[Artist] = ()) -> bytes:
        extra = list(extra)
        for artist in extra:
            artist.set_animated(True)  # before the background is taken, or it keeps them
        if self._background is None:
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        else:
            self.canvas.restore_region(self._background)
        # In zorder, as a full draw would (a stable sort keeps the given order among equals).
        for artist in sorted(self.dynamic + extra, key=lambda a: a.get_zorder()):
            self.figure.draw_artist(artist)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw")
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="png", compress_level=1)
        return buffer.getvalue()
