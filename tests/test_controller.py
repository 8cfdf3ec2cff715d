"""The controller block's anchor does not collide with a heading titled "Controller"."""

from __future__ import annotations

from pathlib import Path

from conftest import sphinx_build

CONF = ('extensions = ["myst_parser", "gdpr_policy"]\nroot_doc = "index"\n'
        'primary_domain = "policy"\n')
PAGE = """# Policy

## Controller

:::{controller} Example BV
:email: privacy@example.com
Examplestraat 1
:::

Written by {fact}`controller`.
"""


def test_controller_block_under_a_heading_called_controller(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    (src / "index.md").write_text(PAGE)
    build = sphinx_build(src, tmp_path / "html")
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr and "ERROR" not in build.stderr, build.stderr
    page = (build.outdir / "index.html").read_text(encoding="utf-8")
    assert 'id="controller"' in page  # the heading keeps its anchor
    assert 'id="policy-controller"' in page  # and the declaration has its own
