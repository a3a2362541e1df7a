"""Services of the tests' own, to stop, hang and bring back: a Redis server, and a PostgreSQL
cluster. The outage tests never touch the machine's shared servers."""

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

REDIS_SERVER = shutil.which("redis-server")
PG_BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


class OwnRedis:
    """A redis-server on a free port: ``stop()`` it (down), ``pause()`` it (hung: SIGSTOP keeps
    its data and its socket, so clients connect and wait), ``resume()`` or ``start()`` it again."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.resume()
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)


class OwnPostgres:
    """A PostgreSQL cluster of the test's own (initdb in a temporary folder, run as the
    ``postgres`` user when the tests run as root): ``stop()`` it, ``pause()`` its postmaster (new
    connections hang), ``start()`` or ``resume()`` it again, ``remove()`` it at the end."""

    def __init__(self):
        # Under /tmp itself: pytest's own temporary folders are closed to the postgres user.
        self.directory = Path(tempfile.mkdtemp(prefix="portal-outage-pg-"))
        self.data = self.directory / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    @staticmethod
    def available() -> bool:
        return PG_BIN is not None and (os.geteuid() != 0 or shutil.which("runuser") is not None)

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(  # noqa: S603 - Debian's PostgreSQL tools
            [*prefix, *command], check=True, capture_output=True, timeout=120
        )

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        self._run(
            f"{PG_BIN}/initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )

    def start(self) -> None:
        self._run(
            f"{PG_BIN}/pg_ctl",
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.directory / "postgres.log"),
            "-o",
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1",
            "start",
        )

    def stop(self) -> None:
        self.resume()
        self._run(f"{PG_BIN}/pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")

    def _postmaster(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def pause(self) -> None:
        os.kill(self._postmaster(), signal.SIGSTOP)

    def resume(self) -> None:
        pid_file = self.data / "postmaster.pid"
        if pid_file.exists():
            os.kill(self._postmaster(), signal.SIGCONT)
