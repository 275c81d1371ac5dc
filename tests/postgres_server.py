"""A throwaway PostgreSQL server from Debian's packages, on a Unix socket, for the tests."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator


def server_binaries() -> str | None:
    """The folder of initdb/pg_ctl (Debian puts them under /usr/lib/postgresql/N/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


@contextlib.contextmanager
def postgres_url(database: str = "grades") -> Iterator[str]:
    """Start a private server, create `database`, yield its SQLAlchemy URL, stop it."""
    bindir = server_binaries()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server binaries (apt-get install postgresql)")
    folder = tempfile.mkdtemp(prefix="course-pg-", dir="/tmp")
    os.chmod(folder, 0o755)
    as_user: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root: run it as the postgres user
        shutil.chown(folder, "postgres", "postgres")
        runuser = shutil.which(
            "runuser", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
        )
        if runuser is None:
            raise RuntimeError("running as root needs runuser to start postgres as its own user")
        as_user = [runuser, "-u", "postgres", "--"]
    data, socket = f"{folder}/data", folder
    port = "54329"

    def run(*command: str) -> None:
        subprocess.run([*as_user, *command], check=True, capture_output=True, text=True)

    run(f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "grader", "--no-sync")
    options = f"-k {socket} -p {port} -c listen_addresses='' -c fsync=off"
    run(f"{bindir}/pg_ctl", "-D", data, "-o", options, "-w", "-l", f"{folder}/log", "start")
    try:
        run(f"{bindir}/createdb", "-h", socket, "-p", port, "-U", "grader", database)
        yield f"postgresql+psycopg2://grader@/{database}?host={socket}&port={port}"
    finally:
        run(f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)
