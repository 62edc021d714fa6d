"""Load test: 2,000 mixed requests (ask, search, healthz) at 32 concurrent against `python -m assistant
serve` on 127.0.0.1, from an asyncio httpx client. Bounded: a fixed request count, a time limit.

    .venv/bin/python tests/load.py [--requests 2000] [--concurrency 32] [--json]

The server runs in a subprocess with a temporary data directory, the bundled knowledge and the
vector index (it waits for /healthz "ok"). Passes (exit 0) with zero errors and the server's RSS
growing less than 10% from request 200 to the end; prints p50/p95/p99 latency per kind.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from localhost import assistant_serve, free_port, stop  # noqa: E402

MIX = [("ask", 0.5), ("search", 0.3), ("healthz", 0.2)]
WARM_UP = 200  # RSS growth is measured from this request on
MAX_GROWTH = 0.10
TIME_LIMIT = 120.0  # the requests; the server's start has its own 120 s


@dataclass
class Tally:
    """Latencies by kind, errors, and the server's RSS at request WARM_UP and at the end."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {kind: [] for kind, _ in MIX})
    errors: list[str] = field(default_factory=list)
    done: int = 0
    rss_at_warm_up: int = 0
    rss_at_end: int = 0


def rss_bytes(pid: int) -> int:
    """Resident set size of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def questions() -> list[str]:
    """The evaluation questions: answered, declined and follow-ups alike (asked without their history)."""
    lines = (ROOT / "eval" / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def plan(count: int, seed: int = 12) -> list[tuple[str, str]]:
    """`count` (kind, text) pairs in a fixed random order."""
    rng = random.Random(seed)
    texts = questions()
    kinds = rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX], k=count)
    return [(kind, rng.choice(texts)) for kind in kinds]


async def one(client: httpx.AsyncClient, kind: str, text: str) -> None:
    if kind == "ask":
        response = await client.post("/api/ask", json={"question": text})
    elif kind == "search":
        response = await client.get("/api/search", params={"q": text[:100], "k": 5})
    else:
        response = await client.get("/healthz")
    if response.status_code != 200 or (kind == "healthz" and response.json()["status"] != "ok"):
        raise RuntimeError(f"{kind} {response.status_code} {response.text[:200]}")


async def drive(url: str, pid: int, requests: list[tuple[str, str]], concurrency: int) -> Tally:
    tally = Tally()
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60.0) as client:

        async def worker() -> None:
            while not queue.empty():
                kind, text = queue.get_nowait()
                started = time.perf_counter()
                try:
                    await one(client, kind, text)
                except Exception as e:  # counted, the run goes on
                    tally.errors.append(f"{type(e).__name__}: {e}")
                tally.latencies[kind].append(time.perf_counter() - started)
                tally.done += 1
                if tally.done == WARM_UP:
                    tally.rss_at_warm_up = rss_bytes(pid)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    tally.rss_at_end = rss_bytes(pid)
    return tally


def percentiles(values: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000}


def serve(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`python -m assistant serve` on a free port, once /healthz says ok (index built)."""
    port = free_port()
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir), "ASSISTANT_LLM_BASE_URL": "", "ASSISTANT_LLM_MODEL": ""}
    # one client sends every request here: the per-client rate limits (tests/test_ratelimits.py) are off
    env |= {
        "ASSISTANT_RATE_ASK_PER_MINUTE": "0",
        "ASSISTANT_RATE_SEARCH_PER_MINUTE": "0",
        "ASSISTANT_RATE_FEEDBACK_PER_MINUTE": "0",
    }
    process = assistant_serve(port, env, data_dir / "serve.log")
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with {process.returncode}; see {data_dir / 'serve.log'}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).json().get("status") == "ok":
                return process, url
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.2)
    stop(process)
    raise RuntimeError("serve did not report ok within 120 s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--json", action="store_true", help="one JSON object instead of the table")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        process, url = serve(Path(tmp))
        try:
            started = time.perf_counter()
            coro = drive(url, process.pid, plan(args.requests), args.concurrency)
            tally = asyncio.run(asyncio.wait_for(coro, TIME_LIMIT))
            seconds = time.perf_counter() - started
        finally:
            stop(process)
    growth = tally.rss_at_end / tally.rss_at_warm_up - 1
    everything = [v for values in tally.latencies.values() for v in values]
    report = {
        "requests": tally.done,
        "concurrency": args.concurrency,
        "seconds": round(seconds, 1),
        "per_second": round(tally.done / seconds, 1),
        "errors": len(tally.errors),
        "rss_mb_at_request_200": round(tally.rss_at_warm_up / 2**20, 1),
        "rss_mb_at_end": round(tally.rss_at_end / 2**20, 1),
        "rss_growth_pct": round(growth * 100, 2),
        "latency_ms": {
            kind: {k: round(v, 1) for k, v in percentiles(values).items()}
            for kind, values in [("all", everything), *tally.latencies.items()]
            if values
        },
        "first_errors": tally.errors[:5],
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(
            f"{report['requests']} requests at {args.concurrency} concurrent in {report['seconds']} s ({report['per_second']}/s)"
        )
        print(f"errors: {report['errors']} {report['first_errors']}")
        print(
            f"server RSS: {report['rss_mb_at_request_200']} MB at request {WARM_UP} → {report['rss_mb_at_end']} MB ({report['rss_growth_pct']:+.2f}%)"
        )
        for kind, cuts in report["latency_ms"].items():
            print(f"{kind:8} p50 {cuts['p50']:7.1f} ms   p95 {cuts['p95']:7.1f} ms   p99 {cuts['p99']:7.1f} ms")
    return 0 if not tally.errors and growth < MAX_GROWTH else 1


if __name__ == "__main__":
    sys.exit(main())
