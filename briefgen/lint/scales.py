"""Estimative language: the probability scales a template can name, and unscaled hedges.

A brief that says how likely something is must use one agreed scale, so that "likely"
means the same in every brief a reader gets.  Two are in use by policy shops:

- ``icd203``: the US Intelligence Community Directive 203 (2015), seven terms, each with
  its synonym: almost no chance / remote; very unlikely / highly improbable; unlikely /
  improbable; roughly even chance / roughly even odds; likely / probable; very likely /
  highly probable; almost certain(ly) / nearly certain.
- ``phia``: the UK Professional Head of Intelligence Assessment's probability yardstick
  (2018/2023): remote chance; highly unlikely; unlikely; realistic possibility; likely
  or probably; highly likely; almost certain.

A term of the other scale, an intensified term that is on no scale ("fairly likely",
"extremely unlikely"), and a hedge that names no probability ("may possibly",
"perhaps") are findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCALE_NAMES = {"icd203": "ICD 203", "phia": "the PHIA yardstick"}

STEPS: dict[str, tuple[str, ...]] = {
    "icd203": (
        "almost no chance",
        "very unlikely",
        "unlikely",
        "roughly even chance",
        "likely",
        "very likely",
        "almost certain",
    ),
    "phia": (
        "remote chance",
        "highly unlikely",
        "unlikely",
        "realistic possibility",
        "likely",
        "highly likely",
        "almost certain",
    ),
}
"""Each scale's seven steps, from least to most likely, as a finding lists them."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "icd203": (
        "remote",
        "highly improbable",
        "improbable",
        "improbably",
        "roughly even odds",
        "probable",
        "probably",
        "highly probable",
        "almost certainly",
        "nearly certain",
        "nearly certainly",
    ),
    "phia": ("probably", "probable", "almost certainly"),
}
"""The other forms each scale's guidance allows for its steps."""

SCALES: dict[str, tuple[str, ...]] = {name: STEPS[name] + SYNONYMS[name] for name in STEPS}
"""Every term (lower case) each scale allows."""

_BASES = r"(?:likely|unlikely|probable|probably|improbable|improbably|certain|certainly|possible)"
_INTENSIFIED = re.compile(
    rf"\b(?:very|highly|extremely|fairly|quite|rather|somewhat|reasonably|most|more than|"
    rf"increasingly|entirely|virtually|almost|nearly|all but)\s+{_BASES}\b",
    re.IGNORECASE,
)
"""An intensifier before a probability word: on a scale ("very likely") or not."""

HEDGES: tuple[str, ...] = (
    "may possibly",
    "might possibly",
    "could possibly",
    "may perhaps",
    "might perhaps",
    "could perhaps",
    "possibly",
    "perhaps",
    "conceivably",
    "it is possible that",
    "it is conceivable that",
    "there is a chance that",
    "there is a possibility that",
    "cannot be ruled out",
    "cannot rule out",
    "may or may not",
)
"""Hedges that say something is uncertain without saying how uncertain."""

_OTHER_TERMS = ("even chance", "realistic possibility", "remote chance", "almost no chance")


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    text: str
    kind: str
    """``other-scale`` (a term of another scale or of none) or ``hedge``."""


def _phrase(term: str) -> re.Pattern[str]:
    return re.compile(r"\b" + r"\s+".join(map(re.escape, term.split())) + r"\b", re.IGNORECASE)


_ALL_TERMS = sorted({t for terms in SCALES.values() for t in terms} | set(_OTHER_TERMS), key=len)
_TERM_PATTERNS = [(t, _phrase(t)) for t in reversed(_ALL_TERMS)]  # longest first
_HEDGE_PATTERNS = [(h, _phrase(h)) for h in sorted(HEDGES, key=len, reverse=True)]


def estimative_hits(text: str, scale: str) -> list[Hit]:
    """The estimative phrases of ``text`` that ``scale`` does not allow, and its hedges."""
    allowed = set(SCALES[scale])
    taken: list[tuple[int, int]] = []
    hits: list[Hit] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    candidates: list[tuple[int, int, str]] = []
    for match in _INTENSIFIED.finditer(text):
        candidates.append((match.start(), match.end(), match.group(0)))
    for _, pattern in _TERM_PATTERNS:
        for match in pattern.finditer(text):
            candidates.append((match.start(), match.end(), match.group(0)))
    # Longest phrase first: "highly unlikely" is one term, not "unlikely" in it.
    for start, end, found in sorted(candidates, key=lambda c: c[0] - c[1]):
        if not free(start, end):
            continue
        taken.append((start, end))
        phrase = " ".join(found.lower().split())
        if phrase == "remote" and not _remote_is_estimative(text, end):
            continue
        if phrase not in allowed:
            hits.append(Hit(start, end, found, "other-scale"))
    for _, pattern in _HEDGE_PATTERNS:
        for match in pattern.finditer(text):
            if free(match.start(), match.end()):
                taken.append((match.start(), match.end()))
                hits.append(Hit(match.start(), match.end(), match.group(0), "hedge"))
    return sorted(hits, key=lambda h: h.start)


def _remote_is_estimative(text: str, end: int) -> bool:
    """ "remote" estimates only when a chance or possibility follows ("a remote area" does
    not; ICD 203 also allows "remote" alone before "that")."""
    return (
        re.match(r"\s+(?:chance|possibility|prospect|likelihood|that)\b", text[end:], re.IGNORECASE)
        is not None
    )
