"""The production stack for bench_load.py, started on loopback and stopped afterwards.

PostgreSQL as .ci/run starts it (initdb in a temporary folder as the postgres user, a
free port, fsync off), unless DATABASE_URL is given; then migrate, createcachetable,
collectstatic and the demo plan; then gunicorn (with deploy/gunicorn.conf.py when it
exists) and the background task worker (``manage.py db_worker``). Every process this
module starts is stopped by ``Stack.stop()``, by its own process id.
"""

import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CONF = ROOT / "deploy" / "gunicorn.conf.py"
# The access log line the bench reads: status, microseconds in the worker (%(D)s, from
# the request read to the response written), worker pid, method and path.
ACCESS_FORMAT = 'BENCH %(s)s %(D)s %(p)s "%(m)s %(U)s"'


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    def __init__(self, *, demo_server=False, workers=None, worker_nice=0, log=print):
        self.tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
        os.chmod(self.tmp, 0o755)
        self.log = log
        self.procs = []  # (name, Popen), stopped in reverse order
        self.pg = None  # (bindir, data dir) when this stack started PostgreSQL
        self.demo_server = demo_server
        self.workers = workers
        self.worker_nice = worker_nice
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.access_log = self.tmp / "access.log"
        self.database_url = os.environ.get("DATABASE_URL") or self._start_postgres()
        common = {
            "DATABASE_URL": self.database_url,
            "STATIC_ROOT": str(self.tmp / "static"),
            "DJANGO_DEBUG": "0",
            "PYTHONUNBUFFERED": "1",
        }
        # Setting up needs demo mode (load_demo refuses without it).
        self.setup_env = {**os.environ, **common, "IMPROVEMENT_DEMO": "1"}
        if demo_server:
            self.server_env = dict(self.setup_env)
        else:
            # Served as in production: no demo defaults, a real secret, plain HTTP on
            # loopback (no TLS proxy here, so no secure-only cookies or HTTPS redirect).
            self.server_env = {
                k: v for k, v in os.environ.items() if k not in ("IMPROVEMENT_DEMO",)
            }
            self.server_env.update(
                common,
                SECRET_KEY=secrets.token_urlsafe(50),
                ALLOWED_HOSTS="127.0.0.1,localhost",
                SECURE_COOKIES="0",
                SECURE_SSL_REDIRECT="0",
                SECURE_HSTS_SECONDS="0",
            )

    # PostgreSQL ------------------------------------------------------------------------

    def _start_postgres(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version)
        if not found:
            raise SystemExit("No PostgreSQL server found: install postgresql or set DATABASE_URL")
        bindir = found[-1]
        pgdir = self.tmp / "pg"
        pgdir.mkdir()
        run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if run_as:
            shutil.chown(pgdir, "postgres", "postgres")
        port = free_port()
        initdb = ["-D", f"{pgdir}/data", "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        subprocess.run(
            [*run_as, f"{bindir}/initdb", *initdb],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-h 127.0.0.1 -p {port} -k {pgdir} -c fsync=off -c full_page_writes=off "
            "-c synchronous_commit=off -c max_connections=200"
        )
        start = ["-D", f"{pgdir}/data", "-l", f"{pgdir}/log", "-w", "-o", options, "start"]
        subprocess.run(
            [*run_as, f"{bindir}/pg_ctl", *start],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.pg = (run_as, bindir, pgdir, port)
        self.log(f"PostgreSQL {Path(bindir).parent.name} on 127.0.0.1:{port} (fsync off)")
        return f"postgres://postgres@127.0.0.1:{port}/improvement"

    # Django ----------------------------------------------------------------------------

    def manage(self, *args, env=None, capture=False):
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env or self.setup_env,
            check=True,
            text=True,
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        )
        return result.stdout

    def prepare(self):
        if self.pg:
            run_as, bindir, _pgdir, port = self.pg
            where = ["-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "improvement"]
            subprocess.run([*run_as, f"{bindir}/createdb", *where], check=True)
        started = time.perf_counter()
        self.manage("migrate", "--verbosity", "0")
        self.manage("createcachetable")
        # As the server will serve them (hashed names and a manifest outside demo mode).
        self.manage("collectstatic", "--noinput", "--verbosity", "0", env=self.server_env)
        self.manage("load_demo", "--verbosity", "0")
        self.log(
            f"migrate, createcachetable, collectstatic, load_demo: "
            f"{time.perf_counter() - started:.0f} s"
        )

    # Servers ---------------------------------------------------------------------------

    def _spawn(self, name, args):
        out = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.server_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append((name, proc, out))
        return proc

    def start_servers(self):
        args = [GUNICORN]
        if CONF.exists():
            args += ["-c", str(CONF)]
        if self.workers or not CONF.exists():
            args += ["-w", str(self.workers or 3)]
        # Command-line options override the config file's: loopback, our own access log.
        args += [
            "--bind",
            f"127.0.0.1:{self.port}",
            "--access-logfile",
            str(self.access_log),
            "--access-logformat",
            ACCESS_FORMAT,
            "--pid",
            str(self.tmp / "gunicorn.pid"),
            "improvement.wsgi",
        ]
        self.gunicorn_args = args
        self._spawn("gunicorn", args)
        nice = ["nice", "-n", str(self.worker_nice)] if self.worker_nice else []
        self._spawn("worker", [*nice, PYTHON, "manage.py", "db_worker", "--no-reload"])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/accounts/login/", timeout=5).read()
                return
            except OSError:
                time.sleep(0.5)
            for name, proc, _out in self.procs:
                if proc.poll() is not None:
                    raise SystemExit(f"{name} exited: see {self.tmp / (name + '.log')}")
        raise SystemExit("gunicorn did not answer within 60 s")

    def worker_pids(self):
        """gunicorn's worker processes (children of the master)."""
        master = next(p for n, p, _o in self.procs if n == "gunicorn").pid
        try:
            kids = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        except OSError:
            return []
        return [int(k) for k in kids]

    def log_lines(self, name, *words):
        """Lines of a process's log (gunicorn's error log, the worker's) with any of words."""
        path = self.tmp / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return [line for line in text.splitlines() if any(w in line for w in words)]

    def stop(self, keep=False):
        for name, proc, out in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.log(f"{name} did not stop in 20 s: killing it")
                    proc.kill()
                    proc.wait()
            out.close()
        self.procs = []
        if self.pg:
            run_as, bindir, pgdir, _port = self.pg
            subprocess.run(
                [*run_as, f"{bindir}/pg_ctl", "-D", f"{pgdir}/data", "-m", "fast", "stop"],
                stdout=subprocess.DEVNULL,
                check=False,
            )
            self.pg = None
        if keep:
            self.log(f"logs kept in {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


def _version(path):
    name = Path(path).parent.name
    return int(name) if name.isdigit() else 0


# Bench users -----------------------------------------------------------------------------

# Each simulated person: a role in the demo plan. Officers hold the demo officer's owner
# role (Principal Social Worker), so "My actions" lists actions and they may update them.
MIX = (("manager", 18), ("officer", 16), ("clerk", 8), ("board", 8))


def setup_users(password):
    """Create the bench users (through the history, like load_demo) and print, as JSON,
    who they are and what pages there are to visit. Runs inside Django."""
    import json

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from improvement.accounts.models import Membership
    from improvement.demo.management.commands.load_demo import DEMO_SLUG, OFFICER_ROLE
    from improvement.lib.history import save_tracked
    from improvement.plans.models import Action, Area, OwnerRole, Plan

    plan = Plan.objects.get(slug=DEMO_SLUG)
    admin = get_user_model().objects.get(username="admin")
    role = OwnerRole.objects.get(plan=plan, title=OFFICER_ROLE)
    hashed = make_password(password)  # one hash for all: setting up stays quick
    reason = "Bench user for bench/bench_load.py."
    users = []
    for kind, count in MIX:
        for n in range(1, count + 1):
            user = get_user_model()(username=f"bench-{kind}-{n:02d}", first_name="Bench")
            user.last_name = f"{kind.capitalize()} {n}"
            user.password = hashed
            save_tracked(user, user=admin, reason=reason)
            membership = Membership(user=user, plan=plan, role=Membership.Role(kind))
            save_tracked(membership, user=admin, reason=reason)
            if kind == "officer":
                role._history_user, role._change_reason = admin, reason
                role.users.add(user)
            users.append({"username": user.username, "kind": kind})
    actions = Action.objects.filter(plan=plan).order_by("pk")
    print(
        json.dumps(
            {
                "slug": plan.slug,
                "users": users,
                "areas": list(Area.objects.for_plan(plan).values_list("key", flat=True)),
                "actions": list(actions.values_list("ref", flat=True)),
                "officer_actions": list(
                    actions.filter(owners__role=role).distinct().values_list("ref", flat=True)
                ),
            }
        )
    )


def history_counts(tags_json):
    """For each reason tag: how many action and action-row history rows carry it. Runs
    inside Django; prints JSON {tag: [action rows, further-row rows]}."""
    import json
    import re

    from improvement.plans.models import Action, ActionRow

    tags = set(json.loads(tags_json))
    counts = {t: [0, 0] for t in tags}
    pattern = re.compile(r"\[(bench-[0-9a-f]+-\d+)\]")
    for index, model in enumerate((Action, ActionRow)):
        reasons = model.history.filter(history_change_reason__contains="[bench-")
        for reason in reasons.values_list("history_change_reason", flat=True):
            for tag in pattern.findall(reason):
                counts.setdefault(tag, [0, 0])[index] += 1
    print(json.dumps(counts))


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement.settings")
    import django

    django.setup()
    {"users": setup_users, "history": history_counts}[sys.argv[1]](sys.stdin.read())
