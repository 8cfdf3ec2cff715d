"""The data model: parallel (-j 2) and incremental builds write what a clean serial build
writes, byte for byte, on the test project and on the client's policy.

Every built file is compared: the pages, the search index (the extension mends
sphinx-doc/sphinx#12599, where an incremental build dropped the glossary terms from it)
and policy.json. Only Sphinx's own bookkeeping (.buildinfo, the doctree cache) is left out.
"""

from __future__ import annotations

import difflib
import os
import pickle
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, Build, sphinx_build

SKIP = (".buildinfo", ".doctrees")


def output(outdir: Path) -> dict[str, bytes]:
    """Every file a build wrote, by path relative to the output folder."""
    files = {}
    for path in sorted(outdir.rglob("*")):
        rel = path.relative_to(outdir).as_posix()
        if path.is_file() and not rel.endswith(SKIP):
            files[rel] = path.read_bytes()
    return files


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    """The files that differ, each with the first lines that differ (for the report)."""
    found = []
    for name in sorted(a.keys() | b.keys()):
        if a.get(name) == b.get(name):
            continue
        lines = [(x or b"").decode("utf-8", "replace").replace("><", ">\n<").splitlines()
                 for x in (a.get(name), b.get(name))]
        diff = list(difflib.unified_diff(*lines, lineterm="", n=0))[2:8]
        found.append(name + "\n  " + "\n  ".join(diff))
    return found


def ok(build: Build) -> Build:
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    return build


def edit(path: Path, old: str, new: str) -> None:
    """Change a page as an editor would; its time moves on so Sphinx sees the change."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    later = time.time() + 2
    os.utime(path, (later, later))


def incremental_equals_clean(src: Path, tmp: Path, change: Callable[[], None],
                             confdir: Path | None = None
                             ) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Build, change, rebuild incrementally; compare with a clean build of the result.
    Returns the output before and after the change."""
    out = tmp / "incremental"
    ok(sphinx_build(src, out, confdir=confdir))
    before = output(out)
    change()
    rebuilt = ok(sphinx_build(src, out, confdir=confdir, fresh=False))
    # sanity: an incremental build, reading only what changed
    assert re.search(r"updating environment: \d+ added, [1-9]\d* changed", rebuilt.stdout)
    clean = ok(sphinx_build(src, tmp / "clean", confdir=confdir))
    after, expected = output(out), output(clean.outdir)
    assert differences(after, expected) == []
    assert differences(before, after), "the edit changed nothing: the test proves nothing"
    return before, after


def page(files: dict[str, bytes], name: str) -> str:
    return files[name].decode("utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


# -- -j 2 against serial -----------------------------------------------------------------


@pytest.mark.parametrize("project", ["test-policy", "client-policy"])
def test_parallel_build_equals_serial_build(project: str, tmp_path: Path) -> None:
    if project == "test-policy":
        src, confdir = ROOT / "tests" / "roots" / "test-policy", None
    else:
        src, confdir = ROOT / "docs", ROOT
    serial = ok(sphinx_build(src, tmp_path / "serial", confdir=confdir))
    parallel = ok(sphinx_build(src, tmp_path / "parallel", "html", "-j", "2", confdir=confdir))
    # the documents really were read by two workers, in chunks ("controller .. index")
    assert re.search(r"reading sources\.\.\. \[ *\d+%\] \S+ \.\. \S+", parallel.stdout)
    a, b = output(serial.outdir), output(parallel.outdir)
    assert len([n for n in a if n.endswith(".html")]) >= 7
    assert differences(a, b) == []


def policy_data(build: Build) -> dict[str, object]:
    """The policy domain's per-document data as the build pickled it."""
    doctrees = build.outdir.parent / f"{build.outdir.name}.doctrees"
    with open(doctrees / "environment.pickle", "rb") as stream:
        env = pickle.load(stream)
    data = env.domaindata["policy"]
    return {name: data[name] for name in ("records", "refs", "passages", "sections")}


def test_parallel_incremental_builds_keep_one_copy_of_each_record(
        test_policy_copy: Path, tmp_path: Path) -> None:
    # Each parallel worker sends a whole environment back; merging all of it would
    # duplicate the records of every page at each build (sphinx-needs #912).
    src = test_policy_copy
    out = tmp_path / "parallel"
    ok(sphinx_build(src, out, "html", "-j", "2"))
    for round in range(2):
        for source in src.glob("*.md"):  # every page re-read, by two workers
            later = time.time() + 2 + round
            os.utime(source, (later, later))
        again = ok(sphinx_build(src, out, "html", "-j", "2", fresh=False))
        assert re.search(r"updating environment: 0 added, 7 changed", again.stdout)
    clean = ok(sphinx_build(src, tmp_path / "clean"))
    assert policy_data(again) == policy_data(clean)
    records = policy_data(clean)["records"]
    # 4 terms, 3 rights, 2 categories, 2 activities, 2 retention entries, a recipient,
    # the controller
    assert sum(len(r) for r in records.values()) == 15  # type: ignore[attr-defined]


# -- incremental builds on the test project ----------------------------------------------


def test_added_term_mention_shows_in_back_links(test_policy_copy: Path,
                                                 tmp_path: Path) -> None:
    src = test_policy_copy
    _, files = incremental_equals_clean(src, tmp_path, lambda: edit(
        src / "retention.md", "This table is", "Ask our help desk. This table is"))
    definitions = page(files, "definitions.html")
    # Help desk is now used in §4 (its {term} role) and §6 (the new mention, linked).
    usage = re.search(r'Help desk.*?Used in (.*?)</p>', definitions, re.S)
    assert usage is not None
    assert re.findall(r">(§\d)<", usage.group(1)) == ["§4", "§6"]
    assert 'href="#term-help-desk"' not in page(files, "retention.html")  # not own page
    assert 'href="definitions.html#term-help-desk"' in page(files, "retention.html")
    # sphinx-doc/sphinx#12599, mended: the glossary terms stay in the search index
    assert '"help desk":[[' in page(files, "searchindex.js")


def test_removed_term_mention_leaves_the_back_links(test_policy_copy: Path,
                                                    tmp_path: Path) -> None:
    src = test_policy_copy
    _, files = incremental_equals_clean(src, tmp_path, lambda: edit(
        src / "newsletter.md", "Our {term}`help desk` answers", "We answer"))
    definitions = page(files, "definitions.html")
    entry = definitions[definitions.index('id="term-help-desk"'):]
    entry = entry[:entry.index("</dd>")]
    assert "Used in" not in entry


def test_changed_retention_period_shows_on_other_pages(test_policy_copy: Path,
                                                       tmp_path: Path) -> None:
    src = test_policy_copy
    _, files = incremental_equals_clean(src, tmp_path, lambda: edit(
        src / "newsletter.md", ":period: 2 years", ":period: 5 years"))
    retention = text_of(page(files, "retention.html"))
    assert "Contact data (Name, Email address) for 5 years" in retention  # {retention}
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*category-contact-data(?:(?!</tr>).)*</tr>",
                    page(files, "retention.html"), re.S)
    assert row is not None and "5 years" in row.group(0)  # the retention table
    assert "kept for 5 years" in text_of(page(files, "rights.html"))  # {retention} only
    assert "2 years" not in retention + text_of(page(files, "rights.html"))


def test_changed_definition_updates_the_popups_elsewhere(test_policy_copy: Path,
                                                         tmp_path: Path) -> None:
    src = test_policy_copy
    _, files = incremental_equals_clean(src, tmp_path, lambda: edit(
        src / "definitions.md", "answers questions about this policy",
        "answers every question about this policy"))
    assert "answers every question about this policy" in page(files, "newsletter.html")


def test_renamed_category_and_date_show_on_other_pages(test_policy_copy: Path,
                                                       tmp_path: Path) -> None:
    src = test_policy_copy

    def change() -> None:
        edit(src / "newsletter.md", ":name: Contact data", ":name: Contact details")
        edit(src / "index.md", "last-updated: 2024-03-01", "last-updated: 2024-04-02")

    _, files = incremental_equals_clean(src, tmp_path, change)
    assert "Contact details (Name, Email address)" in text_of(page(files, "rights.html"))
    assert "as of April 2, 2024" in text_of(page(files, "retention.html"))


def test_moved_declaration_is_followed_by_its_links(test_policy_copy: Path,
                                                    tmp_path: Path) -> None:
    src = test_policy_copy

    def change() -> None:
        edit(src / "newsletter.md", ":::{retention} ticket-data\n:period: until the ticket "
             "is closed\n:::\n", "")
        edit(src / "retention.md", "This table is",
             ":::{retention} ticket-data\n:period: until the ticket is closed\n:::\n\n"
             "This table is")

    _, files = incremental_equals_clean(src, tmp_path, change)
    assert 'href="retention.html#retention-ticket-data"' in page(files, "newsletter.html")


def test_new_page_shows_in_back_links_and_order(test_policy_copy: Path,
                                                 tmp_path: Path) -> None:
    src = test_policy_copy

    def change() -> None:
        (src / "cookies.md").write_text(
            "# 7. Cookies\n\nWe set cookies only with your consent.\n", encoding="utf-8")
        edit(src / "index.md", "retention\n```", "retention\ncookies\n```")

    _, files = incremental_equals_clean(src, tmp_path, change)
    assert back_links_of(files, "consent") == "§5, §7"


def test_renamed_section_shows_everywhere(test_policy_copy: Path, tmp_path: Path) -> None:
    src = test_policy_copy
    _, files = incremental_equals_clean(src, tmp_path, lambda: edit(
        src / "newsletter.md", "# 4. Support\n", "# 4. Support requests\n"))
    # the retention table names the section a period is declared in
    assert "until the ticket is closed event — 4. Support requests" in text_of(
        page(files, "retention.html"))


def back_links_of(files: dict[str, bytes], term: str) -> str:
    definitions = page(files, "definitions.html")
    entry = definitions[definitions.index(f'id="term-{term}"'):]
    entry = entry[:entry.index("</dd>")]
    found = re.search(r"Used in (.*?)</p>", entry, re.S)
    return text_of(found.group(1)).strip() if found else ""


# -- incremental builds on the client's policy -------------------------------------------
# Each edit is made to a copy of docs/ (the policy's own text is never touched).


def test_policy_edit_to_retention_rebuilds_like_clean(policy_copy: Path,
                                                      tmp_path: Path) -> None:
    src = policy_copy
    # The period is declared in §14 and shown at a glance in §15 and in the register.
    _, files = incremental_equals_clean(src, tmp_path, lambda: edit(
        src / "data-retention.md", "`retained for 7 years <usage-data>`",
        "`retained for 8 years <usage-data>`"), confdir=src)
    assert "Usage data: 8 years" in text_of(page(files, "data-requirements.html"))
    assert "8 years" in text_of(page(files, "register.html"))


def test_policy_added_mention_rebuilds_like_clean(policy_copy: Path, tmp_path: Path) -> None:
    src = policy_copy
    before, after = incremental_equals_clean(src, tmp_path, lambda: edit(
        src / "controller.md", "is:\n", "is:\n\nA processor may help us.\n"), confdir=src)
    assert "§2" not in back_links_of(before, "processor")
    assert "§2" in back_links_of(after, "processor")


def test_policy_removed_mention_rebuilds_like_clean(policy_copy: Path,
                                                    tmp_path: Path) -> None:
    src = policy_copy
    before, after = incremental_equals_clean(src, tmp_path, lambda: edit(
        src / "your-rights.md", "As a data subject, you", "As a person, you"), confdir=src)
    assert "§8" in back_links_of(before, "data-subject")
    assert "§8" not in back_links_of(after, "data-subject")


def test_policy_renamed_category_and_date_rebuild_like_clean(policy_copy: Path,
                                                             tmp_path: Path) -> None:
    src = policy_copy

    def change() -> None:
        edit(src / "contact-via-website.md", ":name: personal data you provide",
             ":name: data you provide")
        edit(src / "index.md", "last-updated: 2024-01-15", "last-updated: 2024-02-01")

    _, after = incremental_equals_clean(src, tmp_path, change, confdir=src)
    assert "data you provide in the context of your inquiry (Name, Email address" in \
        text_of(page(after, "register.html"))
    assert "last updated on February 1, 2024" in text_of(
        page(after, "automated-decision-making.html"))


def test_policy_renamed_page_rebuilds_every_sidebar_like_clean(policy_copy: Path,
                                                              tmp_path: Path) -> None:
    # The sidebar trees are kept between builds (theme/navigation.py); a new page title must
    # reach the sidebar of every page, not only the page renamed.
    src = policy_copy
    before, after = incremental_equals_clean(src, tmp_path, lambda: edit(
        src / "controller.md", "# 2. Controller Information\n", "# 2. Who We Are\n"),
        confdir=src)
    assert "Who We Are" not in page(before, "cookies.html")
    assert "2. Who We Are" in text_of(page(after, "cookies.html"))
    assert (tmp_path / "incremental.doctrees" / "policy-navigation.pickle").is_file()


def test_saved_sidebar_is_used_by_a_rebuild_and_not_by_a_clean_build(policy_copy: Path,
                                                                      tmp_path: Path) -> None:
    # The saved trees are marked here, so the output shows which tree each build used.
    src, out = policy_copy, tmp_path / "site"
    ok(sphinx_build(src, out, confdir=src))
    saved = tmp_path / "site.doctrees" / "policy-navigation.pickle"
    data = pickle.loads(saved.read_bytes())
    data["trees"] = {folder: html.replace("2. Controller Information", "2. MARKED")
                     for folder, html in data["trees"].items()}
    saved.write_bytes(pickle.dumps(data))
    # an edit that leaves every title as it was: the saved trees still hold
    edit(src / "controller.md", "is:\n", "is:\n\nA processor may help us.\n")
    ok(sphinx_build(src, out, confdir=src, fresh=False))
    assert "2. MARKED" in (out / "controller.html").read_text(encoding="utf-8")
    # -E reads every page: the trees are rendered anew
    ok(sphinx_build(src, out, confdir=src))
    assert "2. MARKED" not in (out / "controller.html").read_text(encoding="utf-8")
    assert "2. Controller Information" in (out / "controller.html").read_text(encoding="utf-8")


def test_policy_title_markup_and_caption_reach_every_sidebar(policy_copy: Path,
                                                             tmp_path: Path) -> None:
    # Changes the plain text of the navigation does not show: markup in a page title, the
    # caption of the table of contents. Every page's sidebar must follow.
    src = policy_copy

    def change() -> None:
        edit(src / "controller.md", "# 2. Controller Information\n",
             "# 2. Controller *Information*\n")
        edit(src / "index.md", ":caption: The policy\n", ":caption: Our policy\n")

    _, after = incremental_equals_clean(src, tmp_path, change, confdir=src)
    website = page(after, "cookies.html")
    assert "Controller <em>Information</em>" in website
    assert "Our policy" in website


# -- pages deleted, renamed, moved: the site follows the sources (hardening) ----------------


def test_deleted_page_leaves_the_site_like_a_clean_build(test_policy_copy: Path,
                                                        tmp_path: Path) -> None:
    src = test_policy_copy

    def delete() -> None:
        (src / "retention.md").unlink()
        edit(src / "index.md", "rights\nretention\n", "rights\n")

    before, after = incremental_equals_clean(src, tmp_path, delete)
    assert "retention.html" in before
    assert "retention.html" not in after  # never left online by an earlier build


def test_renamed_page_rebuilds_like_clean(test_policy_copy: Path, tmp_path: Path) -> None:
    src = test_policy_copy

    def rename() -> None:
        (src / "rights.md").rename(src / "your-rights.md")
        edit(src / "index.md", "rights\n", "your-rights\n")

    before, after = incremental_equals_clean(src, tmp_path, rename)
    assert "rights.html" in before and "rights.html" not in after
    assert "your-rights.html" in after


def test_page_moved_in_the_contents_rebuilds_like_clean(test_policy_copy: Path,
                                                       tmp_path: Path) -> None:
    # previous/next links of the pages around it change too
    src = test_policy_copy
    before, after = incremental_equals_clean(src, tmp_path, lambda: edit(
        src / "index.md", "controller\nnewsletter\n", "newsletter\ncontroller\n"))
    assert page(before, "newsletter.html") != page(after, "newsletter.html")
