"""What every widget of the course shares: a wrapping row of controls, hover text, a readout table.

Only API that ipywidgets 7.7.1 (Colab) and 8 (JupyterLab 4) have in common is used here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

import ipywidgets as widgets

WIDE = {"description_width": "initial"}  # labels as wide as their text, never cut off

W = TypeVar("W", bound=widgets.Widget)


def hover(control: W, text: str) -> W:
    """Give `control` hover text (its label's title) on ipywidgets 7 and 8 alike; returns it.

    ipywidgets 8 renamed `description_tooltip` to `tooltip` and, when neither is set, gives the
    label the hover text "null"; 7.7.1 knows only `description_tooltip` on most controls.
    """
    if control.has_trait("tooltip"):
        control.tooltip = text
    else:
        control.description_tooltip = text
    return control


def assemble(
    view: widgets.Box,
    controls: Sequence[widgets.Widget],
    below: Iterable[widgets.Widget],
    on_change: Callable[[dict], None] | None = None,
) -> None:
    """Lay `view` out as the controls in a row that wraps on narrow screens, then `below`;
    `on_change`, if given, runs whenever a control's value changes."""
    row = widgets.HBox(list(controls), layout=widgets.Layout(flex_flow="row wrap"))
    view.children = (row, *below)
    for control in controls if on_change else ():
        control.observe(on_change, names="value")


def table_html(rows: Iterable[tuple[str, str]], break_words: bool = False) -> str:
    """Name/value rows as an HTML table, values in monospace; `break_words` lets long values
    (exact decimals, bit strings) wrap anywhere instead of widening the page."""
    style = "font-family:monospace" + (";word-break:break-all" if break_words else "")
    cells = "".join(
        f"<tr><td style='padding-right:1em'>{html.escape(name)}</td>"
        f"<td style='{style}'>{html.escape(str(value))}</td></tr>"
        for name, value in rows
    )
    return f"<table>{cells}</table>"
