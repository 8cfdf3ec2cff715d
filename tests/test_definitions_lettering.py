"""The glossary's letters run on past z (aa), ab) ...), as long legal lists do."""

from __future__ import annotations

from pathlib import Path

from conftest import sphinx_build

CONF = 'extensions = ["myst_parser", "gdpr_policy"]\nroot_doc = "index"\n'


def test_letters_run_on_after_z(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    terms = "\n".join(f":::{{definition}} Term {n}\nTerm {n} means thing {n}.\n:::\n"
                      for n in range(28))
    (src / "index.md").write_text(f"# Glossary\n\n::::{{definitions}}\n{terms}\n::::\n")
    build = sphinx_build(src, tmp_path / "html")
    assert build.returncode == 0, build.stderr
    page = (build.outdir / "index.html").read_text(encoding="utf-8")
    enumerators = [part.split("</span>", 1)[0].split(">")[-1]
                   for part in page.split('class="policy-enumerator')[1:]]
    assert enumerators[:2] == ["a) ", "b) "]
    assert enumerators[25:] == ["z) ", "aa) ", "ab) "]
