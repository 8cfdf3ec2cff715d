"""Build every notice of the corpus and print a Markdown table of how the checks fare
against a reviewer's expectations, then the detail of each miss and false alarm.

Run from the project: ``.venv/bin/python tests/notices/table.py``
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Result, evaluate, notices


def main() -> int:
    rows = ["| notice | expected | found | missed | false alarms |",
            "| --- | ---: | ---: | ---: | ---: |"]
    details: list[str] = []
    failed = False
    with tempfile.TemporaryDirectory() as workdir:
        for name in notices():
            try:
                result: Result = evaluate(name, Path(workdir))
            except Exception as error:  # a notice that cannot be built is a row, not a stop
                rows.append(f"| {name} | — | — | — | — |")
                details.append(f"{name}: not built: {type(error).__name__}: {error}")
                failed = True
                continue
            rows.append(f"| {name} | {len(result.notice.expect)} | {len(result.found)} "
                        f"| {len(result.missed)} | {len(result.false_alarms)} |")
            details += result.details()
            failed |= not result.ok
    print("\n".join(rows))
    if details:
        print()
        print("\n".join(f"- {line}" for line in details))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
