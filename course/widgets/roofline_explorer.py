"""The roofline explorer: operations placed on a device's roof, on log-log axes.

A thin view over `course.gpu_memory.roofline_points`. Pick a device (datasheet presets, or this
machine's measured fp32 figures), a matmul size, a dtype and an attention length; the plot shows
the memory roof (slope = bandwidth), the compute roof and each operation at its arithmetic
intensity; the table gives each one's predicted time and its bound. Tests drive it headless: set
`device_dropdown.value`, `matmul_dropdown.value`, `dtype_buttons.value` or
`attention_dropdown.value`, then read `view.points`, `view.readout.value`, `view.figure` and
`view.pngs`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course.gpu_memory import DEVICES, Device, machine_roof, roofline_points
from course.plotting import DARK_GREY, PALETTE, BlitPng, show_png
from course.widgets.panel import WIDE, assemble, hover, table_html

MEASURED = "this machine (measured)"
MATMUL_SIZES = (64, 256, 1024, 4096, 16384)
ATTENTION_LENGTHS = (512, 2048, 8192, 32768)
DTYPES = ("fp32", "bf16", "fp8")
_HEIGHT = 420
_INTENSITY = np.logspace(-2, 5, 200)  # flop/byte, the x range of the plot
_OPERATIONS = ("elementwise x+1", "matmul", "attention", "tiled attention")


def readout_html(device: Device, points) -> str:
    """Each operation's intensity, predicted time and bound as an HTML table."""
    ridge = device.peak_flops / device.peak_bandwidth
    rows = [(device.name, f"ridge point {ridge:.1f} flop/byte ({device.source})")]
    rows += [
        (p.label, f"{p.intensity:10.3g} flop/B  {p.seconds * 1e6:10.3g} µs  {p.bound}-bound")
        for p in points
    ]
    return table_html(rows)


class RooflineExplorer(widgets.VBox):
    """The roofline explorer widget (a VBox); see the module docstring for what tests read."""

    def __init__(
        self,
        device: str = "H100 SXM (bf16)",
        matmul_n: int = 1024,
        dtype: str = "bf16",
        attention_n: int = 2048,
    ) -> None:
        super().__init__()
        if device not in (*DEVICES, MEASURED):
            raise ValueError(f"device must be one of {[*DEVICES, MEASURED]}, got {device!r}")
        if matmul_n not in MATMUL_SIZES:
            raise ValueError(f"matmul_n must be one of {MATMUL_SIZES}, got {matmul_n!r}")
        if dtype not in DTYPES:
            raise ValueError(f"dtype must be one of {DTYPES}, got {dtype!r}")
        if attention_n not in ATTENTION_LENGTHS:
            raise ValueError(f"attention_n must be one of {ATTENTION_LENGTHS}, got {attention_n!r}")
        self._measured: Device | None = None
        self.points = []
        self.pngs: tuple[bytes, ...] = ()
        self.figure = Figure(figsize=(8, _HEIGHT / 100), dpi=100)
        self.axes = axes = self.figure.add_axes((0.1, 0.12, 0.62, 0.8))
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlim(_INTENSITY[0], _INTENSITY[-1])
        (self.roof_line,) = axes.plot([], [], color=DARK_GREY, lw=2, label="roof")
        self.ridge_line = axes.axvline(1.0, color=DARK_GREY, ls=":", lw=1, label="ridge point")
        self.markers = [
            axes.plot([], [], "o", ms=8, color=PALETTE[i], label=name)[0]
            for i, name in enumerate(_OPERATIONS)
        ]
        axes.set_xlabel("arithmetic intensity (flop / byte)")
        axes.set_ylabel("attainable FLOP/s")
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        dynamic = [self.roof_line, self.ridge_line, *self.markers, axes.title]
        dynamic += axes.spines.values()  # above the roof, which starts on the left spine
        self.png = BlitPng(self.figure, dynamic)
        self.device_dropdown = hover(
            widgets.Dropdown(
                options=[*DEVICES, MEASURED], value=device, description="device", style=WIDE
            ),
            "whose roof: datasheet peak FLOP/s and bandwidth, or this machine's measured figures",
        )
        self.matmul_dropdown = hover(
            widgets.Dropdown(
                options=list(MATMUL_SIZES), value=matmul_n, description="matmul n", style=WIDE
            ),
            "size n of the square matmul (and n² elements for the elementwise op)",
        )
        self.dtype_buttons = hover(
            widgets.ToggleButtons(
                options=list(DTYPES),
                value=dtype,
                description="dtype",
                style={**WIDE, "button_width": "60px"},
            ),
            "bytes per element of every operand",
        )
        self.attention_dropdown = hover(
            widgets.Dropdown(
                options=list(ATTENTION_LENGTHS),
                value=attention_n,
                description="attention N",
                style=WIDE,
            ),
            "sequence length of one attention head (d = 64, 100 KB of SRAM for the tiled one)",
        )
        self.output = widgets.Output(layout=widgets.Layout(height=f"{_HEIGHT + 10}px"))
        self.readout = widgets.HTML()
        controls = (
            self.device_dropdown,
            self.matmul_dropdown,
            self.dtype_buttons,
            self.attention_dropdown,
        )
        assemble(self, controls, (self.output, self.readout), lambda change: self.update())
        self.update()

    def device(self) -> Device:
        if self.device_dropdown.value != MEASURED:
            return DEVICES[self.device_dropdown.value]
        if self._measured is None:  # measured once, when first asked for
            self._measured = machine_roof("cuda" if _cuda() else "cpu")
        return self._measured

    def update(self) -> None:
        """Recompute the points from the controls and redraw."""
        device = self.device()
        self.points = roofline_points(
            device,
            int(self.matmul_dropdown.value),
            self.dtype_buttons.value,
            int(self.attention_dropdown.value),
        )
        self.readout.value = readout_html(device, self.points)
        roof = np.minimum(device.peak_flops, _INTENSITY * device.peak_bandwidth)
        if self.png.static_changed(device.name):  # the y range follows the device's roof
            self.axes.set_ylim(roof[0] / 3, device.peak_flops * 3)
        self.roof_line.set_data(_INTENSITY, roof)
        ridge = device.peak_flops / device.peak_bandwidth
        self.ridge_line.set_xdata([ridge, ridge])
        for marker, point in zip(self.markers, self.points, strict=True):
            marker.set_data([point.intensity], [point.attainable])
        self.axes.set_title(f"{device.name}: ridge at {ridge:.0f} flop/byte", fontsize=11)
        self.pngs = (self.png.render(),)
        show_png(self.output, *self.pngs)


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


def roofline_explorer(
    device: str = "H100 SXM (bf16)",
    matmul_n: int = 1024,
    dtype: str = "bf16",
    attention_n: int = 2048,
) -> RooflineExplorer:
    """The roofline explorer, ready to display: `roofline_explorer("A100 80GB SXM (bf16)", 256)`."""
    return RooflineExplorer(device, matmul_n, dtype, attention_n)
