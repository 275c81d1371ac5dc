"""Imported by the warm pool's fork server, once, before it forks the grading workers.

multiprocessing preloads modules by name only, so the course root and series come through the
environment (`warm.PRELOAD_ENV`, set by `WarmPool` while it starts the server). Any failure is
left to the workers, which run the same preload themselves.
"""

import contextlib
import json
import os

from .warm import PRELOAD_ENV, preload

with contextlib.suppress(Exception):
    preload(*json.loads(os.environ[PRELOAD_ENV]))
