"""``python -m gdpr_policy.versions release|site``: see ``make release`` and ``make html``.

- ``release [-c CONFDIR] SRCDIR``: freeze the policy as ``versions/<last-updated>/``.
- ``site [-c CONFDIR] --site DIR --cache DIR [--no-pdf]``: the archive of released
  versions into ``DIR/versions`` (nothing when none is released).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .archive import build
from .release import Refused, release


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gdpr_policy.versions", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--confdir", type=Path, default=Path("."),
                        help="folder of conf.py (versions/ is beside it)")
    commands = parser.add_subparsers(dest="command", required=True)
    freeze = commands.add_parser("release", help="freeze the policy as a released version")
    freeze.add_argument("srcdir", type=Path, help="the policy's pages (docs/)")
    site = commands.add_parser("site", help="build the archive into the website")
    site.add_argument("--site", type=Path, required=True, help="the website folder")
    site.add_argument("--cache", type=Path, required=True, help="where built versions are kept")
    site.add_argument("--no-pdf", action="store_true", help="leave the versions' PDFs out")
    args = parser.parse_args(argv)
    if args.command == "release":
        try:
            date, folder, made = release(args.confdir, args.srcdir)
        except Refused as refused:
            print(f"release refused: {refused}", file=sys.stderr)
            return 1
        where = folder.relative_to(args.confdir) if folder.is_relative_to(args.confdir) \
            else folder
        print(f"release: the policy of {date} is frozen in {where}/; commit it" if made else
              f"release: the policy of {date} is already released, unchanged ({where}/)")
        return 0
    dates = build(args.confdir, args.site, args.cache, pdf=not args.no_pdf)
    print(f"versions: {len(dates)} released version(s) in {args.site / 'versions'}"
          if dates else "versions: none released yet (make release)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
