"""Lighthouse (mobile) on the production shape, against the web app's budget.

Builds the app (unless --no-build), loads the demo season into a database of its own, collects
the static files (WhiteNoise: gzip + brotli, hashed names cached for good) and serves them with
daphne, the Dockerfile's server (HTTP and the live websocket), under DJANGO_ENV=production (a
throwaway SECRET_KEY, plain HTTP on 127.0.0.1, SITE_URL the local server). Then runs
Lighthouse (the `lighthouse` npm package of frontend/, driving /usr/bin/chromium headless)
three times per page: the visitors' home signed out, the other pages signed in as a demo player
(its session cookie put in the browser first). Prints the median of the four scores and the
layout shift per page against the budget: performance >= 95, accessibility, best practices and
SEO 100, CLS < 0.05; exits 1 below it, 2 when it cannot run.

    python -m bench.bench_lighthouse [--runs 3] [--pages home,pick] [--no-build]
                                     [--screenshots docs/images]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Literal

from bench.bench_api import _free_port
from bench.bench_frontend import FRONTEND, build
from bench.common import SKIPPED, bench_database, machine, table

REPORTS = Path(__file__).resolve().parents[1] / "var" / "lighthouse"  # the last run's JSON

CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGET = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CLS_BUDGET = 0.05
ATTEMPTS = 3  # a run Lighthouse could not record is run again, this many times in all
# page name -> (path, signed in)
PAGES = {
    "home": ("/", False),
    "pick": ("/pick", True),
    "results": ("/results", True),
    "rankings": ("/rankings", True),
    "leagues": ("/leagues", True),
    "community": ("/community", True),
    "profile": ("/profile", True),
}
PLAYER = "player1@paddock.local"


def _lighthouse() -> Path | None:
    """The run script, when the lighthouse package (and puppeteer-core) and Chromium are here."""
    script = FRONTEND / "scripts" / "lighthouse-run.mjs"
    ready = (FRONTEND / "node_modules" / "lighthouse").is_dir() and Path(CHROMIUM).exists()
    return script if ready and shutil.which("node") else None


def _prepare(static_root: Path) -> str:
    """Demo data in the bench database, the static files collected; a player's session id."""
    from django.core.management import call_command
    from django.test import Client

    from backend.accounts.models import User

    call_command("load_demo", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    assert any(static_root.rglob("*.br")), "WhiteNoise wrote no brotli files (pip brotli?)"
    client = Client()
    client.force_login(User.objects.get(email=PLAYER))
    return f"sessionid={client.cookies['sessionid'].value}"


def _wait_ready(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("daphne did not answer within 60 s")


def _serve(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """daphne on loopback, as the Dockerfile runs the web service: the pages' live socket
    connects (under a WSGI server it would fail, an error in the console)."""
    command = [
        str(Path(sys.executable).with_name("daphne")),
        "-b",
        "127.0.0.1",
        "-p",
        str(port),
        "-v",
        "0",
        "backend.config.asgi:application",
    ]
    return subprocess.Popen(command, cwd=Path(__file__).resolve().parents[1], env=env)


def run_once(tool: Path, url: str, cookie: str | None, out: Path) -> dict[str, Any]:
    """One Lighthouse run: the four category scores (0-100) and the layout shift."""
    command = ["node", str(tool), url, str(out)]
    if cookie:
        command.append(cookie)
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for _attempt in range(ATTEMPTS):
        subprocess.run(command, check=True, env=env, cwd=FRONTEND, timeout=300)
        report = json.loads(out.read_text())
        # Lighthouse sometimes fails to record a trace (NO_NAVSTART...) and says to run again.
        if not report.get("runtimeError"):
            break
    else:
        error = report["runtimeError"]
        raise RuntimeError(f"Lighthouse failed {ATTEMPTS} times on {url}: {error.get('code')}")
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    audits = report["audits"]
    failed = [
        key
        for key, audit in audits.items()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
    ]
    return {
        **scores,
        "cls": float(audits["cumulative-layout-shift"]["numericValue"]),
        "lcp": float(audits["largest-contentful-paint"]["numericValue"]) / 1000,
        "fcp": float(audits["first-contentful-paint"]["numericValue"]) / 1000,
        "tbt": float(audits["total-blocking-time"]["numericValue"]),
        "failed": failed,
    }


def median_row(name: str, runs: list[dict[str, Any]]) -> tuple[list[object], list[str]]:
    """The page's medians and what misses the budget."""
    med = {
        k: statistics.median(r[k] for r in runs) for k in (*CATEGORIES, "cls", "fcp", "lcp", "tbt")
    }
    misses = [f"{name}: {c} {med[c]:.0f} < {BUDGET[c]}" for c in CATEGORIES if med[c] < BUDGET[c]]
    if med["cls"] >= CLS_BUDGET:
        misses.append(f"{name}: CLS {med['cls']:.3f} >= {CLS_BUDGET}")
    row: list[object] = [
        name,
        *(med[c] for c in CATEGORIES),
        med["cls"],
        med["fcp"],
        med["lcp"],
        round(med["tbt"]),
    ]
    return row, misses


def _env(port: int, database_url: str, static_root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_ENV": "production",
        "DJANGO_DEBUG": "0",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "STATIC_ROOT": str(static_root),
        "SECURE_SSL_REDIRECT": "0",
        "ADMIN_REQUIRE_MFA": "0",
    }


def screenshots(base: str, cookie: str, folder: Path) -> None:
    """The visitors' home (light) and the pick page (dark, signed in) at 360 and 1280 px,
    each once its content is on screen (the home's races come after the network is idle)."""
    from playwright.sync_api import sync_playwright

    name, value = cookie.split("=", 1)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    # (name, path, signed in, colour scheme, a heading that arrives last, if any)
    shots: tuple[tuple[str, str, bool, Literal["light", "dark"], str | None], ...] = (
        ("home", "/", False, "light", "This week's races"),
        ("pick", "/pick", True, "dark", None),
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=flags)
        for width, height in ((360, 760), (1280, 800)):
            for page_name, path, signed_in, scheme, heading in shots:
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                if signed_in:
                    context.add_cookies([{"name": name, "value": value, "url": base}])
                page = context.new_page()
                page.goto(base + path, wait_until="networkidle")
                if heading:
                    page.get_by_role("heading", name=heading).first.wait_for()
                page.screenshot(path=str(folder / f"{page_name}-{width}.png"))
                context.close()
        browser.close()


def measure(args: argparse.Namespace, tool: Path) -> int:
    static_root = Path(tempfile.mkdtemp(prefix="paddock-lighthouse-static-"))
    port = _free_port()
    REPORTS.mkdir(parents=True, exist_ok=True)
    # The server signs sessions with this key: the player's session made here must match.
    env_key = secrets.token_urlsafe(60)
    os.environ.update(
        {
            "STATIC_ROOT": str(static_root),
            "SITE_URL": f"http://127.0.0.1:{port}",
            "SECRET_KEY": env_key,
        }
    )
    names = [p for p in args.pages.split(",") if p] or list(PAGES)
    rows, misses, failed = [], [], {}
    with bench_database("lighthouse") as database_url:
        session = _prepare(static_root)
        server = _serve(port, _env(port, database_url, static_root))
        try:
            _wait_ready(f"http://127.0.0.1:{port}")
            if args.screenshots:
                screenshots(f"http://127.0.0.1:{port}", session, Path(args.screenshots))
            for name in names:
                path, signed_in = PAGES[name]
                runs = [
                    run_once(
                        tool,
                        f"http://127.0.0.1:{port}{path}",
                        session if signed_in else None,
                        REPORTS / f"{name}-{i}.json",
                    )
                    for i in range(args.runs)
                ]
                row, below = median_row(name, runs)
                rows.append(row)
                misses += below
                failed[name] = sorted({a for r in runs for a in r["failed"]})
        finally:
            server.terminate()
            server.wait(timeout=30)
            shutil.rmtree(static_root, ignore_errors=True)
    headers = ["page", *CATEGORIES, "CLS", "FCP s", "LCP s", "TBT ms"]
    print(table(f"Lighthouse mobile, median of {args.runs}", headers, rows))
    print("budget: performance >= 95, accessibility / best-practices / seo = 100, CLS < 0.05")
    for name, audits in failed.items():
        if audits:
            print(f"  {name}: audits below full marks: {', '.join(audits)}")
    print(machine())
    for miss in misses:
        print("BELOW BUDGET", miss)
    return 1 if misses else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", default="", help=f"comma-separated, of {', '.join(PAGES)}")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--screenshots", default="", help="a folder: 360 and 1280 px shots")
    args = parser.parse_args()
    tool = _lighthouse()
    if tool is None:
        print(f"needs the lighthouse npm package in frontend/ and Chromium at {CHROMIUM}")
        return SKIPPED
    if not args.no_build and not build():
        return SKIPPED
    return measure(args, tool)


if __name__ == "__main__":
    sys.exit(main())
