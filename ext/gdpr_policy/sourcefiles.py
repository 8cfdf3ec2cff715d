"""The pages as files: bytes that are not UTF-8, and front matter that is not closed or
not YAML, never stop the build nor show as text.

Sphinx reads every page with ``source_encoding`` and stops the whole build, with a
traceback, at the first byte it cannot decode. Pages are read here with a codec of our own
instead: UTF-8 (a byte-order mark dropped, as Sphinx's default does), each undecodable
byte shown as "�" so no text around it is lost; and each such page is reported once, at
the line of its first bad byte, with what to do.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from pathlib import Path

import yaml
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .warnings import PolicyWarning, warn

CODEC = "policy_utf_8"
#: Encodings Sphinx users mean by default; any other one set in conf.py is respected.
DEFAULTS = frozenset({"utf-8-sig", "utf-8", "utf8", "utf_8", "utf_8_sig"})


def _decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
    text, used = codecs.utf_8_decode(bytes(data), "replace", True)
    return text.removeprefix("\ufeff"), used


class _IncrementalDecoder(codecs.BufferedIncrementalDecoder):
    """For files opened as text (docutils' include): the same, piece by piece."""

    first = True

    def _buffer_decode(self, data: bytes, errors: str, final: bool) -> tuple[str, int]:
        text, used = codecs.utf_8_decode(data, "replace", final)
        if self.first and text:
            text, self.first = text.removeprefix("\ufeff"), False
        return text, used


def _search(name: str) -> codecs.CodecInfo | None:
    if name != CODEC:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(utf8.encode, _decode, name=CODEC,
                            incrementalencoder=utf8.incrementalencoder,
                            incrementaldecoder=_IncrementalDecoder,
                            streamreader=utf8.streamreader, streamwriter=utf8.streamwriter)


codecs.register(_search)


def first_bad_byte(data: bytes) -> tuple[int, int, int] | None:
    """(line, column, byte) of the first byte that is not UTF-8, or None."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[:error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return line, column, data[error.start]
    return None


def check_encoding(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str]) -> None:
    """Read the pages with the forgiving codec (unless conf.py sets another encoding),
    and report each page about to be read that holds bytes which are not UTF-8.

    The codec goes into the settings the pages are read with, not into the configuration:
    Sphinx deprecates a ``source_encoding`` other than UTF-8."""
    encoding = str(env.settings.get("input_encoding", "")).lower().replace("-", "_")
    if encoding not in {d.replace("-", "_") for d in DEFAULTS} | {CODEC}:
        return
    env.settings["input_encoding"] = CODEC
    for docname in docnames:
        try:
            data = Path(env.doc2path(docname)).read_bytes()
        except OSError:
            continue
        bad = first_bad_byte(data)
        if bad is None:
            continue
        line, column, byte = bad
        warn(PolicyWarning.ENCODING,
             f"the file is not saved as UTF-8: byte 0x{byte:02X} at line {line}, column "
             f"{column} (and any others) cannot be read and is shown as '\ufffd'; save the "
             "file as UTF-8 in your editor and check the characters there",
             (docname, line))


def setup_sourcefiles(app: Sphinx) -> None:
    app.connect("env-before-read-docs", check_encoding)
    app.connect("source-read", check_front_matter)


# -- front matter -----------------------------------------------------------------------

YAML_KEY = re.compile(r"^[A-Za-z0-9_-]+\s*:")


def check_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """Front matter that is not closed, or not valid YAML, is reported at its own line
    with what is wrong, and kept out of the page (never shown as a paragraph). The lines
    stay where they are, so every other line keeps its number."""
    lines = source[0].split("\n")
    if not lines or lines[0].strip() != "---":
        return
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")),
               None)
    if end is None:
        # the YAML lines written: up to the first line that is not one
        last = 1
        while last < len(lines) and (YAML_KEY.match(lines[last]) or
                                     lines[last].startswith((" ", "\t", "- "))):
            last += 1
        warn(PolicyWarning.FRONT_MATTER,
             "the front matter opened by '---' on line 1 is never closed: add a line '---' "
             f"after its last entry (line {last}); until then its lines are left out of "
             "the page", (docname, 1))
        source[0] = "\n".join([f"% {line}" for line in lines[:last]] + lines[last:])
        return
    try:
        yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as error:
        # where the faulty entry begins (an unclosed '[' is noticed a line later)
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        context = getattr(error, "context", None)
        problem = f"{problem}, {context}" if context else problem
        warn(PolicyWarning.FRONT_MATTER,
             f"the front matter is not valid YAML: {problem} (line {line}); write one "
             "'key: value' per line, and put a value with a colon, '#', '[' or '{' in "
             "quotes; until then the front matter is left out", (docname, line))
        # MyST would say "Malformed YAML" at line 1 once more: the lines become comments
        source[0] = "\n".join([f"% {line}" for line in lines[:end + 1]] + lines[end + 1:])
