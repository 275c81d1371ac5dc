#!/usr/bin/env bash
# One entry point for newcomers and CI:
#   ./dev.sh demo   set up .venv, build the release, autograde three sample submissions, print grades
#   ./dev.sh test   set up .venv, run the whole test suite (what .ci/run calls)
#   ./dev.sh setup  set up .venv only
# Set PYTHON to choose the interpreter (3.10+), TORCH_SPEC to choose the torch build.
set -euo pipefail
cd "$(dirname "$0")"
VENV="${COURSE_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

quiet_pip() {
  # pip on some machines warns about absent local mirrors; only real problems should show.
  # PYTHONWARNINGS: setuptools warns on every editable build that a local folder named like the
  # package may shadow it (here it is the package).
  PYTHONWARNINGS=ignore "$VENV/bin/python" -m pip "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}

setup() {
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
    || { echo "dev.sh: Python 3.10+ needed (set PYTHON=...)" >&2; exit 2; }
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  quiet_pip install -q --upgrade pip
  # torch first, as a CPU build: a bare torch requirement may pull a multi-GB CUDA build.
  if ! "$VENV/bin/python" -c "import torch" >/dev/null 2>&1; then
    quiet_pip install -q "${TORCH_SPEC:-torch==2.13.0}"
  fi
  quiet_pip install -q -e ".[instructor,dev]"
  # nbgrader creates a gradebook by running `alembic` from PATH.
  export PATH="$PWD/$VENV/bin:$PATH"
}

test_services() {
  # The gradebook tests also run against a real PostgreSQL server from Debian's packages; they
  # are skipped (and say so) where it is missing and cannot be installed.
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ "$(id -u)" = 0 ] \
      && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) \
      >/dev/null 2>&1 || echo "dev.sh: could not install postgresql; its tests will be skipped" >&2
  fi
  # The widget tests drive Debian's headless Chromium through Playwright (no browser download).
  if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
      >/dev/null 2>&1 || echo "dev.sh: could not install chromium; its tests will be skipped" >&2
  fi
}

case "${1:-}" in
  setup) setup ;;
  demo) setup; shift; exec course demo "$@" ;;
  test) setup; test_services; shift; exec python -m pytest -q "$@" ;;
  *) echo "usage: ./dev.sh setup|demo|test [args]" >&2; exit 2 ;;
esac
