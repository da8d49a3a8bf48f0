"""Queries, render time and size of the pages visitors use most, on pretalx's large event.

    .venv/bin/python benchmarks/site_speed.py [--runs 15] [--compare <git ref>]

Imports `../shared/bench/pretalx-large-schedule.json` (500 talks, 600 speakers, 14 rooms, 3 days)
with `import_schedule` into a throw-away test database (SQLite in memory, or `test_<name>` on
PostgreSQL when DATABASE_URL says so), then prints for each page: its queries, the median
processor time of a request when nothing is cached (the first visitor after a change), the
median when the page has been served once already (every later visitor), and its size.

With `--compare <ref>` the same pages are measured on that commit too, in the same run (checked
out into a temporary git worktree and served by this very script in a process of its own, with
this checkout's Python environment), its requests alternating with this checkout's so that both
see the machine equally busy; each figure gets its before/after ratio: how many times faster now.

With `--instructions`, each checkout is served under valgrind's callgrind instead, and each
page's figure is the number of machine instructions an uncached request executes: the same
count however busy the machine is, so a small change shows, and a ratio needs no repeated runs.
It needs Debian's `valgrind` (with its `callgrind.h`) and a C compiler, and takes some minutes.
"""

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
LARGE_SCHEDULE = REPOSITORY.parent / "shared" / "bench" / "pretalx-large-schedule.json"


def page_addresses() -> dict[str, str]:
    """The pages to measure, by label, found in the imported data the same way on any commit."""
    from summit.models import Event, Person, Talk

    event = Event.objects.get(slug="large")
    talks = list(Talk.objects.filter(event=event).order_by("starts_at", "guid"))
    days = sorted({talk.starts_at.date() for talk in talks if talk.starts_at})
    speaker = Person.objects.filter(talks__event=event).order_by("slug").first()
    track = talks[0].track_id
    chosen = ",".join(str(talk.pk) for talk in talks[::25][:20])
    base = f"/en/events/{event.slug}"
    pages = {"home": "/en/", "event": f"{base}/"}
    for number, day in enumerate(days, 1):
        pages[f"programme, day {number}"] = f"{base}/programme/?day={day.isoformat()}"
    pages |= {
        "programme, day 1, one track": f"{base}/programme/?day={days[0].isoformat()}&track={track}",
        "talk": f"/en/talks/{talks[0].slug}/",
        "speaker": f"/en/people/{speaker.slug}/",
        "my programme (20 talks)": f"{base}/programme/mine/?talks={chosen}",
        "search": "/en/search/?q=python",
        "event calendar": f"{base}/calendar.ics",
        "talk calendar": f"/en/talks/{talks[0].slug}/calendar.ics",
        "speaker calendar": f"/en/people/{speaker.slug}/calendar.ics",
        "my programme calendar": f"{base}/programme/mine/calendar.ics?talks={chosen}",
        "frab XML": f"{base}/schedule.xml",
        "frab JSON": f"{base}/schedule.json",
    }
    return pages


def describe(client, url: str) -> dict:
    """Status, queries and bytes of one page, rendered afresh."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return {
        "status": response.status_code,
        "queries": len(queries),
        "bytes": len(response.content) if not response.streaming else 0,
    }


def timed(client, url: str, cached: bool) -> float:
    """Milliseconds of processor time the site spends on one request: the first after a change
    (every cache emptied), or one more after the page has been served. Processor time rather
    than the clock's, so that other work on the machine does not blur the figures (on
    PostgreSQL, the database server's own share is left out)."""
    from django.core.cache import cache

    if cached:
        client.get(url)
    else:
        cache.clear()
    started = time.process_time()
    client.get(url)
    return (time.process_time() - started) * 1000


def measure(client, url: str, runs: int) -> dict:
    """Status, queries, bytes, and median milliseconds uncached and cached, of one page."""
    return describe(client, url) | {
        mode: statistics.median(timed(client, url, mode == "cached") for _ in range(runs))
        for mode in ("uncached", "cached")
    }


class Checkout:
    """This checkout's pages, served in this process from a throw-away database (SQLite in
    memory, or `test_<name>` on PostgreSQL) holding the large event."""

    def __init__(self, database_suffix: str = ""):
        sys.path.insert(0, str(REPOSITORY))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        if database_suffix and connection.vendor != "sqlite":  # SQLite's is in memory
            test = connection.settings_dict.setdefault("TEST", {})
            test["NAME"] = f"test_{connection.settings_dict['NAME']}_{database_suffix}"
        self.old_name = connection.creation.create_test_db(verbosity=0)
        call_command("import_schedule", str(LARGE_SCHEDULE), stdout=StringIO())
        self.client = Client()
        self.pages = page_addresses()

    def describe(self, label: str) -> dict:
        return describe(self.client, self.pages[label])

    def time(self, label: str, cached: bool) -> float:
        return timed(self.client, self.pages[label], cached)

    def count(self, label: str, requests: int, counter: "Counter") -> float:
        """Millions of instructions of one uncached request, the mean of `requests` of them
        (this process runs under callgrind, its counting off but for these requests)."""
        from django.core.cache import cache

        url = self.pages[label]
        for _ in range(2):  # whatever is done once per process is done by now
            cache.clear()
            self.client.get(url)
        with counter.counting():
            for _ in range(requests):
                cache.clear()
                self.client.get(url)
        return counter.last_total() / requests / 1e6

    def close(self) -> None:
        from django.db import connection

        connection.creation.destroy_test_db(self.old_name, verbosity=0)


class Counter:
    """Callgrind's counting, switched on and off from inside the process it runs: valgrind's
    client requests, in a library of three lines compiled for the run (Python cannot issue
    them itself)."""

    SOURCE = """
#include <valgrind/callgrind.h>
void start(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void stop(void) { CALLGRIND_STOP_INSTRUMENTATION; CALLGRIND_DUMP_STATS; }
"""

    def __init__(self, library: Path, output: Path):
        import ctypes

        self.library = ctypes.CDLL(str(library))
        self.output = output

    @staticmethod
    def build(folder: Path) -> Path:
        source, library = folder / "counter.c", folder / "counter.so"
        source.write_text(Counter.SOURCE)
        built = subprocess.run(
            ["cc", "-shared", "-fPIC", "-o", str(library), str(source)], capture_output=True
        )
        if built.returncode or not shutil.which("valgrind"):
            sys.exit(
                "--instructions needs valgrind and a C compiler: apt-get install valgrind gcc\n"
                + built.stderr.decode()
            )
        return library

    @contextlib.contextmanager
    def counting(self):
        self.library.start()
        try:
            yield
        finally:
            self.library.stop()

    def last_total(self) -> int:
        """The instructions counted since `start`, from the dump `stop` just wrote."""
        dumps = self.output.glob(f"callgrind.{os.getpid()}.*")
        newest = max(dumps, key=lambda path: int(path.suffix[1:]))
        for line in newest.read_text().splitlines():
            if line.startswith("totals:"):
                return int(line.split()[1])
        raise RuntimeError(f"{newest} holds no totals")


def serve(database_suffix: str, counter: Counter | None) -> None:
    """Answer `Checkout` calls as JSON lines on stdin/stdout, for `Served` (anything the site
    prints goes to stderr, so the answers stay readable)."""
    answers, sys.stdout = sys.stdout, sys.stderr
    checkout = Checkout(database_suffix=database_suffix)
    print(json.dumps(list(checkout.pages)), file=answers, flush=True)
    for line in sys.stdin:
        call = json.loads(line)
        if call["do"] == "describe":
            answer = checkout.describe(call["page"])
        elif call["do"] == "count":
            answer = checkout.count(call["page"], call["requests"], counter)
        else:
            answer = checkout.time(call["page"], call["cached"])
        print(json.dumps(answer), file=answers, flush=True)
    checkout.close()


class Served:
    """A checkout's pages, served by this very script run in `folder` in a process of its own
    (with this checkout's Python environment), `under` another program if given (valgrind), and
    asked page by page: its requests can alternate with another checkout's."""

    def __init__(self, folder: Path, script: Path, under: list[str], arguments: list[str]):
        self.folder = folder
        environment = os.environ | {"PYTHONHASHSEED": "0"}  # the same work on every run
        self.process = subprocess.Popen(
            [*under, sys.executable, str(script), "--serve", "--schedule", str(LARGE_SCHEDULE)]
            + arguments,
            cwd=folder,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._pages = None

    @property
    def pages(self) -> list[str]:
        """The page labels, once the process has imported the event (two checkouts import
        side by side: nothing is asked of either before both have started)."""
        if self._pages is None:
            self._pages = self._answer()
        return self._pages

    def _answer(self):
        line = self.process.stdout.readline()
        if not line:
            self.close()
            sys.exit(f"The pages of {self.folder} could not be served (see above).")
        return json.loads(line)

    def _call(self, **call):
        self.process.stdin.write(json.dumps(call) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def describe(self, label: str) -> dict:
        return self._call(do="describe", page=label)

    def time(self, label: str, cached: bool) -> float:
        return self._call(do="time", page=label, cached=cached)

    def count(self, label: str, requests: int) -> float:
        return self._call(do="count", page=label, requests=requests)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait()


class OtherCommit(Served):
    """Another commit's pages, served from a temporary git worktree of it."""

    def __init__(self, ref: str, under: list[str], arguments: list[str]):
        commit = subprocess.run(
            ["git", "rev-parse", "--verify", f"{ref}^{{commit}}"],
            cwd=REPOSITORY,
            capture_output=True,
            text=True,
        )
        if commit.returncode:
            sys.exit(f"--compare: {ref!r} is not a commit of this repository.")
        folder = Path(tempfile.mkdtemp(prefix="site-speed-"))
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(folder), commit.stdout.strip()],
            cwd=REPOSITORY,
            check=True,
            capture_output=True,
        )
        (folder / "benchmarks").mkdir(exist_ok=True)
        script = folder / "benchmarks" / "site_speed_here.py"
        shutil.copy(__file__, script)
        # The worktree has no ../shared beside it: it reads the same schedule file (--schedule).
        super().__init__(folder, script, under, arguments + ["--database", "compared"])

    def close(self) -> None:
        super().close()
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(self.folder)],
            cwd=REPOSITORY,
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def measure_all(checkouts: list, runs: int, only: str = "") -> list[dict]:
    """Every page of the first checkout, on each checkout: requests alternate between them
    (first one first, then the other, in turns), so a busy moment of the machine costs both
    alike and each ratio compares like with like."""
    figures = [{} for _ in checkouts]
    for label in (label for label in checkouts[0].pages if only in label):
        present = [
            (index, checkout) for index, checkout in enumerate(checkouts) if label in checkout.pages
        ]
        for index, checkout in present:
            figures[index][label] = checkout.describe(label)
        for mode in ("uncached", "cached"):
            times = {index: [] for index, _ in present}
            for run in range(runs):
                for index, checkout in present if run % 2 == 0 else present[::-1]:
                    times[index].append(checkout.time(label, mode == "cached"))
            for index, _ in present:
                figures[index][label][mode] = statistics.median(times[index])
    return figures


def count_all(checkouts: list, requests: int, only: str = "") -> list[dict]:
    """Every page of the first checkout, on each checkout: its instructions, uncached."""
    figures = [{} for _ in checkouts]
    for label in (label for label in checkouts[0].pages if only in label):
        for index, checkout in enumerate(checkouts):
            if label in checkout.pages:
                figures[index][label] = checkout.describe(label) | {
                    "instructions": checkout.count(label, requests)
                }
    return figures


def ratio(before: float, after: float) -> str:
    return f"{before / after:.1f}×" if after else "–"


TIMES = (("uncached ms", "uncached"), ("cached ms", "cached"))
INSTRUCTIONS = (("M instructions", "instructions"),)


def print_table(now: dict, before: dict | None, ref: str | None, measures) -> None:
    """One line per page: status, queries and each of `measures` ((heading, key) pairs), and
    with `before` the same for the other commit, and how many times less each takes now."""
    width = max(len(label) for label in now)
    header = f"{'page':<{width}}  status queries"
    header += "".join(f"  {heading:>14}" for heading, _ in measures) + "    bytes"
    if before is not None:
        header += f"  | {ref}: queries" + "".join(f"  {heading:>14}" for heading, _ in measures)
        header += "  | less: " + " ".join(key for _, key in measures)
    print(header)
    for label, figures in now.items():
        line = f"{label:<{width}}  {figures['status']:>6} {figures['queries']:>7}"
        line += "".join(f"  {figures[key]:>14.1f}" for _, key in measures)
        line += f"  {figures['bytes']:>7}"
        old = (before or {}).get(label)
        if before is not None and old and old["status"] == 200:
            line += f"  | {old['queries']:>{len(ref) + 9}}"
            line += "".join(f"  {old[key]:>14.1f}" for _, key in measures)
            line += "  | " + " ".join(f"{ratio(old[key], figures[key]):>6}" for _, key in measures)
        elif before is not None:
            line += f"  | (no such page: {old['status'] if old else '–'})"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page and mode")
    parser.add_argument("--compare", metavar="REF", help="also measure this commit, same run")
    parser.add_argument("--schedule", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--only", metavar="TEXT", help="only the pages whose label holds TEXT")
    parser.add_argument("--json", type=Path, help="write the figures to this file as well")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions under valgrind's callgrind instead of timing",
    )
    parser.add_argument("--requests", type=int, default=3, help="counted requests per page")
    # For a served checkout: answer measurement calls on stdin (see Served).
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", default="", help=argparse.SUPPRESS)
    parser.add_argument("--counter", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    global LARGE_SCHEDULE
    LARGE_SCHEDULE = options.schedule or LARGE_SCHEDULE
    if not LARGE_SCHEDULE.exists():
        sys.exit(
            f"{LARGE_SCHEDULE} is missing: the benchmark reads ../shared/bench beside the "
            "repository."
        )

    if options.serve:
        counter = options.counter and Counter(options.counter, Path(os.environ["COUNTED_IN"]))
        serve(options.database, counter)
        return
    if options.instructions:
        folder = Path(tempfile.mkdtemp(prefix="site-speed-counts-"))
        os.environ["COUNTED_IN"] = str(folder)
        under = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--quiet"]
        under.append(f"--callgrind-out-file={folder}/callgrind.%p")
        arguments = ["--counter", str(Counter.build(folder))]
        # A database name of its own: `test_<name>` may be the test suite's (kept by --reuse-db).
        checkouts = [Served(REPOSITORY, Path(__file__), under, arguments + ["--database", "here"])]
    else:
        folder, under, arguments = None, [], []
        checkouts = [Checkout()]
    try:
        if options.compare:
            checkouts.append(OtherCommit(options.compare, under, arguments))
        if options.instructions:
            figures = count_all(checkouts, options.requests, options.only or "")
        else:
            figures = measure_all(checkouts, options.runs, options.only or "")
    finally:
        for checkout in checkouts:
            checkout.close()
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
    now, before = figures[0], (figures[1] if options.compare else None)
    if options.json:
        options.json.write_text(json.dumps({"now": now, "before": before}, indent=1))
    if options.instructions:
        print(f"\npretalx's large event, instructions of an uncached request ({options.requests})")
        print_table(now, before, options.compare, INSTRUCTIONS)
    else:
        print(f"\npretalx's large event, {options.runs} runs per figure, medians of processor time")
        print_table(now, before, options.compare, TIMES)
    failed = [label for label, figures in now.items() if figures["status"] != 200]
    if failed:
        sys.exit(f"Pages that failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
