"""Helpers the benchmarks share: Django set up on a throwaway SQLite database, for the
benchmarks that build their own data (they never touch db.sqlite3; call ``setup`` before
importing any Django model), and ``measure``, which times cases in turn."""

import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(prefix):
    """Point the settings at a new SQLite file in a temporary folder and start Django;
    returns that folder."""
    sys.path.insert(0, str(ROOT))
    scratch = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("IMPROVEMENT_DEMO", "1")
    os.environ["DJANGO_DEBUG"] = "0"  # no query log: time the code, not Django's debug cursor
    os.environ["SQLITE_PATH"] = str(scratch / "bench.sqlite3")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement.settings")
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic here

    import django

    django.setup()
    return scratch


def measure(cases, repeat):
    """Run every case once per round, in turn, ``repeat`` rounds after a warm-up round
    that counts queries; return name -> (median seconds, queries). Taking turns means
    other load on the machine falls on every case alike."""
    # Imported here: this module is imported before Django is set up.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = {name: [] for name in cases}
    queries = {}
    for name, run in cases.items():
        with CaptureQueriesContext(connection) as captured:
            run()
        queries[name] = len(captured)
    for _ in range(repeat):
        for name, run in cases.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(t), queries[name]) for name, t in times.items()}
