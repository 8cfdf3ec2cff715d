"""The foundation: the client's policy builds strict, verbatim, with no third-party load."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import ROOT, Build, sphinx_build
from policytext import missing_sentences, seed_sentences, site_text


def test_seed_copy_matches_the_clients_text() -> None:
    shared = ROOT.parent / "shared" / "seed" / "privacy-policy.txt"
    ours = ROOT / "tests" / "seed" / "privacy-policy.txt"
    if shared.exists():  # beside the project on every developer's machine and in CI
        assert ours.read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")
    assert len(seed_sentences()) > 150


def test_policy_builds_strict_without_warnings(policy_html: Build) -> None:
    assert policy_html.returncode == 0, policy_html.stderr
    assert "WARNING" not in policy_html.stderr
    assert (policy_html.outdir / "index.html").exists()


def test_every_sentence_of_the_client_appears_verbatim(policy_html: Build) -> None:
    missing = missing_sentences(site_text(policy_html.outdir))
    assert not missing, "\n".join(missing)


def test_fidelity_check_notices_a_changed_word() -> None:
    # The check itself must be able to fail: a single changed word is caught.
    text = "Registration on our website is optional."
    assert "Registration on our website is not required." in missing_sentences(text)


def test_sections_keep_the_clients_numbers_and_titles(policy_html: Build) -> None:
    titles = []
    for page in sorted(policy_html.outdir.glob("*.html")):
        titles += re.findall(r"<h1>(\d+\. [^<]+)<a class=\"headerlink\"", page.read_text())
    numbers = sorted(int(t.split(".")[0]) for t in titles)
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16]


def test_highlights_and_call_to_action_are_cards(policy_html: Build) -> None:
    index = (policy_html.outdir / "index.html").read_text()
    assert index.count("sd-card ") >= 4
    assert "sd-row" in index  # the responsive grid
    assert "policy-cta" in index


def test_last_updated_is_declared_once_and_shown_twice(policy_html: Build) -> None:
    sources = "".join(p.read_text() for p in (ROOT / "docs").glob("*.md"))
    assert sources.count("2024-01-15") == 1
    assert "January 15, 2024" not in sources
    shown = site_text(policy_html.outdir).count("January 15, 2024")
    assert shown == 2


def test_no_third_party_loads(policy_html: Build) -> None:
    load = re.compile(r"<(?:script|img|iframe|link|source)[^>]+(?:src|href)=\"(https?:)?//")
    offenders = [p.name for p in policy_html.outdir.rglob("*.html") if load.search(p.read_text())]
    assert offenders == []


def test_broken_reference_fails_the_strict_build_with_file_and_line(tmp_path: Path) -> None:
    src = ROOT / "tests" / "roots" / "test-broken-reference"
    build = sphinx_build(src, tmp_path / "html")
    assert build.returncode != 0
    assert re.search(r"index\.md:9: WARNING: .*'no such term'.*\[policy\.unknown_term\]",
                     build.stderr), build.stderr


def test_the_toolchain_names_no_organisation() -> None:
    # A reusable toolchain: the organisation is named in conf.py and docs/ only.
    import runpy

    conf = runpy.run_path(str(ROOT / "conf.py"))
    name = str(conf["author"]).split()[0].lower()  # "FluxDesk BV" -> "fluxdesk"
    files = [ROOT / "Makefile", *(ROOT / "ext" / "gdpr_policy").rglob("*")]
    named = [str(p.relative_to(ROOT)) for p in files
             if p.is_file() and "__pycache__" not in p.parts
             and name in p.read_bytes().decode("utf-8", "replace").lower()]
    assert named == []


def test_the_pdf_is_named_by_conf_py() -> None:
    dry = subprocess.run(["make", "-n", "-o", ".venv/.installed", "pdf"], capture_output=True,
                         text=True, cwd=ROOT)
    assert dry.returncode == 0, dry.stderr
    [line] = [x for x in dry.stdout.replace("\\\n", " ").splitlines() if "gdpr_policy.pdf" in x]
    assert line.split()[-1] == "_build/pdf/"  # the folder: the name comes from conf.py


def test_the_extension_imports_in_layers_without_circles() -> None:
    """No module imports one that imports it back (late imports inside functions count)."""
    import ast

    package = ROOT / "ext" / "gdpr_policy"
    modules = {".".join(p.relative_to(package.parent).with_suffix("").parts)
               .removesuffix(".__init__"): p for p in package.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                parts = here.split(".")[:len(here.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
                for alias in node.names:
                    target = f"{base}.{alias.name}"
                    graph[name].add(target if target in modules else base)
    graph = {m: {t for t in targets if t in modules and t != m} for m, targets in graph.items()}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph[todo.pop()] - seen:
                if nxt == goal:
                    return True
                seen.add(nxt)
                todo.append(nxt)
        return False

    circles = sorted(m for m in graph if reaches(m, m))
    assert circles == []
