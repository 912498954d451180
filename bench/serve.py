"""Load on the HTTP service: requests/s, p50, p99 and errors per endpoint, on loopback only.

    python bench/serve.py [--duration 20] [--connections 32] [--workers 2] [--json FILE]

Starts ``aliasdb serve`` on 127.0.0.1 (any free port) and drives it with Debian's ``wrk``
(C, epoll: the load generator must not eat the cores it measures; ``apt-get install wrk``), each
endpoint in turn for ``--duration`` seconds with ``--connections`` connections, then stops it.
The mix of names: the development set's queries (variants in other conventions and scripts,
inflections, particles, and names not in the table), the table's own names in Latin, Cyrillic
and Hangul, and the same with one letter changed. ``/resolve`` and the batch are run twice: on that pool
(repeated, as a column of names is: the service keeps its answers; timed after ``--warmup``
seconds of it, in which every name is asked) and on the table's names
with one letter changed, distinct, none asked twice in a run (every answer computed). Beside
them, in the same run, ``/health``: the floor of the stack (HTTP, routing, JSON) without aliasdb.

Then one annotation of 1 MB of news-like text and one of 1 MB made only of capitalized name
parts (the worst case: every run of it would need a resolve), each on text the server has not
seen: seconds per MB, and their ratio (the bound per character keeps it within 5x).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from annotate import generate  # noqa: E402

from aliasdb import AliasDB  # noqa: E402


def _lua(data: bytes) -> str:
    """A Lua string literal of any bytes (decimal escapes: LuaJIT and Lua 5.1 read them)."""
    return '"' + "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\{b:03d}" for b in data) + '"'


def _script(requests: list[tuple[str, str, dict[str, str], bytes]]) -> str:
    """A wrk script that sends these requests round-robin, each thread from its own start."""
    rows = []
    for method, path, headers, body in requests:
        hdr = "{" + ", ".join(f"[{_lua(k.encode())}] = {_lua(v.encode())}" for k, v in headers.items()) + "}"
        rows.append(f"  {{{_lua(method.encode())}, {_lua(path.encode())}, {hdr}, {_lua(body) if body else 'nil'}}},")
    # (a Lua function holds at most 65,536 constants: the table is built by functions of 4,000 rows)
    parts = ["local function part{}(t)\n  local rows = {{\n{}\n  }}\n  for _, r in ipairs(rows) do t[#t + 1] = r end\nend\n"
             .format(k, "\n".join(rows[i : i + 4000])) for k, i in enumerate(range(0, len(rows), 4000))]
    calls = "".join(f"part{k}(reqs)\n" for k in range(len(parts)))
    return ("".join(parts) + "local reqs = {}\n" + calls + "local n = 0\n"
            "local counter = 0\n"
            "setup = function(thread) counter = counter + 1; thread:set('start', counter * 7919) end\n"
            "init = function(args) n = tonumber(start) or 0 end\n"
            "request = function()\n  n = n + 1\n  local r = reqs[(n % #reqs) + 1]\n"
            "  return wrk.format(r[1], r[2], r[3], r[4])\nend\n")


def _quote(text: str) -> str:
    return urllib.request.quote(text, safe="")


def _typo(rnd: random.Random, name: str) -> str:
    i = rnd.randrange(len(name))
    if not name[i].isalpha():
        return name + rnd.choice("aeiou")
    return name[:i] + rnd.choice("aeioukrstnl" if name[i].isascii() else name) + name[i + 1:]


def pools(db: AliasDB, seed: int) -> tuple[list[str], list[str]]:
    """The repeated mix, and the distinct names (a letter changed; never the same twice)."""
    rnd = random.Random(seed)
    with (ROOT / "bench" / "devset.tsv").open(encoding="utf-8") as f:
        dev = [line.split("\t")[0] for line in f.read().splitlines()[1:] if line]
    own = [a for e in db.entities for a in e.all_names]
    rnd.shuffle(own)
    mix = dev + own[:1500] + [_typo(rnd, n) for n in own[:500]]
    rnd.shuffle(mix)
    distinct = list(dict.fromkeys(_typo(rnd, n) for n in own * 40))
    rnd.shuffle(distinct)
    return mix, distinct


_UNIT = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def wrk(url: str, requests: list[tuple[str, str, dict[str, str], bytes]], duration: int, connections: int,
        threads: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="ascii") as f:
        f.write(_script(requests))
    run = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--latency",
                          "--timeout", "10s", "-s", f.name, url], capture_output=True, text=True, timeout=duration + 60)
    if run.stderr.strip():
        raise RuntimeError(f"wrk failed: {run.stderr.strip()}")
    out = run.stdout
    Path(f.name).unlink()
    if "requests in" not in out or "Requests/sec" not in out:
        raise RuntimeError(f"wrk failed: {out}")

    def latency(p: str) -> float:
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(m.group(1)) * _UNIT[m.group(2)] if m else float("nan")

    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return {"requests": int(total.group(1)) if total else 0, "rps": float(rps.group(1)) if rps else 0.0,
            "p50_ms": latency("50"), "p99_ms": latency("99"),
            "errors": (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)}


def post(url: str, path: str, body: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=600) as r:
        answer = json.loads(r.read())
    return time.perf_counter() - t, answer


def name_parts_text(db: AliasDB, chars: int, seed: int) -> str:
    """Only capitalized name parts of the table, in random order: the costliest text to annotate."""
    rnd = random.Random(seed)
    parts = sorted({w for e in db.entities for a in e.all_names for w in a.split() if w[:1].isupper() and w.isalpha()})
    out, size = [], 0
    while size < chars:
        w = rnd.choice(parts)
        out.append(w)
        size += len(w) + 1
    return " ".join(out)[:chars]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=int, default=20, help="seconds per endpoint (default 20)")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--warmup", type=int, default=5, help="untimed seconds on the repeated mix before it is timed (default 5)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    ap.add_argument("--workers", type=int, default=2, help="server worker processes (default 2)")
    ap.add_argument("--batch", type=int, default=100, help="names per POST /resolve (default 100)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        print("bench/serve.py needs wrk: apt-get install wrk", file=sys.stderr)
        return 2
    db = AliasDB.default()
    mix, distinct = pools(db, args.seed)
    rnd = random.Random(args.seed)
    log = tempfile.NamedTemporaryFile("w+b", suffix=".log", delete=False)
    server = subprocess.Popen([sys.executable, "-m", "aliasdb.cli", "serve", "--host", "127.0.0.1", "--port", "0",
                               "--workers", str(args.workers)], stdout=log, stderr=log, cwd=ROOT)
    try:
        url = ""
        for _ in range(600):
            m = re.search(rb"on (http://127\.0\.0\.1:\d+) ", Path(log.name).read_bytes())
            if m:
                url = m.group(1).decode()
                try:
                    urllib.request.urlopen(url + "/health", timeout=5).read()
                    break
                except OSError:
                    pass
            time.sleep(0.1)
        assert url, Path(log.name).read_text(errors="replace")
        get = [("GET", "/resolve?name=" + _quote(n), {}, b"") for n in mix]
        fresh = [("GET", "/resolve?name=" + _quote(n), {}, b"") for n in distinct]
        hdr = {"Content-Type": "application/json"}
        batches = [("POST", "/resolve", hdr, json.dumps({"names": rnd.sample(mix, args.batch)}).encode()) for _ in range(200)]
        fresh_batches = [("POST", "/resolve", hdr, json.dumps({"names": distinct[i : i + args.batch]}).encode())
                         for i in range(0, len(distinct), args.batch)]
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        recon = [("POST", "/reconcile", form, ("queries=" + _quote(json.dumps(
            {f"q{i}": {"query": n, "limit": 3} | ({"type": "person"} if i % 2 else {}) for i, n in
             enumerate(rnd.sample(mix, 10))}))).encode()) for _ in range(300)]
        texts = [generate(db, 0.02, args.seed + 100 + i) for i in range(50)]
        annotate = [("POST", "/annotate", hdr, json.dumps({"text": t}, ensure_ascii=False).encode()) for t in texts]
        text_mb = sum(len(t.encode()) for t in texts) / len(texts) / 1e6
        runs = {
            "/health (floor)": [("GET", "/health", {}, b"")],
            f"/resolve (a mix of {len(mix):,} names, repeated)": get,
            f"/resolve (distinct names: {len(distinct):,}, each asked once)": fresh,
            f"POST /resolve ({args.batch} names a batch, from the mix)": batches,
            f"POST /resolve ({args.batch} distinct names a batch)": fresh_batches,
            "/reconcile (10 queries a batch)": recon,
            f"/annotate (news text, {text_mb * 1000:.0f} KB a request)": annotate,
        }
        figures: dict[str, Any] = {}
        print(f"aliasdb serve --workers {args.workers} on loopback; wrk -t{args.threads} -c{args.connections} "
              f"-d{args.duration}s; same run, same server")
        print(f"{'endpoint':<58} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  throughput")
        for label, reqs in runs.items():
            if "from the mix" in label or "repeated" in label:  # steady state: every name of the mix asked first
                wrk(url, reqs, args.warmup, args.connections, args.threads)
            r = wrk(url, reqs, args.duration, args.connections, args.threads)
            extra = ""
            if label.startswith("POST /resolve"):
                r["names_per_s"] = r["rps"] * args.batch
                extra = f"{r['names_per_s']:,.0f} names/s"
            elif label.startswith("/reconcile"):
                extra = f"{r['rps'] * 10:,.0f} queries/s"
            elif label.startswith("/annotate"):
                r["mb_per_s"] = r["rps"] * text_mb
                extra = f"{r['mb_per_s']:.2f} MB/s"
            figures[label] = r
            print(f"{label:<58} {r['rps']:>9,.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['errors']:>7}  {extra}")
        news = generate(db, 1.0, args.seed + 999)
        worst = name_parts_text(db, len(news), args.seed + 998)
        t_news, a_news = post(url, "/annotate", {"text": news})
        t_worst, a_worst = post(url, "/annotate", {"text": worst})
        mb_news, mb_worst = len(news.encode()) / 1e6, len(worst.encode()) / 1e6
        figures["annotate 1 MB"] = {"news_s_per_mb": t_news / mb_news, "worst_s_per_mb": t_worst / mb_worst,
                                    "ratio": (t_worst / mb_worst) / (t_news / mb_news), "worst_complete": a_worst["complete"],
                                    "news_complete": a_news["complete"]}
        print(f"one annotation of new text: news {t_news / mb_news:.2f} s/MB ({len(a_news['mentions']):,} mentions, "
              f"complete {a_news['complete']}); name parts only {t_worst / mb_worst:.2f} s/MB "
              f"({len(a_worst['mentions']):,} mentions, complete {a_worst['complete']}); "
              f"ratio {figures['annotate 1 MB']['ratio']:.1f}x")
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        Path(log.name).unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
