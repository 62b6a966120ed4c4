"""Benchmark: 50 people using the production stack at once, for 2 minutes.

It starts its own stack on loopback (bench/loadstack.py: PostgreSQL with fsync off,
or DATABASE_URL if given; migrate, createcachetable, collectstatic, the demo plan;
gunicorn with deploy/gunicorn.conf.py when it exists, and the background task worker),
signs in 50 bench users (managers, officers, clerks and board members of the demo
plan), and for ``--seconds`` each person, after a think time, either reads one of the
main pages (plan, area, action, my actions, change log, scorecard, compare: 90%) or
updates an action through the real form (10%: GET the form for its version and CSRF
token, POST a change with a reason carrying a unique tag). Every ``--pair-every``
seconds two managers open the same action's form and save it at the same moment: one
must be refused with the conflict page. Half way through, a clerk asks for a cold
committee pack: the answer's time and the time until the PDF is ready are recorded.

It prints the requests, the 5xx count (target 0), the server's p50/p95 (gunicorn's
access log, %(D)s: from reading the request to writing the response; target p95 ≤
300 ms) beside the client's, the lost updates (after the run, every accepted save must
have exactly one action history row with its tag, every refused one none, and no two
accepted saves of an action may start from the same version; target 0), the pack's
answer and ready times, and — with ``--cache`` — a pack asked for again from other
sessions after no change ÷ the cold one (target ≤ 5%). Never a timed assertion: the
figures are printed. Everything runs on loopback and is stopped at the end.

    .venv/bin/python bench/bench_load.py [--seconds 120] [--users 50] [--think 2]
        [--demo-server] [--workers N] [--worker-nice N] [--cache] [--keep-logs]

The server runs with production settings (no demo mode, DEBUG off, hashed static
files), except that it serves plain HTTP on loopback: SECURE_SSL_REDIRECT, HSTS and
secure-only cookies are off, as there is no TLS proxy in front. ``--demo-server`` serves
in demo mode instead. Setting up (load_demo) always runs in demo mode.
"""

import argparse
import datetime as dt
import json
import os
import random
import secrets
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadclient import Recorder, pack_flow, read_page, sign_in, write
from loadstack import PYTHON, ROOT, Stack

READ_WEIGHTS = {
    "plan": 15,
    "area": 20,
    "action": 25,
    "my-actions": 10,
    "change-log": 10,
    "scorecard": 10,
    "compare": 10,
}


def ms(values, q):
    """The q-th percentile of ``values`` (seconds) as a column of milliseconds."""
    return f"{1000 * percentile(values, q):>{12 if q == 50 else 8}.0f}"


def percentile(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def run_load(stack, site, args, rec):
    users = mixed(site["users"])[: args.users]
    password = site["password"]
    clients = {}
    started = time.perf_counter()
    with_threads(
        users, lambda u: clients.__setitem__(u["username"], sign_in(stack.base, u, password))
    )
    print(
        f"{len(clients)} people signed in in {time.perf_counter() - started:.1f} s "
        "(before the measured window)"
    )
    writers = [u for u in users if u["kind"] in ("manager", "officer")]
    # Writes per operation for a writer, so that all writes (the pairs' too) are the share
    # asked for, with each person doing about one operation per think time.
    pair_writes = 2 / args.pair_every * args.think
    p_write = (args.write_share * len(users) - pair_writes) / max(1, len(writers))
    p_write = min(1.0, max(0.0, p_write))
    pair = [u["username"] for u in users if u["kind"] == "manager"][:2]
    clerk = next(u["username"] for u in users if u["kind"] == "clerk")
    stop_at = time.monotonic() + args.seconds
    pair_results = []
    pack = {}
    rng_seed = random.Random(11)
    barriers, lock = {}, threading.Lock()
    first_pair = time.monotonic() + args.pair_every / 2

    def pair_round(k, client):
        """Round k of the two managers' simultaneous edit of one action."""
        with lock:
            barrier = barriers.setdefault(k, threading.Barrier(2))
        action = random.Random(k).choice(site["actions"])
        try:
            barrier.wait(timeout=60)  # both are here: both open the form
        except threading.BrokenBarrierError:
            return
        outcome = write(client, site, action, rec, barrier=barrier)
        pair_results.append((k, client.user["username"], outcome))

    def person(user):
        rng = random.Random(rng_seed.random())
        client = clients[user["username"]]
        time.sleep(rng.uniform(0, args.think))  # people do not all start at once
        k = 0
        while time.monotonic() < stop_at:
            due = first_pair + k * args.pair_every
            # Rounds end 10 s before the load does, so both managers reach every round.
            if user["username"] in pair and time.monotonic() >= due and due < stop_at - 10:
                pair_round(k, client)
                k += 1
            elif user["kind"] in ("manager", "officer") and rng.random() < p_write:
                mine = site["officer_actions"] if user["kind"] == "officer" else []
                pool = mine or site["actions"]
                write(client, site, rng.choice(pool), rec)
            else:
                kind = rng.choices(list(READ_WEIGHTS), weights=READ_WEIGHTS.values())[0]
                read_page(client, site, kind, rng, rec)
            time.sleep(rng.uniform(0.5 * args.think, 1.5 * args.think))

    def clerk_asks():
        time.sleep(args.seconds / 2)
        client = clients[clerk]
        marks = pack.setdefault("_log", {})

        def mark(moment):
            marks[moment] = stack.access_log.stat().st_size

        pack.update(pack_flow(client, site, rec, stop_at + args.pack_grace, mark))

    threads = [threading.Thread(target=person, args=(u,), daemon=True) for u in users]
    threads.append(threading.Thread(target=clerk_asks, daemon=True))
    time.sleep(1)  # gunicorn logs a request just after answering it: let sign-ins land
    log_start = stack.access_log.stat().st_size
    window = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=args.seconds + args.pack_grace + 120)
    window = time.perf_counter() - window
    return log_start, window, pair_results, pack


def mixed(users):
    """The users with the kinds interleaved in proportion, so any first N hold each kind."""
    totals = Counter(u["kind"] for u in users)
    seen = Counter()
    keyed = []
    for u in users:
        seen[u["kind"]] += 1
        keyed.append(((seen[u["kind"]] - 0.5) / totals[u["kind"]], u["kind"], u))
    return [u for _share, _kind, u in sorted(keyed, key=lambda k: k[:2])]


def with_threads(items, fn):
    errors = []

    def run(item):
        try:
            fn(item)
        except Exception as error:  # reported below, with the user
            errors.append((item, error))

    threads = [threading.Thread(target=run, args=(i,)) for i in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"sign-in failed for {len(errors)}: {errors[0]}")


def server_times(stack, start, end=None):
    """(status, seconds, pid, method, path) for each access log line in [start, end)."""
    with open(stack.access_log, "rb") as f:
        f.seek(start)
        data = f.read() if end is None else f.read(end - start)
    rows = []
    for line in data.decode().splitlines():
        if not line.startswith("BENCH "):
            continue
        try:
            _b, status, micros, pid, request = line.split(" ", 4)
            method, path = request.strip('"').split(" ", 1)
        except ValueError:
            continue  # a line cut by a mark taken while it was written
        rows.append((int(status), int(micros) / 1e6, int(pid.strip("<>")), method, path))
    return rows


def build_seconds(lines):
    """Each PDF build task's time, from the worker's RUNNING and end lines."""
    started, seconds = {}, []
    for line in lines:
        when = dt.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")
        task = line.split("Task id=", 1)[1].split()[0]
        if "state=RUNNING" in line:
            started[task] = when
        elif task in started:
            seconds.append((when - started.pop(task)).total_seconds())
    return seconds


def check_history(stack, rec):
    """Lost updates: from the history table, after the run."""
    tags = [w["tag"] for w in rec.writes]
    out = subprocess.run(
        [PYTHON, "bench/loadstack.py", "history"],
        cwd=ROOT,
        env=stack.setup_env,
        input=json.dumps(tags),
        text=True,
        capture_output=True,
        check=True,
    ).stdout
    counts = json.loads(out.strip().splitlines()[-1])
    problems = []
    for w in rec.writes:
        action_rows, row_rows = counts.get(w["tag"], [0, 0])
        if w["outcome"] == "saved" and action_rows != 1:
            problems.append(f"{w['tag']} saved, {action_rows} action history rows")
        if w["outcome"] != "saved" and action_rows + row_rows:
            problems.append(f"{w['tag']} {w['outcome']}, {action_rows + row_rows} history rows")
    bases = Counter((w["ref"], w["version"]) for w in rec.writes if w["outcome"] == "saved")
    for (ref, version), n in bases.items():
        if n > 1:
            problems.append(f"{ref}: {n} saves accepted from version {version}")
    return problems


def report(stack, args, rec, log_start, window, pair_results, pack):
    rows = server_times(stack, log_start)
    requests = rec.requests
    statuses = Counter(r["status"] for r in requests)
    fivexx = [r for r in requests if r["status"] >= 500 or r["status"] == 0]
    print(
        f"\nMeasured window {window:.0f} s, {len(rec.people)} people, think time "
        f"{0.5 * args.think:.1f}–{1.5 * args.think:.1f} s\n"
    )
    print(f"requests (client)      {len(requests)}  ({len(requests) / window:.1f}/s)")
    print(f"requests (access log)  {len(rows)}")
    print("statuses               " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    print(f"5xx or no answer       {len(fivexx)} (target 0)")
    for r in fivexx[:5]:
        print(f"    {r['status']} {r['method']} {r['path']} {r.get('error', '')}")
    for name in ("gunicorn", "worker"):
        bad = stack.log_lines(name, "WORKER TIMEOUT", "Traceback", " ERROR ", "CRITICAL")
        print(f"{name} log: {len(bad)} errors, tracebacks or timeouts")
        for line in bad[:5]:
            print("    " + line[:160])
    by_kind = defaultdict(list)
    for r in requests:
        by_kind[r["kind"]].append(r["seconds"])
    server_by_kind = defaultdict(list)
    for _status, seconds, _pid, method, path in rows:
        server_by_kind[rec.kind_of(method, path)].append(seconds)
    header = f"{'page':<18}{'n':>6}{'server p50':>12}{'p95 ms':>8}{'client p50':>12}{'p95 ms':>8}"
    print("\n" + header + "\n" + "-" * len(header))
    for kind in sorted(set(by_kind) | set(server_by_kind)):
        s, c = server_by_kind.get(kind, []), by_kind.get(kind, [])
        print(f"{kind:<18}{len(s):>6}" + "".join(ms(v, q) for v in (s, c) for q in (50, 95)))
    every = [row[1] for row in rows]
    pages = [row[1] for row in rows if not row[4].endswith(".pdf")]
    client_all = [r["seconds"] for r in requests]
    print("-" * len(header))
    print(
        f"{'all requests':<18}{len(every):>6}{1000 * percentile(every, 50):>12.0f}"
        f"{1000 * percentile(every, 95):>8.0f}{1000 * percentile(client_all, 50):>12.0f}"
        f"{1000 * percentile(client_all, 95):>8.0f}"
    )
    print(
        f"\nserver p50 {1000 * percentile(every, 50):.0f} ms, p95 "
        f"{1000 * percentile(every, 95):.0f} ms (target ≤ 300 ms; without PDF downloads "
        f"p95 {1000 * percentile(pages, 95):.0f} ms)"
    )

    outcomes = Counter(w["outcome"] for w in rec.writes)
    reads = sum(1 for op in rec.ops if op == "read")
    print(
        f"\noperations: {reads} reads, {len(rec.writes)} writes "
        f"({100 * len(rec.writes) / max(1, reads + len(rec.writes)):.1f}% writes)"
    )
    print("writes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    by_pair = defaultdict(list)
    for key, _user, outcome in pair_results:
        by_pair[key].append(outcome)
    odd = [sorted(v) for v in by_pair.values() if sorted(v) != ["conflict", "saved"]]
    print(
        f"same action, same moment: {len(by_pair)} pairs, {len(by_pair) - len(odd)} with one "
        f"saved and one shown the conflict page{f' (otherwise: {odd})' if odd else ''}"
    )
    problems = check_history(stack, rec)
    print(f"lost updates: {len(problems)} (target 0)")
    for p in problems[:10]:
        print("    " + p)

    print("\ncommittee pack (cold, asked half way through by a clerk):")
    marks = pack.pop("_log", {})
    for key, value in pack.items():
        if key == "progress shown":
            value = " | ".join(value)
        print(f"    {key}: {value}")
    builds = build_seconds(stack.log_lines("worker", "builds.build_pdf state="))
    print(
        f"    background builds the worker ran: {len(builds)} "
        f"({', '.join(f'{b:.1f}' for b in builds)} s)"
    )
    if "asked" in marks and "ready" in marks:
        # The build takes a core of two: the pages' times while it runs, and otherwise.
        during = server_times(stack, marks["asked"], marks["ready"])
        rest = server_times(stack, log_start, marks["asked"]) + server_times(stack, marks["ready"])
        for name, part in (("while the pack was built", during), ("the rest of the run", rest)):
            times = [row[1] for row in part]
            print(
                f"    server p50/p95 {name}: {1000 * percentile(times, 50):.0f}/"
                f"{1000 * percentile(times, 95):.0f} ms ({len(times)} requests)"
            )
    return len(fivexx), problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=2.0, help="mean think time, s")
    parser.add_argument("--write-share", type=float, default=0.10)
    parser.add_argument("--pair-every", type=float, default=15)
    parser.add_argument(
        "--pack-grace",
        type=float,
        default=120,
        help="how long after the load the clerk may still wait for the PDF",
    )
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: its config)")
    parser.add_argument(
        "--demo-server",
        action="store_true",
        help="serve in demo mode (IMPROVEMENT_DEMO=1) instead of production",
    )
    parser.add_argument(
        "--cache",
        action="store_true",
        help="then ask for the pack again from other sessions (cache figure)",
    )
    parser.add_argument(
        "--worker-nice",
        type=int,
        default=0,
        help="run the task worker at this nice level (default 0, as scripts/serve.sh)",
    )
    parser.add_argument("--keep-logs", action="store_true")
    args = parser.parse_args()

    stack = Stack(demo_server=args.demo_server, workers=args.workers, worker_nice=args.worker_nice)
    try:
        stack.prepare()
        password = secrets.token_urlsafe(16)  # the bench users' (one for all)
        out = subprocess.run(
            [PYTHON, "bench/loadstack.py", "users"],
            cwd=ROOT,
            env=stack.setup_env,
            input=password,
            text=True,
            capture_output=True,
            check=True,
        ).stdout
        site = json.loads(out.strip().splitlines()[-1])
        site["password"] = password
        stack.start_servers()
        print(f"gunicorn: {' '.join(stack.gunicorn_args[1:-1])}")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(
            f"{len(stack.worker_pids())} web workers, 1 task worker (nice {args.worker_nice}); "
            "server in "
            f"{'demo' if args.demo_server else 'production'} mode, DEBUG off; "
            f"{os.cpu_count()} CPUs shared with other work"
        )
        rec = Recorder()
        log_start, window, pairs, pack = run_load(stack, site, args, rec)
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        report(stack, args, rec, log_start, window, pairs, pack)
        if args.cache:
            from loadclient import cache_figure

            cache_figure(stack, site, password, server_times)
    finally:
        stack.stop(keep=args.keep_logs)


if __name__ == "__main__":
    main()
