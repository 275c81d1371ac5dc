"""Run a notebook's code cells in a process forked from a warm template: our own executor.

The template (a grading worker) has already imported the heavy modules that the notebooks import
(numpy, scipy, torch, matplotlib...), never a solution or a hidden test. Each notebook runs in a
fresh child forked from it: an IPython shell that captures outputs as nbformat outputs, under the
same policy as the kernel route (policy.py: memory limit, per-cell timeout, notebook cap, crash
handling). The child ends after the notebook, so no student's state reaches another's; a child
whose parent dies is killed by the kernel (PR_SET_PDEATHSIG), so none is left behind.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import signal
import socket
import struct
import sys

from .policy import NotebookClock, limit_memory

INTERRUPT_GRACE_S = 5.0


def kill_with_parent(sig: int = signal.SIGKILL) -> None:
    """Linux: have the kernel send `sig` to this process when its parent dies."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(sig))  # PR_SET_PDEATHSIG = 1
    except OSError:  # not Linux: orphans are then reaped by the pool's shutdown path only
        pass


def _send(sock: socket.socket, message: dict) -> None:
    data = json.dumps(message).encode()
    sock.sendall(struct.pack("!Q", len(data)) + data)


def _receive(sock: socket.socket, timeout: float | None) -> dict | None:
    """The next message; None on EOF (the child died). TimeoutError when none came in time."""
    ready, _, _ = select.select([sock], [], [], timeout)
    if not ready:
        raise TimeoutError
    header = _read_exactly(sock, 8)
    if header is None:
        return None
    body = _read_exactly(sock, struct.unpack("!Q", header)[0])
    return None if body is None else json.loads(body)


def _read_exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# ---------------------------------------------------------------- the child (a one-shot kernel)


class _Outputs:
    """The outputs of the cell being run, in nbformat 4 shape."""

    def __init__(self) -> None:
        self.items: list[dict] = []

    def stream(self, name: str, text: str) -> None:
        if self.items and self.items[-1].get("name") == name:
            self.items[-1]["text"] += text
        else:
            self.items.append({"output_type": "stream", "name": name, "text": text})


class _Stream:
    def __init__(self, outputs: _Outputs, name: str) -> None:
        self.outputs, self.name = outputs, name
        self.encoding = "utf-8"

    def write(self, text: str) -> int:
        self.outputs.stream(self.name, str(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _make_shell(outputs: _Outputs):
    """An IPython shell whose display, results and tracebacks land in `outputs`."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell

    class Publisher(DisplayPublisher):
        def publish(
            self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs
        ):
            outputs.items.append(
                {"output_type": "display_data", "data": data, "metadata": metadata or {}}
            )

        def clear_output(self, wait=False):
            outputs.items.clear()

    class Hook(DisplayHook):
        def start_displayhook(self):
            self._record = {"output_type": "execute_result", "metadata": {}}

        def write_output_prompt(self):
            self._record["execution_count"] = self.shell.execution_count

        def write_format_data(self, format_dict, md_dict=None):
            self._record["data"] = format_dict
            self._record["metadata"] = md_dict or {}

        def finish_displayhook(self):
            outputs.items.append(self._record)

    class Shell(InteractiveShell):
        def _showtraceback(self, etype, evalue, stb):
            outputs.items.append(
                {
                    "output_type": "error",
                    "ename": getattr(etype, "__name__", str(etype)),
                    "evalue": str(evalue),
                    "traceback": list(stb),
                }
            )

    shell = Shell.instance(colors="nocolor", history_length=0)
    shell.display_pub = Publisher(shell=shell)
    shell.displayhook = Hook(shell=shell)
    shell.history_manager.enabled = False
    try:
        shell.enable_matplotlib("inline")
    except Exception:  # noqa: BLE001 - notebooks without matplotlib still run
        pass
    return shell


def _child(sock: socket.socket, cells: list[str], cwd: str, memory_limit_mb: int) -> None:
    kill_with_parent()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    limit_memory(memory_limit_mb)
    os.chdir(cwd)
    outputs = _Outputs()
    sys.stdout, sys.stderr = _Stream(outputs, "stdout"), _Stream(outputs, "stderr")
    sys.stdin = open(os.devnull)  # noqa: SIM115 - input() fails as in a kernel without stdin
    shell = _make_shell(outputs)
    for index, source in enumerate(cells):
        outputs.items = []
        try:
            shell.run_cell(source, store_history=True)
        except KeyboardInterrupt:  # an interrupt between statements of IPython's own code
            outputs.items.append(
                {
                    "output_type": "error",
                    "ename": "KeyboardInterrupt",
                    "evalue": "",
                    "traceback": [],
                }
            )
        _send(sock, {"index": index, "outputs": outputs.items, "count": shell.execution_count - 1})
        if shell.exit_now:  # exit() / quit(): a kernel shuts down here
            break
    sock.close()


# ---------------------------------------------------------------------------- the parent side


def run_forked(
    cells: list[str], cwd: str, clock: NotebookClock, memory_limit_mb: int
) -> tuple[list[dict | None], str]:
    """Run `cells` in a forked child under `clock`'s time rules; (one message per cell or None
    if not run, why the run stopped early or "").

    A message is {"outputs": [...], "count": n, "timed_out": bool}; the cell in which the child
    died has one with "died": True (and stopped is "the kernel died").
    """
    parent_sock, child_sock = socket.socketpair()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child never returns: os._exit skips the parent's atexit handlers
        parent_sock.close()
        status = 0
        try:
            _child(child_sock, cells, cwd, memory_limit_mb)
        except BaseException:  # noqa: BLE001
            status = 1
        finally:
            os._exit(status)
    child_sock.close()
    results: list[dict | None] = [None] * len(cells)
    stopped = ""
    try:
        for index in range(len(cells)):
            timeout, stopped = clock.next_cell()
            if stopped:
                break
            timed_out = False
            try:
                message = _receive(parent_sock, timeout)
            except TimeoutError:
                timed_out = True
                os.kill(pid, signal.SIGINT)  # as nbclient's interrupt_on_timeout
                try:
                    message = _receive(parent_sock, INTERRUPT_GRACE_S)
                except TimeoutError:
                    message = None
            if message is None:
                stopped = "the kernel died"
                results[index] = {
                    "outputs": [],
                    "count": None,
                    "died": True,
                    "timed_out": timed_out,
                }
                break
            message["timed_out"] = timed_out
            results[message["index"]] = message
    finally:
        parent_sock.close()
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    return results, stopped
