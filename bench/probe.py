"""One measured Sphinx build, in a process of its own (so its peak memory is its own).

    python bench/probe.py SRCDIR OUTDIR DOCTREEDIR [--jobs N] [--fresh] --json FILE

Runs Sphinx in-process (the HTML builder, as ``sphinx-build -b html``) and writes JSON:
wall and CPU seconds for start-up (imports, configuration, extensions), the read phase
(parsing, environment, consistency checks, up to Sphinx's ``write-started`` event) and the
write phase (resolving, post-transforms, HTML, search index, static files, up to the end
of ``build-finished``), the peak resident memory, and the warnings.
"""

from __future__ import annotations

import time

T0_WALL, T0_CPU = time.perf_counter(), time.process_time()

import argparse  # noqa: E402 (the clock starts before the imports: they are a build cost)
import io  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
from pathlib import Path  # noqa: E402

from sphinx.application import Sphinx  # noqa: E402


def mark() -> tuple[float, float]:
    return time.perf_counter() - T0_WALL, time.process_time() - T0_CPU


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("srcdir", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("doctreedir", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="ignore a saved environment")
    parser.add_argument("--json", type=Path, required=True)
    args = parser.parse_args()

    warnings = io.StringIO()
    app = Sphinx(str(args.srcdir), str(args.srcdir), str(args.outdir), str(args.doctreedir),
                 "html", status=None, warning=warnings, freshenv=args.fresh,
                 parallel=args.jobs)
    marks: dict[str, tuple[float, float]] = {"init": mark()}
    counts = {"read": 0, "written": 0}

    def on_read(app: Sphinx, docname: str, source: list[str]) -> None:
        counts["read"] += 1

    def on_write(app: Sphinx, *args: object) -> None:
        marks.setdefault("write", mark())

    def on_page(app: Sphinx, pagename: str, *args: object) -> None:
        counts["written"] += 1

    app.connect("source-read", on_read)
    app.connect("write-started", on_write, priority=1)
    app.connect("html-page-context", on_page)
    app.build()
    end = mark()
    write = marks.get("write", end)
    peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    children_cpu = (resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
                    + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime)
    lines = [line for line in warnings.getvalue().splitlines() if line.strip()]
    result = {
        "wall": {"startup": marks["init"][0], "read": write[0] - marks["init"][0],
                 "write": end[0] - write[0], "total": end[0]},
        "cpu": {"startup": marks["init"][1], "read": write[1] - marks["init"][1],
                "write": end[1] - write[1], "total": end[1] + children_cpu},
        "peak_mb": peak_kb / 1024,
        "docs_read": counts["read"] if args.jobs == 1 else None,  # workers read in -j
        "pages_written": counts["written"] if args.jobs == 1 else None,
        "warnings": lines,
        "status": app.statuscode,
    }
    args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
