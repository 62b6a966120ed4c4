"""The simulated people of bench_load.py: a stdlib HTTP client with its own cookies,
signing in, reading pages, updating an action through the real form, asking for the
committee pack. Every request is recorded with its client-side time."""

import contextlib
import http.client
import re
import secrets
import threading
import time
import urllib.parse
from html.parser import HTMLParser
from http.cookies import SimpleCookie


class Recorder:
    def __init__(self):
        self.run = secrets.token_hex(3)
        self.lock = threading.Lock()
        self.requests, self.writes, self.ops, self.people = [], [], [], set()
        self.count = 0

    def add(self, **row):
        with self.lock:
            self.requests.append(row)

    def tag(self):
        with self.lock:
            self.count += 1
            return f"bench-{self.run}-{self.count}"

    @staticmethod
    def kind_of(method, path):
        path = urllib.parse.urlsplit(path).path
        for pattern, kind in KINDS:
            if re.search(pattern, path):
                return f"{kind} (POST)" if method == "POST" else kind
        return "other"


KINDS = [
    (r"/accounts/login/$", "sign-in"),
    (r"/actions/[^/]+/edit/$", "update form"),
    (r"/actions/[^/]+/$", "action"),
    (r"/areas/[^/]+/$", "area"),
    (r"/my-actions/$", "my-actions"),
    (r"/changes/$", "change-log"),
    (r"/scorecard/$", "scorecard"),
    (r"/compare/$", "compare"),
    (r"/committee/.*\.pdf$", "pack PDF"),
    (r"/committee/[^/]+/progress/$", "pack status"),
    (r"/committee/", "pack page"),
    (r"^/plans/[^/]+/$", "plan"),
]


class Client:
    """One person's browser: cookies, no automatic redirects, one connection a request
    (gunicorn's sync workers close it after each answer anyway)."""

    def __init__(self, base, recorder=None):
        self.host, self.port = urllib.parse.urlsplit(base).netloc.split(":")
        self.cookies = {}
        self.rec = recorder

    def request(self, method, path, data=None, kind=None, timeout=120):
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "bench_load"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(self.host, int(self.port), timeout=timeout)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            conn.close()
            status, error = response.status, ""
        except OSError as exc:
            status, content, response, error = 0, b"", None, repr(exc)
        seconds = time.perf_counter() - started
        if response is not None:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
        if self.rec is not None:
            self.rec.add(
                kind=kind or Recorder.kind_of(method, path),
                method=method,
                path=path,
                status=status,
                seconds=seconds,
                at=started,
                error=error,
            )
        return Answer(status, response, content, seconds)


class Answer:
    def __init__(self, status, response, content, seconds):
        self.status, self.content, self.seconds = status, content, seconds
        self.headers = response.headers if response is not None else {}
        self.location = self.headers.get("Location", "") if response is not None else ""

    @property
    def text(self):
        return self.content.decode("utf-8", "replace")


class FormReader(HTMLParser):
    """The fields of the page's forms, as a browser would send them: inputs (radios and
    checkboxes only when checked) and textareas; each form with its action and method."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links, self._textarea = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": a.get("action", ""), "method": a.get("method", "get"), "fields": []}
            )
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "input" and self.forms and a.get("name"):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                return
            if a.get("type") in ("submit", "button", "image"):
                return
            self.forms[-1]["fields"].append([a["name"], a.get("value", "")])
        elif tag == "textarea" and self.forms and a.get("name"):
            self._textarea = [a["name"], ""]
            self.forms[-1]["fields"].append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # Browsers drop one line break straight after <textarea>.
            if self._textarea[1].startswith("\n"):
                self._textarea[1] = self._textarea[1][1:]
            self._textarea = None


def parse(html):
    reader = FormReader()
    reader.feed(html)
    return reader


def sign_in(base, user, password, recorder=None):
    client = Client(base, recorder)
    page = client.request("GET", "/accounts/login/", kind="sign-in")
    form = next(f for f in parse(page.text).forms if "username" in dict(f["fields"]))
    data = dict(form["fields"])
    data.update(username=user["username"], password=password)
    answer = client.request("POST", "/accounts/login/", data, kind="sign-in")
    if answer.status != 302:
        raise RuntimeError(f"{user['username']}: sign-in answered {answer.status}")
    client.user = user
    return client


def read_page(client, site, kind, rng, rec):
    slug = site["slug"]
    path = {
        "plan": f"/plans/{slug}/",
        "area": f"/plans/{slug}/areas/{rng.choice(site['areas'])}/",
        "action": f"/plans/{slug}/actions/{rng.choice(site['actions'])}/",
        "my-actions": "/my-actions/",
        "change-log": f"/plans/{slug}/changes/",
        "scorecard": f"/plans/{slug}/scorecard/",
        "compare": f"/plans/{slug}/compare/?from=2025-05-08&to=2025-11-12",
    }[kind]
    with rec.lock:
        rec.ops.append("read")
        rec.people.add(client.user["username"])
    client.rec = rec
    return client.request("GET", path)


BENCH_LINE = re.compile(r"\s*Bench update \[bench-[0-9a-f]+-\d+\]\.$")


def write(client, site, ref, rec, barrier=None):
    """Open the update form (its version and CSRF token), change the progress and give
    a reason carrying a unique tag; POST it. With ``barrier``, two people POST together.
    Returns the outcome: saved, conflict, invalid or an error status."""
    client.rec = rec
    path = f"/plans/{site['slug']}/actions/{ref}/edit/"
    page = client.request("GET", path)
    tag = rec.tag()
    entry = {"tag": tag, "ref": ref, "user": client.user["username"], "version": None}
    with rec.lock:
        rec.ops.append("write")
        rec.people.add(client.user["username"])
        rec.writes.append(entry)
    if page.status != 200:
        entry["outcome"] = f"form {page.status}"
        if barrier is not None:
            barrier.abort()
        return entry["outcome"]
    # The update form (the page also has the header's sign-out form).
    form = next(f for f in parse(page.text).forms if f["action"].endswith("/edit/"))
    fields = dict(form["fields"])
    entry["version"] = fields.get("version")
    progress = BENCH_LINE.sub("", fields.get("progress", ""))
    fields["progress"] = f"{progress}\n\nBench update [{tag}].".lstrip()
    fields["reason"] = f"Load test update [{tag}]"
    if barrier is not None:
        # Both have their form: now both save (if the other side failed, save alone).
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=30)
    answer = client.request("POST", path, fields)
    if answer.status == 302 and answer.location.rstrip("/").endswith(f"/actions/{ref}"):
        entry["outcome"] = "saved"
        client.request("GET", answer.location)
    elif answer.status == 409 and "conflict" in answer.text.lower():
        entry["outcome"] = "conflict"
    elif answer.status == 200:
        entry["outcome"] = "invalid"
        entry["errors"] = re.findall(r'govuk-error-message">.*?</span>\s*([^<]+)', answer.text)
    else:
        entry["outcome"] = f"status {answer.status}"
    return entry["outcome"]


def _pack_link(html):
    """The committee page's link to the whole pack."""
    for href in parse(html).links:
        if urllib.parse.urlsplit(href).path.endswith("/pack.pdf"):
            return href.replace("&amp;", "&")
    return None


def pack_flow(client, site, rec, deadline, mark=lambda moment: None):
    """The clerk asks for the whole pack from the committee page (its default choices),
    follows the status page as a browser would (its meta refresh) until it offers the
    download, and downloads the PDF. Times: the answer to the request; until the status
    page says ready; until the PDF is in hand. ``mark`` is told when the pack is asked
    for ("asked") and when it is in hand ("ready")."""
    client.rec = rec
    result = {}
    page = client.request("GET", f"/plans/{site['slug']}/committee/")
    link = _pack_link(page.text)
    if link is None:
        return {"error": f"no pack link on the committee page ({page.status})"}
    asked = time.perf_counter()
    mark("asked")
    answer = client.request("GET", link, kind="pack request")
    result["request"] = link
    result["answered in"] = f"{1000 * answer.seconds:.0f} ms (status {answer.status}" + (
        f", to {urllib.parse.urlsplit(answer.location).path})" if answer.location else ")"
    )
    pdf, notes = follow_until_pdf(client, link, answer, deadline, asked)
    mark("ready")
    result.update(notes)
    if pdf is None:
        result["PDF"] = "not in hand within the time allowed"
    else:
        result["PDF in hand after"] = f"{time.perf_counter() - asked:.1f} s"
        result["PDF"] = f"{len(pdf.content) // 1024} KiB, starts {pdf.content[:5]!r}"
    return result


REFRESH = re.compile(r'<meta http-equiv="refresh" content="(\d+)')
STATUS = re.compile(r'role="status"[^>]*>(.*?)</div>', re.S)


def follow_until_pdf(client, url, answer, deadline, asked):
    """Follow redirects and the status page until a PDF arrives, or ``deadline``
    (time.monotonic) passes. Returns (the PDF answer or None, notes)."""
    current, notes, rebuilds, said_ready = answer, {"progress shown": []}, 0, False
    while True:
        ctype = current.headers.get("Content-Type", "") if current.status else ""
        if current.status == 200 and ctype.startswith("application/pdf"):
            if rebuilds:
                notes["sent back to a new build (plan changed meanwhile)"] = rebuilds
            return current, notes
        if current.status in (301, 302, 303):
            if "/accounts/login/" in current.location:
                notes["error"] = "signed out"
                return None, notes
            if url.split("?")[0].endswith(".pdf") and said_ready:
                rebuilds += 1  # the download found no PDF for the plan's data now
            url = current.location
            current = client.request("GET", url, kind="pack status")
            continue
        if current.status != 200:
            notes["error"] = f"status {current.status} at {url}"
            return None, notes
        html = current.text
        status = STATUS.search(html)
        notes["last status"] = (
            re.sub(r"<[^>]+>|\s+", " ", status.group(1)).strip() if status else ""
        )
        if notes["last status"] not in notes["progress shown"]:
            notes["progress shown"].append(notes["last status"])
        downloads = [
            h.replace("&amp;", "&")
            for h in parse(html).links
            if urllib.parse.urlsplit(h).path.endswith("/pack.pdf")
        ]
        if downloads:
            said_ready = True
            notes.setdefault("status page said ready after", f"{time.perf_counter() - asked:.1f} s")
            url = downloads[0]
            current = client.request("GET", url, kind="pack PDF")
            continue
        if "failed" in notes["last status"].lower() or "could not" in notes["last status"]:
            notes["error"] = "the build failed"
            return None, notes
        if time.monotonic() > deadline:
            return None, notes
        refresh = REFRESH.search(html)
        time.sleep(int(refresh.group(1)) if refresh else 2)
        current = client.request("GET", url, kind="pack status")


def cache_figure(stack, site, password, server_times, deadline_seconds=300):
    """After the load: a pack nobody has asked for (a report reference of its own, so
    cold) built for one clerk, then asked for again by other clerks' sessions (each a new
    connection, so likely another gunicorn worker): time until the PDF is in hand, warm ÷
    cold. Prints the figures, with which worker process served each download."""
    clerks = [u for u in site["users"] if u["kind"] == "clerk"]
    first = sign_in(stack.base, clerks[0], password)
    page = first.request("GET", f"/plans/{site['slug']}/committee/")
    link = f"{_pack_link(page.text)}&reference=Bench+cache+{secrets.token_hex(3)}"

    def last_pid():
        rows = server_times(stack, 0)
        return rows[-1][2] if rows else None

    asked = time.perf_counter()
    answer = first.request("GET", link)
    pdf, _notes = follow_until_pdf(first, link, answer, time.monotonic() + deadline_seconds, asked)
    cold, cold_pid = time.perf_counter() - asked, last_pid()
    if pdf is None:
        print(f"\ncache figure: the cold pack was not ready within {deadline_seconds} s")
        return
    warm = []
    for user in clerks[1:4]:
        other = sign_in(stack.base, user, password)
        asked = time.perf_counter()
        answer = other.request("GET", link)
        got, _notes = follow_until_pdf(other, link, answer, time.monotonic() + 60, asked)
        seconds = time.perf_counter() - asked
        ok = got is not None and got.content == pdf.content
        warm.append((seconds, last_pid(), answer.status, ok))
    print(
        f"\ncache: cold pack (background build, then download) {cold:.1f} s, downloaded "
        f"from worker {cold_pid}; asked again with no change from other sessions:"
    )
    for seconds, pid, status, ok in warm:
        print(
            f"    {1000 * seconds:.0f} ms from worker {pid}"
            f"{' (another worker)' if pid != cold_pid else ' (same worker)'}, first answer "
            f"{status}, {'the same PDF' if ok else 'NOT the same PDF'}"
        )
    best_other = [w[0] for w in warm if w[1] != cold_pid] or [w[0] for w in warm]
    print(
        f"    warm ÷ cold {100 * max(best_other) / cold:.2f}% (target ≤ 5%; the slowest "
        "of the other workers')"
    )
