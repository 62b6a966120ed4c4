"""Django set up on a throwaway SQLite database, for the benchmarks that build their own
data (they never touch db.sqlite3). Call ``setup`` before importing any Django model."""

import os
import sys
import tempfile
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
