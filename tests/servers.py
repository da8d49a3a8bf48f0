"""Real servers for the tests that need them: gunicorn in processes of its own, `manage.py` run
as an operator would, and the services they share (PostgreSQL, Redis).

Such a test skips when a service is not running on this machine, and says which; in CI
(`CI=true`), where every service is started, a missing one fails it instead.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(host: str, port: int, what: str) -> None:
    """Skip the test when `what` does not answer on host:port; fail it in CI."""
    if reachable(host, port):
        return
    message = f"{what} is not running on {host}:{port}"
    if in_ci():
        pytest.fail(f"{message}; CI=true, so this is a failure, not a skip", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(**variables: str) -> dict:
    """The environment of a production server (debug off) on 127.0.0.1, plus `variables`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "tests-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        **variables,
    }


def manage(environment: dict, *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def shell(environment: dict, code: str) -> str:
    return manage(environment, "shell", "--verbosity=0", "-c", code)


@contextmanager
def gunicorn(
    environment: dict, *, workers: int = 2, log: Path | None = None, options: tuple = ()
) -> Iterator[str]:
    """A gunicorn server on a free port, answering once it serves /robots.txt: its address.

    Its output goes to `log` when given (and is shown if it fails to start), else nowhere.
    """
    port = free_port()
    executable = Path(sys.executable).with_name("gunicorn")
    output = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(executable), "config.wsgi", f"--workers={workers}", f"--bind=127.0.0.1:{port}"]
        # Each instance on its own: gunicorn's control socket is one path per user by default.
        + ["--no-control-socket", *options],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=output,
        stderr=output,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{address}/robots.txt", timeout=2)
                break
            except OSError:
                said = log.read_text() if log else ""
                assert process.poll() is None, f"gunicorn exited:\n{said}"
                assert time.monotonic() < deadline, f"gunicorn did not start:\n{said}"
                time.sleep(0.2)
        yield address
    finally:
        process.terminate()
        process.wait(timeout=10)
        if log:
            output.close()
