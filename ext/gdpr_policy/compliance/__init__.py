"""Compliance checks: GDPR Art. 13/14 completeness and internal consistency.

Off by default, so a compliance finding never blocks publishing; ``make check`` turns them
on (``-D policy_compliance_checks=1``). Then every finding is a warning
``policy.<check-id>`` with file and line, the article, what is missing or contradictory and
how to fix it; ``report.json`` and ``compliance-report.html`` are written into the output
folder; and the build's exit status is non-zero while an error-severity finding remains
that no waiver accepts, or while the policy has an authoring error.

Waivers (``policy_waivers`` in ``conf.py``, ``policy-waivers`` in front matter) are
checked in every build: a malformed one is an authoring error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.logging import is_suppressed_warning
from sphinx.util.osutil import relpath

from . import waivers
from .checks import CHECKS, JSON_NAME, PAGE_NAME, Finding
from .text import TextCollector

if TYPE_CHECKING:
    from .policy import Policy

logger = logging.getLogger("gdpr_policy.compliance")


def runs() -> list[Callable[[Policy], Iterable[Finding]]]:
    # The checks are imported when they run (make check), not in every publishing build.
    from . import (
        completeness,
        contradictions,
        disclosure,
        lawfulness,
        numbering,
        phrases,
        releases,
        special,
        wording,
    )

    return [*completeness.CHECKS, *disclosure.CHECKS, *lawfulness.CHECKS, *special.CHECKS,
            *contradictions.CHECKS, phrases.check_pointers, phrases.check_contact_roles,
            numbering.check_numbering, *releases.CHECKS, *wording.CHECKS]


class Run:
    """One build's compliance state: the findings, once every page is read."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.emitted = 0  # warnings shown (not suppressed), to tell authoring errors apart
        self.policy: Policy | None = None

    def check(self, app: Sphinx, env: BuildEnvironment) -> None:
        # env-updated fires on every build, even when no page changed, unlike
        # env-check-consistency: the report must always cover the whole policy.
        loaded = waivers.load(app, env)
        self.findings, self.emitted, self.policy = [], 0, None
        # No report of an earlier run is left behind: not by a build that fails from here
        # on, nor by one with the checks turned off since.
        for name in (JSON_NAME, PAGE_NAME, "report.sarif"):
            Path(app.outdir, name).unlink(missing_ok=True)
        if not app.config.policy_compliance_checks:
            return
        from .policy import Policy

        policy = Policy(env, app.confdir)
        policy.export = current_export(app)
        findings = [f for run in runs() for f in run(policy)]
        rank = {d: i for i, d in enumerate(policy.docs)}
        findings.sort(key=lambda f: (rank.get(f.place[0], len(rank)), f.place[1],
                                     list(CHECKS).index(f.check)))
        waivers.apply(policy, findings, loaded)
        suppress = app.config.suppress_warnings
        for finding in findings:
            if finding.waived:
                continue
            logger.warning(message(finding), location=finding.place, type="policy",
                           subtype=finding.check)
            self.emitted += not is_suppressed_warning("policy", finding.check, suppress)
        waivers.report_unused(loaded)
        self.findings, self.policy = findings, policy

    def finish(self, app: Sphinx, exception: Exception | None) -> None:
        if exception is not None or not app.config.policy_compliance_checks:
            return
        from . import report
        from .policy import Policy

        policy = self.policy or Policy(app.env, app.confdir)
        written = report.write(app, policy, self.findings)
        summary = report.summary(self.findings)
        logger.info("compliance: %d finding(s), %d open error(s), %d open warning(s), "
                    "%d waived; report: %s", summary["findings"], summary["open-errors"],
                    summary["open-warnings"], summary["waived"],
                    relpath(written.parent / report.PAGE_NAME
                            if app.builder.format == "html" else written))
        # Authoring errors (every other warning) fail the check too: findings read from a
        # policy that does not build cleanly cannot be trusted. (_warncount is Sphinx's
        # count of shown warnings; there is no public one.)
        authoring = getattr(app, "_warncount", 0) - self.emitted
        if authoring > 0:
            logger.info("compliance: %d authoring warning(s) besides the findings: fix them "
                        "first", authoring)
        if not summary["passed"] or authoring > 0:
            app.statuscode = app.statuscode or 1


def current_export(app: Sphinx) -> dict[str, Any] | None:
    """The policy's declarations as policy.json gives them, when released versions exist
    to compare them with (the unannounced-change check)."""
    from ..versions import released

    if not released(Path(app.confdir)):
        return None
    from ..export import policy_document

    return policy_document(app)


def message(f: Finding) -> str:
    return f"{f.article} ({f.severity}): {f.message}. Fix: {f.hint}"


def setup_compliance(app: Sphinx) -> None:
    """Register the checks, their configuration and the report."""
    # "env": the checks read each page's text as it is read, so turning them on re-reads
    app.add_config_value("policy_compliance_checks", False, "env", types=frozenset({bool}),
                         description="run the GDPR compliance checks and write the report")
    app.add_config_value("policy_waivers", [], "", types=frozenset({list, tuple}),
                         description="accepted compliance findings, with reason and who")
    app.add_env_collector(TextCollector)
    run = Run()
    app.connect("env-updated", run.check, priority=900)
    app.connect("build-finished", run.finish)


__all__ = ["CHECKS", "Finding", "setup_compliance"]
