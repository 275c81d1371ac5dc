"""Small plotting helpers shared by the notebooks and widgets.

Every way of drawing puts a PNG inside an `ipywidgets.Output`, which works in JupyterLab 4 and on
Colab (ipywidgets 7.7.1, no ipympl there): `draw_in` for pyplot code in notebooks (what the
inline backend does); `figure_png` and `show_png` for widgets that keep one figure and update its
artists (ticks, legend and text layouts are reused); `BlitPng`, which draws a figure's static
parts once and redraws only its moving artists; and `KeyedBlitPng`, which also keeps one
background per state of a discrete control (`detach_label` takes an axis' label out of the axis'
redraw). `power_of_ten` labels log-axis ticks.
"""

from __future__ import annotations

import contextlib
import io
import math
import struct
import zlib
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Iterator
from typing import Any

import matplotlib.pyplot as plt
import matplotlib.style
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

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


def detach_label(axis: Axis) -> Text:
    """Draw `axis`'s label as a text of its own, where the axis puts it now: the same picture.

    An axis whose limits move is redrawn on every frame of a `BlitPng`, label included; as a text
    of its own, a fixed label goes into the background and is laid out once, and a label that
    changes is redrawn without the axis. The figure is laid out once to place the text, so an
    automatic position (below the tick labels) stays where it is. The axis keeps its label,
    hidden.
    """
    label, axes = axis.label, axis.axes
    axes.figure.draw_without_rendering()
    where = label.get_transform().transform(label.get_position())
    text = axes.text(0, 0, label.get_text())
    text.update_from(label)  # font, colour, alignment, rotation
    text.set_rotation_mode(label.get_rotation_mode())
    text.set_transform(axes.transAxes)
    text.set_position(axes.transAxes.inverted().transform(where))
    label.set_visible(False)
    return text


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def rgba_png(rgba: Any) -> bytes:
    """An 8-bit RGBA PNG (as `savefig` writes) of a (height, width, 4) uint8 image.

    Every row is stored unfiltered and deflated at level 1: on a plot (flat colours, thin lines)
    that is about as small as Pillow's adaptive row filters give, in well under half the time.
    """
    pixels = np.asarray(rgba)
    height, width = pixels.shape[:2]
    rows = np.empty((height, 1 + 4 * width), np.uint8)
    rows[:, 0] = 0  # filter type None
    rows[:, 1:] = pixels.reshape(height, 4 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", zlib.compress(rows, 1)),
            _png_chunk(b"IEND", b""),
        )
    )


class BlitPng:
    """PNG renderings of a figure whose static parts are drawn once.

    Frames, legends and fixed axes go into a background bitmap on the first call; each later call
    restores it and redraws only the `dynamic` artists (lines, the axes whose limits move,
    changing titles) and the `extra` ones of this call (artists a redraw made anew), then encodes
    with light compression (`rgba_png`). Text layout dominates a full `savefig` (more so since
    matplotlib 3.11's text shaping), and most text never changes. The dynamic artists are marked
    animated, which keeps them out of the background; `savefig` still draws the whole figure.
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
        return rgba_png(self.canvas.buffer_rgba())


class KeyedBlitPng(BlitPng):
    """A BlitPng that keeps the background of each static key it has drawn, up to `kept` of them.

    The `keyed` artists (an axis whose limits move in steps, a title) are what the key changes;
    the rest of the background (fixed axes, legend, labels) is drawn once, as a base. A new key
    draws only the keyed artists over that base; a key seen before restores its kept bitmap, and
    past `kept` keys the least recently used bitmap is dropped (each is width x height x 4 bytes).
    """

    def __init__(
        self,
        figure: Figure,
        dynamic: Iterable[Artist] = (),
        keyed: Iterable[Artist] = (),
        kept: int = 16,
    ) -> None:
        if not isinstance(kept, int) or isinstance(kept, bool) or kept < 1:
            raise ValueError(f"kept must be a positive int, got {kept!r}")
        super().__init__(figure, dynamic)
        self.keyed = sorted(keyed, key=lambda a: a.get_zorder())
        for artist in self.keyed:
            artist.set_animated(True)  # out of the base
        self.kept = kept
        self._base = None
        self._backgrounds: OrderedDict[Hashable, Any] = OrderedDict()

    def forget(self) -> None:
        """Drop the base and every kept background (what the base shows has changed): the next
        render draws the whole figure again."""
        self._base = self._background = self._static_key = None
        self._backgrounds.clear()

    def static_changed(self, key: Hashable) -> bool:
        if self._background is not None:
            self._backgrounds[self._static_key] = self._background
            self._backgrounds.move_to_end(self._static_key)
            while len(self._backgrounds) > self.kept:
                self._backgrounds.popitem(last=False)
        if not super().static_changed(key):
            return False
        self._background = self._backgrounds.get(key)  # None: drawn anew at the next render
        return True

    def render(self, extra: Iterable[Artist] = ()) -> bytes:
        extra = list(extra)
        for artist in extra:
            artist.set_animated(True)  # before the base is taken, or it keeps them
        if self._background is None:
            if self._base is None:
                self.canvas.draw()
                self._base = self.canvas.copy_from_bbox(self.figure.bbox)
            else:
                self.canvas.restore_region(self._base)
            for artist in self.keyed:
                self.figure.draw_artist(artist)
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        return super().render(extra)
