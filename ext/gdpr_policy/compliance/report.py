"""The compliance report: ``report.json`` for tools and ``compliance-report.html`` for the
legal team, both written into the output folder of the checked build.

The page is the Art. 13 checklist (and Art. 14's, where data come from elsewhere) with
✓/✗ per item, each item linked to the place in the policy that covers it, or to the place
where the missing information belongs; then every finding with its hint. It is a page of
its own, outside the policy's navigation, never part of the published site or the PDF.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from sphinx.application import Sphinx

from .. import countries
from ..records import Activity, Recipient, main_place
from .checks import CHECKS, JSON_NAME, PAGE_NAME, Check, Finding
from .completeness import name
from .policy import Policy

SCHEMA = Path(__file__).parent / "report.schema.json"


class Place(NamedTuple):
    label: str
    docname: str
    line: int
    anchor: str


def activity_place(a: Activity, detail: str = "") -> Place:
    return Place(name(a).removeprefix("processing activity ") + detail, a.docname, a.lineno,
                 a.anchor)


def coverage(policy: Policy) -> dict[str, list[Place]]:
    """The places that give each checklist item (what a ✓ links to)."""
    index = policy.index
    acts = policy.activities
    controller = index.controller
    rights = index.rights

    def right(key: str) -> list[Place]:
        r = rights.get(key)
        return [Place(r.text, r.docname, r.lineno, r.anchor)] if r else []

    places: dict[str, list[Place]] = {
        "controller-identity": [Place(controller.name, controller.docname, controller.lineno,
                                      controller.anchor)] if controller else [],
        "dpo-contact": [Place("DPO contact on the controller", controller.docname,
                              controller.lineno, controller.anchor)]
        if controller and controller.dpo else [],
        "purposes-and-basis": [activity_place(a, f": {a.basis}") for a in acts if a.basis],
        "legitimate-interests": [activity_place(a, f": {a.interest}") for a in acts
                                 if a.basis == "legitimate-interests" and a.interest],
        "recipients": [Place(r.name, r.docname, r.lineno, r.anchor)
                       for r in policy.recipients],
        "transfers": [activity_place(a, ": " + "; ".join(a.transfers)) for a in acts
                      if a.transfers and a.safeguard]
        + [Place(f"{r.name}: {t.where}", r.docname, r.lineno, r.anchor)
           for r, t in transfers(policy) if not t.eea],
        "retention": [Place(f"{policy.category_name(e.key)}: {e.phrase}", e.docname,
                            e.lineno, e.anchor)
                      for e in policy.in_order(index.retention.values())],
        "rights": [p for k in ("access", "rectification", "erasure", "restriction",
                               "objection", "portability") for p in right(k)],
        "withdraw-consent": right("withdraw-consent"),
        "complaint": right("complaint"),
        "requirement": [activity_place(a) for a in acts if a.required],
        "automated-decisions": [activity_place(a) for a in acts if a.automated],
        "source-categories": [activity_place(a) for a in acts
                              if a.source == "elsewhere" and a.categories],
        "data-source": [activity_place(a) for a in acts if a.source == "elsewhere"],
    }
    return places


class Transfer(NamedTuple):
    where: str  # the country as the text states it, and what covers the transfer
    eea: bool
    country: str  # ISO code, "" when the place is not a known country


def transfers(policy: Policy) -> list[tuple[Recipient, Transfer]]:
    """Each recipient whose text says where it is, and what that means for a transfer (the
    first place outside the EEA, else the first place stated)."""
    from .disclosure import safeguard_of

    out = []
    for recipient in policy.recipients:
        place = main_place(recipient)
        if place is None:
            continue
        if place.country is None:
            out.append((recipient, Transfer(f"{place.place} (not a known country)", False, "")))
            continue
        eea = countries.in_eea_or_area(place.country)
        cover = "inside the EEA" if eea else countries.describe(place.country)
        safeguard = safeguard_of(policy, recipient)
        if not eea and safeguard:
            cover += f"; safeguard stated: {safeguard}"
        code = "" if place.country is countries.EEA_AREA else place.country.code
        out.append((recipient, Transfer(f"{place.place}, {cover}", eea, code)))
    return out


def applicable(policy: Policy, check: Check, findings: list[Finding]) -> bool:
    if of_item(check, findings):
        return True
    acts = policy.activities
    bases = policy.bases_used()
    return {
        "dpo-contact": bool(policy.index.controller and policy.index.controller.dpo),
        "legitimate-interests": "legitimate-interests" in bases,
        "transfers": any(a.transfers for a in acts) or any(
            not t.eea for _, t in transfers(policy)),
        "withdraw-consent": "consent" in bases,
        "automated-decisions": any(a.automated for a in acts),
        "source-categories": any(a.source == "elsewhere" for a in acts),
        "data-source": any(a.source == "elsewhere" for a in acts),
    }.get(check.id, True)


#: Consistency checks whose findings also leave a checklist item open.
RELATED = {"purposes-and-basis": ("single-basis",), "retention": ("retention-conflict",),
           "rights": ("rights-fit",), "transfers": ("recipient-outside-eea",),
           # the DPO is a role named as a contact too: its finding is the dpo-contact one
           "contact-role": ("dpo-contact",)}


def of_item(check: Check, findings: list[Finding]) -> list[int]:
    ids = (check.id, *RELATED.get(check.id, ()))
    return [i for i, f in enumerate(findings) if f.check in ids]


def status(policy: Policy, check: Check, findings: list[Finding]) -> str:
    mine = [findings[i] for i in of_item(check, findings)]
    if any(f.is_open_error for f in mine):
        return "missing"
    if any(not f.waived for f in mine):
        return "incomplete"
    if mine:
        return "waived"
    return "covered" if applicable(policy, check, findings) else "not-applicable"


def finding_json(policy: Policy, f: Finding) -> dict[str, Any]:
    return {
        "check": f.check, "article": f.article, "severity": f.severity,
        "message": f.message, "hint": f.hint,
        "file": policy.path(f.place[0]), "line": f.place[1], "key": f.key,
        "related": [{"file": policy.path(d), "line": n} for d, n in f.related],
        "waived": f.waived,
        "waiver": dict(f.waiver) if f.waiver else None,
    }


def summary(findings: list[Finding]) -> dict[str, Any]:
    open_ = [f for f in findings if not f.waived]
    return {
        "findings": len(findings),
        "open-errors": sum(f.severity == "error" for f in open_),
        "open-warnings": sum(f.severity == "warning" for f in open_),
        "open-info": sum(f.severity == "info" for f in open_),
        "waived": len(findings) - len(open_),
        "passed": not any(f.is_open_error for f in findings),
    }


def recipient_transfers(policy: Policy) -> list[tuple[Recipient, Transfer | None]]:
    found = dict(transfers(policy))
    return [(r, found.get(r)) for r in policy.recipients]


def report_json(app: Sphinx, policy: Policy, findings: list[Finding]) -> dict[str, Any]:
    cover = coverage(policy)
    checklist = []
    for check in CHECKS.values():
        checklist.append({
            "check": check.id, "article": check.article, "group": check.group,
            "title": check.title, "status": status(policy, check, findings),
            "covered-by": [{"what": p.label, "file": policy.path(p.docname), "line": p.line,
                            "anchor": p.anchor} for p in cover.get(check.id, [])],
            "findings": of_item(check, findings),
        })
    return {
        "$schema": SCHEMA.name,
        "project": app.config.project,
        "summary": summary(findings),
        "art14-applies": any(a.source == "elsewhere" for a in policy.activities),
        # read as collected from the data subject (Art. 13); the legal team may know better
        "source-undeclared": [a.key for a in policy.activities if not a.source],
        "checklist": checklist,
        "recipients": [{"key": r.key, "name": r.name, "role": r.role or None,
                        "file": policy.path(r.docname), "line": r.lineno,
                        "activities": [a.key for a in policy.activities_of(r)],
                        "transfer": dict(t._asdict()) if t else None}
                       for r, t in recipient_transfers(policy)],
        "findings": [finding_json(policy, f) for f in findings],
    }


# -- the page ------------------------------------------------------------------------

MARK = {"covered": ("✓", "covered"), "missing": ("✗", "missing"),
        "incomplete": ("✗", "incomplete"), "waived": ("✓", "accepted (waived)"),
        "not-applicable": ("–", "not applicable")}
CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.art{white-space:nowrap}.mark{font-weight:bold;white-space:nowrap}
.covered .mark,.waived .mark{color:#17612a}.missing .mark,.incomplete .mark{color:#a4161a}
.finding{border-left:4px solid #a4161a;padding:.2rem .8rem;margin:1rem 0}
.finding.warning{border-color:#9a6700}.finding.info{border-color:#1f5fa8}.finding.is-waived{border-color:#777;color:#444}
.meta{font-size:.9rem;color:#444}code{font-size:.9em}ul{margin:.2rem 0;padding-left:1.2rem}
.sub{margin:.2rem 0 0;font-size:.85rem;color:#444}
@media (max-width:40rem){td,th{display:block;width:auto}thead{display:none}}
"""


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_page(app: Sphinx, policy: Policy, findings: list[Finding]) -> str:
    data = report_json(app, policy, findings)
    uri = page_uri(app, policy)

    def at(f: Finding) -> str:
        return uri(f.place[0], policy.section_at(*f.place))

    s = data["summary"]
    verdict = ("No open error: the policy passes the checks." if s["passed"] else
               f"{s['open-errors']} open error(s): make check fails until each is resolved "
               "or accepted.")
    out = [
        "<!DOCTYPE html>", f'<html lang="{e(app.config.language or "en")}">', "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Compliance report: {e(app.config.project)}</title>",
        f"<style>{CSS}</style>", "</head>", "<body>", "<main>",
        f"<h1>Compliance report: {e(app.config.project)}</h1>",
        '<p class="meta">Internal: for the legal team, not part of the published policy. '
        f'Links lead into the <a href="{e(uri(app.config.root_doc, ""))}">'
        "checked copy of the policy</a>.</p>",
        f"<p><strong>{e(verdict)}</strong> {s['findings']} finding(s): "
        f"{s['open-errors']} open error(s), {s['open-warnings']} open warning(s), "
        f"{s['waived']} waived. Checked against GDPR Art. 13 and 14; "
        f'the machine-readable report is <a href="{JSON_NAME}">{JSON_NAME}</a>.</p>',
    ]
    groups = [("art13", "Art. 13: information to give where data are collected from the "
                        "data subject")]
    if data["art14-applies"]:
        groups.append(("art14", "Art. 14: where data are not obtained from the data subject "
                                "(in addition to the items above)"))
    groups += [("lawfulness", "Lawfulness: what a privacy counsel checks beyond the list"),
               ("consistency", "Consistency"),
               ("form", "Form: Art. 12(1), concise, transparent and easily accessible")]
    for group, title in groups:
        out.append(f"<h2>{e(title)}</h2>")
        out.append('<table><thead><tr><th scope="col">Item</th><th scope="col">Article</th>'
                   '<th scope="col">Status</th><th scope="col">Where</th></tr></thead><tbody>')
        for item in data["checklist"]:
            if item["group"] != group:
                continue
            mark, said = MARK[item["status"]]
            if item["status"] == "covered" and group in ("lawfulness", "consistency", "form"):
                said = "no finding"
            given = [f'<li><a href="{e(uri(p["file"], p["anchor"]))}">{e(p["what"])}</a></li>'
                     for p in item["covered-by"]]
            found = []
            for i in item["findings"]:
                f, j = findings[i], data["findings"][i]
                sign = "waived" if f.waived else f.severity
                found.append(f'<li><a href="#finding-{i + 1}">Finding {i + 1}</a> ({e(sign)}'
                             f'{", " + e(f.key) if f.key else ""}): '
                             f'<a href="{e(at(f))}">{e(j["file"])}:{j["line"]}</a></li>')
            where = ""
            if given:
                where += '<p class="sub">Given in:</p><ul>' + "".join(given) + "</ul>"
            if found:
                where += '<p class="sub">Findings:</p><ul>' + "".join(found) + "</ul>"
            out.append(
                f'<tr class="{item["status"]}"><th scope="row">{e(item["title"])}'
                f'<br><code>{e(item["check"])}</code></th><td class="art">{e(item["article"])}</td>'
                f'<td><span class="mark" aria-hidden="true">{mark}</span> {e(said)}</td>'
                f"<td>{where}</td></tr>")
        out.append("</tbody></table>")
    if not data["art14-applies"]:
        out.append("<p>Art. 14 does not apply: no processing activity declares data "
                   "obtained from another source (<code>:source: elsewhere</code>).</p>")
    if data["source-undeclared"]:
        keys = ", ".join(f"<code>{e(k)}</code>" for k in data["source-undeclared"])
        out.append(f"<p>These activities do not say where their data come from, so they are "
                   f"checked as collected from the data subject (Art. 13): {keys}.</p>")
    out += recipients_section(policy, data, uri)
    out.append("<h2>Findings</h2>")
    out.append("<p>Each finding names the article, what is missing or contradictory, and "
               "how to fix it. An <em>error</em> fails <code>make check</code>; a "
               "<em>warning</em> asks for the legal team's judgement; <em>info</em> is good "
               "practice the legal team may adopt. A finding the legal "
               "team accepts is waived in <code>conf.py</code> (or the page's front matter) "
               "with a reason and who accepted it; it stays listed here, marked waived. "
               "The checks never change the client's wording or supply a missing fact.</p>")
    if not findings:
        out.append("<p>None.</p>")
    for i, (f, j) in enumerate(zip(findings, data["findings"], strict=True)):
        cls = " ".join(filter(None, ["finding", f.severity, "is-waived" if f.waived else ""]))
        waiver = (f'<p class="meta">Waived: {e(f.waiver["reason"])}, accepted by '
                  f'{e(f.waiver["accepted_by"])} ({e(f.waiver["declared_at"])})</p>'
                  if f.waiver else "")
        out.append(
            f'<section class="{cls}" id="finding-{i + 1}" aria-labelledby="finding-{i + 1}-h">'
            f'<h3 id="finding-{i + 1}-h">{i + 1}. {e(f.article)}, {e(f.severity)}'
            f'{" (waived)" if f.waived else ""}: <code>{e(f.check)}</code></h3>'
            f'<p class="meta"><a href="{e(at(f))}">{e(j["file"])}:{j["line"]}</a>'
            f'{" · key " + e(f.key) if f.key else ""}</p>'
            f"<p>{e(f.message[:1].upper() + f.message[1:])}.</p>"
            f"<p><strong>How to fix:</strong> {e(f.hint[:1].upper() + f.hint[1:])}.</p>"
            f"{waiver}</section>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def recipients_section(policy: Policy, data: dict[str, Any],
                       uri: Callable[[str, str], str]) -> list[str]:
    """Who receives the data and where they go, as the policy states it."""
    out = ["<h2>Recipients and transfers</h2>"]
    if not data["recipients"]:
        return [*out, "<p>No recipient is declared.</p>"]
    out.append('<table><thead><tr><th scope="col">Recipient</th><th scope="col">Role</th>'
               '<th scope="col">Where (as stated), transfer</th>'
               '<th scope="col">Processing activities</th></tr></thead><tbody>')
    records = {r.key: r for r in policy.recipients}
    for row in data["recipients"]:
        r = records[row["key"]]
        where = row["transfer"]["where"] if row["transfer"] else "not stated"
        out.append(
            f'<tr><th scope="row"><a href="{e(uri(r.docname, r.anchor))}">{e(r.name)}</a>'
            f'</th><td>{e(row["role"] or "not stated")}</td><td>{e(where)}</td>'
            f'<td>{e(", ".join(row["activities"]) or "—")}</td></tr>')
    out.append("</tbody></table>")
    return out


def page_uri(app: Sphinx, policy: Policy) -> Callable[[str, str], str]:
    """Link from the report (at the output root) into the checked policy's pages, by
    docname or by file as report.json gives it."""
    by_path = {policy.path(d): d for d in policy.env.found_docs}

    def uri(where: str, anchor: str) -> str:
        docname = where if where in policy.env.found_docs else by_path.get(where, "")
        if not docname:
            return "#"
        target = app.builder.get_target_uri(docname)
        if "#" in target:  # singlehtml: one page, "#document-page" within it
            page = target.split("#")[0]
            target = page or f"{app.config.root_doc}{getattr(app.builder, 'out_suffix', '')}"
            if docname != app.config.root_doc:
                anchor = anchor or f"document-{docname}"
        return f"{target}#{anchor}" if anchor else target

    return uri


def write(app: Sphinx, policy: Policy, findings: list[Finding]) -> Path:
    outdir = Path(app.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    data = report_json(app, policy, findings)
    (outdir / JSON_NAME).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
    if app.builder.format == "html":
        (outdir / PAGE_NAME).write_text(render_page(app, policy, findings), encoding="utf-8")
    from ..version import __version__
    from .sarif import write as write_sarif

    write_sarif(outdir, policy, findings, __version__)
    return outdir / JSON_NAME
