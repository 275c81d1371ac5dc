"""The training-memory calculator: where the bytes of a training step go, against common GPUs.

A thin view over `course.gpu_memory.training_memory_model`: a stacked bar of weights, gradients,
optimizer state, master weights and activations (Korthikanti et al. 2022) for the chosen model,
batch, sequence, precision, optimizer and checkpointing, with the memory of 16, 24, 40 and 80 GB
GPUs marked; below, the peak torch measured on this machine for one step of a small MLP. Tests
drive it headless: set a control's `.value`, then read `view.parts`, `view.readout.value`,
`view.figure` and `view.pngs`.
"""

from __future__ import annotations

import ipywidgets as widgets
from matplotlib.figure import Figure

from course.gpu_memory import GPU_MEMORY_GB, measured_mlp_step_peak, training_memory_model
from course.plotting import DARK_GREY, PALETTE, BlitPng, show_png
from course.widgets.panel import WIDE, assemble, hover, table_html

# (label, parameters, d_model, layers, heads): GPT-style shapes.
MODELS = (
    ("125M", 125_000_000, 768, 12, 12),
    ("1.3B", 1_300_000_000, 2048, 24, 16),
    ("7B", 7_000_000_000, 4096, 32, 32),
    ("13B", 13_000_000_000, 5120, 40, 40),
    ("70B", 70_000_000_000, 8192, 80, 64),
)
SEQUENCES = (512, 1024, 2048, 4096, 8192)
_HEIGHT = 300
_X_LIMITS = tuple(m * 10**e for e in range(2, 8) for m in (1, 2, 5))  # GB
_PARTS = ("weights", "gradients", "optimizer state", "master weights", "activations")


class TrainingMemoryCalculator(widgets.VBox):
    """The training-memory calculator widget (a VBox); see the module docstring."""

    def __init__(
        self,
        model: str = "1.3B",
        batch: int = 8,
        seq: int = 2048,
        dtype: str = "bf16",
        optimizer: str = "adam",
        checkpointing: bool = False,
    ) -> None:
        super().__init__()
        names = [m[0] for m in MODELS]
        if model not in names:
            raise ValueError(f"model must be one of {names}, got {model!r}")
        if seq not in SEQUENCES:
            raise ValueError(f"seq must be one of {SEQUENCES}, got {seq!r}")
        if dtype not in ("fp32", "bf16"):
            raise ValueError(f"dtype must be 'fp32' or 'bf16', got {dtype!r}")
        if optimizer not in ("adam", "momentum", "sgd"):
            raise ValueError(f"optimizer must be adam, momentum or sgd, got {optimizer!r}")
        self.parts: dict[str, int] = {}
        self.pngs: tuple[bytes, ...] = ()
        self.measured_peak: int | None = None
        self.figure = Figure(figsize=(8, _HEIGHT / 100), dpi=100)
        self.axes = axes = self.figure.add_axes((0.08, 0.3, 0.9, 0.55))
        self.bars = [
            axes.barh([0], [0.0], color=PALETTE[i], label=name, height=0.5)[0]
            for i, name in enumerate(_PARTS)
        ]
        self.gpu_marks = []  # drawn above the bars, as a full render does
        for gb in GPU_MEMORY_GB:
            self.gpu_marks.append(axes.axvline(gb, color=DARK_GREY, ls="--", lw=1))
            self.gpu_marks.append(axes.text(gb, 0.32, f"{gb} GB", fontsize=8, ha="center"))
        axes.set_ylim(-0.4, 0.45)
        axes.set_yticks([])
        axes.set_xlabel("memory (GB)")
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=5, fontsize=8)
        # The spines stay above the bars, which start on the left one.
        dynamic = [*self.bars, *self.gpu_marks, axes.title, *axes.spines.values()]
        self.png = BlitPng(self.figure, dynamic)
        self.model_dropdown = hover(
            widgets.Dropdown(options=names, value=model, description="model", style=WIDE),
            "parameters, width, layers and heads of a GPT-style model",
        )
        self.batch_slider = hover(
            widgets.IntSlider(
                value=batch, min=1, max=64, description="batch", continuous_update=False, style=WIDE
            ),
            "sequences per step",
        )
        self.seq_dropdown = hover(
            widgets.Dropdown(
                options=list(SEQUENCES), value=seq, description="sequence", style=WIDE
            ),
            "tokens per sequence: the attention scores grow with its square",
        )
        self.dtype_buttons = hover(
            widgets.ToggleButtons(
                options=["fp32", "bf16"],
                value=dtype,
                description="precision",
                style={**WIDE, "button_width": "60px"},
            ),
            "fp32, or bf16 mixed precision with fp32 master weights",
        )
        self.optimizer_buttons = hover(
            widgets.ToggleButtons(
                options=["adam", "momentum", "sgd"],
                value=optimizer,
                description="optimizer",
                style={**WIDE, "button_width": "80px"},
            ),
            "fp32 states per parameter: Adam 2, momentum 1, SGD 0",
        )
        self.checkpoint_box = hover(
            widgets.Checkbox(value=checkpointing, description="checkpointing", style=WIDE),
            "keep only each layer's input and recompute the rest in the backward pass",
        )
        self.output = widgets.Output(layout=widgets.Layout(height=f"{_HEIGHT + 10}px"))
        self.readout = widgets.HTML()
        self.measured = widgets.HTML()
        controls = (
            self.model_dropdown,
            self.batch_slider,
            self.seq_dropdown,
            self.dtype_buttons,
            self.optimizer_buttons,
            self.checkpoint_box,
        )
        assemble(
            self, controls, (self.output, self.readout, self.measured), lambda change: self.update()
        )
        self.update()

    def measure(self) -> int:
        """The measured peak of a small fp32 MLP step on this machine (once), shown below."""
        if self.measured_peak is None:
            self.measured_peak = measured_mlp_step_peak()
            width, depth, batch = 128, 3, 512
            predicted = 4 * depth * (width * width + width) + 4 * (2 * depth) * batch * width
            self.measured.value = table_html(
                [
                    ("small MLP (3 x Linear(128, 128), batch 512), one fp32 step", ""),
                    (
                        "measured peak above the start (torch profiler)",
                        f"{self.measured_peak / 1e6:.2f} MB",
                    ),
                    ("predicted: gradients + stored activations", f"{predicted / 1e6:.2f} MB"),
                ]
            )
        return self.measured_peak

    def update(self) -> None:
        """Recompute the breakdown from the controls and redraw."""
        _, n_params, d_model, layers, heads = MODELS[
            [m[0] for m in MODELS].index(self.model_dropdown.value)
        ]
        self.parts = training_memory_model(
            n_params,
            int(self.batch_slider.value),
            int(self.seq_dropdown.value),
            d_model,
            layers,
            heads,
            self.dtype_buttons.value,
            self.optimizer_buttons.value,
            bool(self.checkpoint_box.value),
        )
        total_gb = self.parts["total"] / 1e9
        fits = [f"{gb} GB" for gb in GPU_MEMORY_GB if self.parts["total"] <= gb * 1e9]
        rows = [(name, f"{self.parts[name] / 1e9:10.2f} GB") for name in _PARTS]
        rows += [
            ("total", f"{total_gb:10.2f} GB"),
            ("fits on one GPU of", ", ".join(fits) or "none"),
        ]
        self.readout.value = table_html(rows)
        limit = next(x for x in _X_LIMITS if x >= total_gb * 1.05)
        if self.png.static_changed(limit):  # a few fixed scales: the frame is rarely redrawn
            self.axes.set_xlim(0, limit)
        left = 0.0
        for bar, name in zip(self.bars, _PARTS, strict=True):
            bar.set_x(left)
            bar.set_width(self.parts[name] / 1e9)
            left += self.parts[name] / 1e9
        self.axes.set_title(
            f"{self.model_dropdown.value} model: {total_gb:.1f} GB in all", fontsize=11
        )
        self.pngs = (self.png.render(),)
        show_png(self.output, *self.pngs)
        self.measure()


def training_memory_calculator(
    model: str = "1.3B",
    batch: int = 8,
    seq: int = 2048,
    dtype: str = "bf16",
    optimizer: str = "adam",
    checkpointing: bool = False,
) -> TrainingMemoryCalculator:
    """The training-memory calculator, ready to display: `training_memory_calculator("7B", 4)`."""
    return TrainingMemoryCalculator(model, batch, seq, dtype, optimizer, checkpointing)
