"""Plain-language checks by proselint, instead of word lists of our own.

proselint (https://github.com/amperser/proselint) gathers usage advice from Garner,
Orwell, Strunk & White and others as some 100 checks: clichés, jargon ("utilize",
"leverage"), redundancy ("may possibly"), uncomparables ("very unique"), weasel words.
It is maintained, has no model to download, and its checks are plain regular
expressions (google-re2), so a brief's lint is deterministic and fast.  We run it on
the brief's own words with its default checks, less those the template switches off
(``lint.prose_off``) and these, which do not fit a brief:
"""

from __future__ import annotations

from functools import cache

OFF_BY_DEFAULT = (
    "weasel_words.very",  # its advice ("substitute 'damn'") is a joke, not a reason
    "typography.symbols",  # the YAML is typed plain; briefgen sets quotes and dashes itself
)


@cache
def _registered() -> None:
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry

    CheckRegistry().register_many(__register__)


@cache
def _config(off: tuple[str, ...]) -> dict[str, object]:
    from proselint.config import DEFAULT

    checks = dict(DEFAULT["checks"])
    for name in (*OFF_BY_DEFAULT, *off):
        checks[name] = False
    return {"max_errors": DEFAULT["max_errors"], "checks": checks}


def prose_findings(text: str, off: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(check, message) for each thing proselint finds in ``text``."""
    from proselint.tools import LintFile

    _registered()
    results = LintFile("brief", text).lint(_config(tuple(off)))
    return [(r.check_result.check_path, r.check_result.message) for r in results]
