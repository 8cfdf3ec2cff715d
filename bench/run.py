"""The benchmark: this extension against plain Sphinx and against sphinx-needs, as the
policy grows. Run it with ``make bench`` (or ``make bench PAGES=N``).

    python bench/run.py [--pages N] [--workdir DIR] [--no-pdf] [--repeat R]

Generates the synthetic corpus (bench/corpus.py) at N/4, N/2 and N pages in its three
variants (ours, plain, peer), builds each in a process of its own (bench/probe.py) and
prints, for each: the full clean build time split into start-up, read and write phases,
its peak memory; our ratios to plain and to the peer at each size and the extension's own
cost per page; the incremental rebuild after one page is edited, as a fraction of a full
build; the -j 2 speed-up; furo's navigation as shipped against the navigation cache; and
the PDF time of the client's policy (``make pdf``). Its last line is
``full-build ratio: X.XX`` (ours / plain at N).

Times are measured twice: wall-clock seconds and the CPU seconds of the build process.
Ratios use CPU seconds, which other programs running on the machine barely change; the
-j 2 speed-up is wall-clock, as parallelism only shows there.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

DEFAULT_PAGES = 1000
DEFAULT_REPEAT = 3  # clean builds of each variant and size, in turn; the fastest counts
VARIANTS = ("plain", "ours", "peer")
EDIT = "\nWe review this page once a year and after every change to our services.\n"


@dataclass
class Result:
    variant: str
    pages: int
    jobs: int
    kind: str  # full, incremental
    nav: str  # cached, furo
    wall: dict[str, float]
    cpu: dict[str, float]
    peak_mb: float
    docs_read: int | None
    pages_written: int | None
    warnings: list[str]

    @property
    def time(self) -> float:
        return self.cpu["total"]


def say(text: str = "") -> None:
    print(text, flush=True)


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model or platform.processor() or platform.machine()}, {os.cpu_count()} cores"


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def probe(src: Path, out: Path, *, jobs: int = 1, fresh: bool = True, nav: str = "cached"
          ) -> dict:
    """Build src into out (clean unless fresh is False) in a new process."""
    if fresh and out.exists():
        shutil.rmtree(out)
    report = out.parent / f"{out.name}.json"
    # This checkout's extension, whatever the environment's editable install points at.
    path = os.pathsep.join(p for p in (str(ROOT / "ext"), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "POLICY_BENCH_NAV": nav, "SOURCE_DATE_EPOCH": "1705276800",
           "PYTHONPATH": path}
    cmd = [sys.executable, str(HERE / "probe.py"), str(src), str(out / "html"),
           str(out / "doctrees"), "--jobs", str(jobs), "--json", str(report)]
    if fresh:
        cmd.append("--fresh")
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0 or not report.exists():
        raise SystemExit(f"bench: build of {src} failed:\n{proc.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def measure(workdir: Path, variant: str, pages: int, *, jobs: int = 1, nav: str = "cached",
            kind: str = "full") -> Result:
    src = workdir / f"corpus-{pages}" / variant
    suffix = "" if (jobs, nav) == (1, "cached") else f"-j{jobs}-{nav}"
    out = workdir / "out" / f"{variant}-{pages}{suffix}"
    data = probe(src, out, jobs=jobs, fresh=kind == "full", nav=nav)
    result = Result(variant, pages, jobs, kind, nav, data["wall"], data["cpu"], data["peak_mb"],
                    data["docs_read"], data["pages_written"], data["warnings"])
    if result.warnings:
        say(f"  ! {variant} at {pages} pages: {len(result.warnings)} warning(s), e.g. "
            f"{result.warnings[0]}")
    return result


def edit_one_page(workdir: Path, variant: str, pages: int) -> str:
    """Append a sentence to the page in the middle of the policy, as an editor would."""
    page = workdir / f"corpus-{pages}" / variant / f"p{max(1, pages // 2):04d}.md"
    page.write_text(page.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    later = time.time() + 2
    os.utime(page, (later, later))
    return page.name


def row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths,
                                                                                   strict=True)))


def table(head: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    say(row(head, widths))
    for cells in rows:
        say(row(cells, widths))


def pdf_time(workdir: Path) -> tuple[str, str]:
    """Seconds for ``make pdf`` of the client's policy (into the bench folder), or n/a."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\npdf:", 1)[1].split("\n\n", 1)[0] if "\npdf:" in makefile else ""
    if not recipe or "not written yet" in recipe:
        return "n/a", "the Makefile has no pdf target yet"
    build = workdir / "client"
    shutil.rmtree(build, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(["make", "-s", "pdf", f"BUILD={build}"], cwd=ROOT,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if proc.returncode != 0:
        return "n/a", f"make pdf failed: {(proc.stderr or proc.stdout).strip()[-300:]}"
    return (f"{seconds:.1f} s wall, {cpu:.1f} s CPU",
            "make pdf: strict singlehtml build, then WeasyPrint")


def timed(command: list[str], cwd: Path) -> float:
    """CPU seconds of a command and what it starts."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"})
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command[:4])} failed:\n{proc.stderr[-500:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def save_to_rebuilt(src: Path, confdir: Path, out: Path, page: Path) -> float:
    """Wall seconds from saving a one-sentence edit of ``page`` to the rebuilt site, as
    `make live` rebuilds it (an incremental sphinx-build in a new process; the watcher's
    own delay aside)."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-n", "-q", "-c", str(confdir),
               "-d", str(out / "doctrees"), str(src), str(out / "html")]
    env = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1705276800",
           "PYTHONPATH": str(ROOT / "ext")}
    if not (out / "html").is_dir():
        subprocess.run(command, env=env, capture_output=True, check=True)
    fastest = float("inf")
    for round in range(3):  # three saves; the fastest counts, as for the other builds
        page.write_text(page.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
        later = time.time() + 2 * (round + 1)
        os.utime(page, (later, later))
        start = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        fastest = min(fastest, time.perf_counter() - start)
    return fastest


def live_times(workdir: Path, pages: int) -> tuple[float, float]:
    """Save-to-rebuilt on the client's policy and on the corpus of ``pages`` pages."""
    client = workdir / "live-client"
    shutil.rmtree(client, ignore_errors=True)
    shutil.copytree(ROOT / "docs", client / "docs")
    shutil.copy2(ROOT / "conf.py", client / "conf.py")
    small = save_to_rebuilt(client / "docs", client, client / "out",
                            client / "docs" / "data-retention.md")
    src = workdir / f"corpus-{pages}" / "ours"
    large = save_to_rebuilt(src, src, workdir / "live-corpus",
                            src / f"p{max(1, pages // 3):04d}.md")
    return small, large


def archive_time(workdir: Path, versions: int = 20) -> tuple[float, float, float]:
    """The client's website built as `make html` builds it, without and with an archive of
    ``versions`` released versions that did not change (their sites kept from an earlier
    build): (without, with, the first build of the archive), CPU seconds. The versions'
    PDFs are left out (each is built once, like the sites, and only copied after)."""
    project = workdir / "archive"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy2(ROOT / "conf.py", project / "conf.py")
    start = datetime.date(2024, 1, 15)
    index = project / "docs" / "index.md"
    text = index.read_text(encoding="utf-8")
    for i in range(versions):
        day = (start + datetime.timedelta(days=30 * i)).isoformat()
        text = text.replace(text.split("last-updated: ", 1)[1].split("\n", 1)[0], day, 1)
        index.write_text(text, encoding="utf-8")
        timed([sys.executable, "-m", "gdpr_policy.versions", "-c", ".", "release", "docs"],
              project)
    html = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-E",
            "-q", "-c", ".", "-d", "_build/doctrees", "docs", "_build/html"]
    # as `make html` builds it: the archive in the same process, after the website
    archived = [*html[:5], "-D", "policy_versions_cache=_build/cache", "-D",
                "policy_versions_pdf=0", *html[5:]]
    first = timed(archived, project) - timed(html, project)
    without = min(timed(html, project) for _ in range(3))
    with_archive = min(timed(archived, project) for _ in range(3))
    return without, with_archive, first


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int,
                        default=int(os.environ.get("PAGES") or DEFAULT_PAGES))
    parser.add_argument("--workdir", type=Path, default=ROOT / "_build" / "bench")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT,
                        help="clean builds per measurement; the fastest counts")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args()
    n = max(8, args.pages)
    sizes = sorted({n // 4, n // 2, n})
    nav_sizes = sorted({n // 8, n // 4})
    workdir: Path = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    say(f"bench: synthetic privacy policy at {', '.join(map(str, sizes))} pages; "
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    say(f"machine: {machine()}; Python {platform.python_version()}; Sphinx "
        f"{version('sphinx')}, furo {version('furo')}, myst-parser {version('myst-parser')}, "
        f"sphinx-needs {version('sphinx-needs')}; load average at start: {load()}")
    for size in sorted({*sizes, *nav_sizes}):
        model = corpus.write(workdir / f"corpus-{size}", size)
    say(f"corpus at N={n}: {len(model.pages)} pages of ~300 words, {len(model.terms)} terms, "
        f"{len(model.activities)} processing activities and retention entries, 9 rights, "
        "8 term and 2 activity references a page")
    say()

    # Each variant in turn, then again: a change in the machine's load falls on all three.
    full: dict[tuple[str, int], Result] = {}
    for size in sizes:
        for _ in range(args.repeat):
            for variant in VARIANTS:
                result = measure(workdir, variant, size)
                if (variant, size) not in full or result.time < full[variant, size].time:
                    full[variant, size] = result

    say("Full clean build, serial, furo with the navigation cache in all three variants "
        "(seconds; ratios use CPU):")
    rows = []
    for size in sizes:
        for variant in VARIANTS:
            r = full[variant, size]
            rows.append([str(size), variant, f"{r.wall['total']:.1f}", f"{r.time:.1f}",
                         f"{r.cpu['startup']:.1f}", f"{r.cpu['read']:.1f}",
                         f"{r.cpu['write']:.1f}", f"{1000 * r.time / size:.1f}",
                         f"{r.peak_mb:.0f}"])
    table(["pages", "variant", "wall", "cpu", "startup", "read", "write", "ms/page", "peak MB"],
          rows)
    say()

    say("Ours against plain Sphinx and sphinx-needs (CPU time ratios), and the extension's "
        "own cost (ours - plain, per page):")
    rows = []
    for size in sizes:
        ours, plain, peer = full["ours", size], full["plain", size], full["peer", size]
        rows.append([str(size), f"{ours.time / plain.time:.2f}", f"{ours.time / peer.time:.2f}",
                     f"{ours.cpu['read'] / plain.cpu['read']:.2f}",
                     f"{ours.cpu['write'] / plain.cpu['write']:.2f}",
                     "yes" if ours.time < peer.time else "NO",
                     f"{1000 * (ours.time - plain.time) / size:.2f}"])
    table(["pages", "ours/plain", "ours/peer", "read", "write", "faster than peer",
           "extension ms/page"], rows)
    say()

    say(f"Incremental rebuild after one page is edited, at {n} pages (CPU seconds):")
    rows = []
    for variant in VARIANTS:
        name = edit_one_page(workdir, variant, n)
        inc = measure(workdir, variant, n, kind="incremental")
        idle = measure(workdir, variant, n, kind="incremental")  # nothing changed: the floor
        base = full[variant, n]
        rows.append([variant, name, f"{inc.time:.2f}", f"{base.time:.1f}",
                     f"{100 * inc.time / base.time:.1f} %", f"{idle.time:.2f}",
                     f"{100 * max(0.0, inc.time - idle.time) / base.time:.1f} %",
                     str(inc.docs_read), str(inc.pages_written)])
    table(["variant", "edited", "rebuild", "full", "fraction", "no-change rebuild",
           "above it", "pages read", "pages written"], rows)
    if any(int(r[-1]) > n // 2 for r in rows if r[-1] != "None"):
        say("  ! a variant rewrote every page: did a file of the project (a template, a "
            "stylesheet, the configuration) change during the benchmark? Run it again.")
    say()

    say(f"Parallel build, -j 2, at {n} pages (wall-clock seconds):")
    rows = []
    for variant in VARIANTS:
        par = measure(workdir, variant, n, jobs=2)
        base = full[variant, n]
        rows.append([variant, f"{base.wall['total']:.1f}", f"{par.wall['total']:.1f}",
                     f"{base.wall['total'] / par.wall['total']:.2f}x", f"{par.peak_mb:.0f}"])
    table(["variant", "-j 1", "-j 2", "speed-up", "peak MB"], rows)
    busy = os.getloadavg()[0] > (os.cpu_count() or 1)
    if busy:
        say(f"  ! load average {load()} on {os.cpu_count()} cores: other programs hold the "
            "cores, so -j 2 cannot show its speed-up here")
    say()

    say("Navigation: furo as shipped renders the whole tree into every page (CPU seconds):")
    rows = []
    shipped: dict[tuple[str, int], Result] = {}
    for size in nav_sizes:
        for variant in ("plain", "ours"):
            shipped[variant, size] = measure(workdir, variant, size, nav="furo")
            cached = full.get((variant, size)) or measure(workdir, variant, size)
            full[variant, size] = cached
            r = shipped[variant, size]
            rows.append([str(size), variant, f"{r.time:.1f}", f"{r.cpu['write']:.1f}",
                         f"{cached.time:.1f}", f"{cached.cpu['write']:.1f}",
                         f"{r.time / cached.time:.1f}x"])
    table(["pages", "variant", "shipped", "its write", "cached", "its write", "saved"], rows)
    a, b = nav_sizes[0], nav_sizes[-1]
    if a != b:
        grow = shipped["plain", b].cpu["write"] / shipped["plain", a].cpu["write"]
        grow_cached = full["plain", b].cpu["write"] / full["plain", a].cpu["write"]
        say(f"write phase from {a} to {b} pages (x{b / a:.0f} pages): furo as shipped "
            f"x{grow:.1f}, cached x{grow_cached:.1f} (quadratic would be x{(b / a) ** 2:.0f})")
    say()

    if args.no_pdf:
        pdf, how = "n/a", "skipped (--no-pdf)"
    else:
        pdf, how = pdf_time(workdir)
    say(f"PDF of the client's policy: {pdf} ({how})")
    small, large = live_times(workdir, n)
    say(f"make live, save to rebuilt (wall seconds, a one-sentence edit, incremental): the "
        f"client's policy {small:.2f} (target < 1), the {n}-page corpus {large:.2f} "
        "(target < 3)")
    plain_site, archived, first = archive_time(workdir)
    say(f"The client's website with 20 released versions, nothing changed in them (CPU "
        f"seconds): {archived:.1f} against {plain_site:.1f} without the archive, "
        f"ratio {archived / plain_site:.2f} (target <= 1.5); building the archive the "
        f"first time took {first:.1f}")
    say(f"load average at end: {load()}; the benchmark took "
        f"{(time.perf_counter() - started) / 60:.1f} min")
    ratio = full["ours", n].time / full["plain", n].time
    if args.json:
        args.json.write_text(json.dumps({
            "pages": n, "machine": machine(), "pdf": pdf,
            "results": [r.__dict__ for r in full.values()],
            "furo_as_shipped": [r.__dict__ for r in shipped.values()],
        }, indent=1), encoding="utf-8")
    say(f"full-build ratio: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
