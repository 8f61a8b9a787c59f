"""Is a recommendation's timeframe one a calendar can hold?

It can when it names a date ("by 15 March 2025", "Q3 2025", "before end-2025"), a
duration ("within 30 days", "next six months", "in two weeks") or an event ("before the
NATO summit", "ahead of the spring budget", "at the next Council meeting").  "Soon",
"in due course", "as appropriate" and their kin cannot be put in a diary: they are
findings, and so is a timeframe that names none of the three.
"""

from __future__ import annotations

import re

VAGUE: tuple[str, ...] = (
    "soon",
    "as soon as possible",
    "asap",
    "in due course",
    "as appropriate",
    "as needed",
    "as required",
    "when possible",
    "where possible",
    "when appropriate",
    "when feasible",
    "over time",
    "eventually",
    "in time",
    "in the near future",
    "in the future",
    "at some point",
    "at the earliest opportunity",
    "at an appropriate time",
    "ongoing",
    "continuous",
    "continuously",
    "timely",
    "in a timely manner",
    "short term",
    "short-term",
    "medium term",
    "medium-term",
    "long term",
    "long-term",
    "near term",
    "near-term",
    "urgently",
    "tbd",
    "tbc",
)
"""Timeframes no calendar can hold (lower case, as the whole timeframe or a phrase of it)."""

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_NUMBER = (
    r"\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|eighteen|twenty|thirty|forty|fifty|sixty|ninety|a few|several"
)
_UNIT = r"hours?|days?|weeks?|fortnights?|months?|quarters?|years?|sessions?|sprints?"

DATE = re.compile(
    rf"\b(?:{_MONTHS})\b|\b(?:19|20)\d\d\b|\bq[1-4]\b|\b\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}\b|"
    r"\b(?:end|start|beginning|middle|mid)[- ](?:of[- ])?(?:the[- ])?(?:year|month|quarter|\d{4})\b|"
    r"\b(?:year|month|quarter)[- ]end\b|\b(?:spring|summer|autumn|fall|winter)\b|"
    r"\b(?:this|next|the coming) (?:week|month|quarter|year|financial year|fiscal year)\b|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow)\b|"
    r"\b(?:immediately|now|at once|forthwith)\b",
    re.IGNORECASE,
)
DURATION = re.compile(
    rf"\b(?:{_NUMBER})[- ](?:(?:working|business|calendar)[- ])?(?:{_UNIT})\b|"
    rf"\b(?:{_UNIT})\b(?= of (?:the )?(?:receipt|approval|decision|signature|entry))",
    re.IGNORECASE,
)
_OCCASION = (
    r"(?i:\b(?:before|by|ahead of|after|at|until|following|prior to|in time for|for|during|"
    r"upon|on|when)\b(?: the| its| their| this| next| a)?)\s+(?:[\w’'-]+\s+){0,4}?"
)
EVENT = re.compile(
    _OCCASION
    + r"(?i:summit|meeting|election|elections|session|review|budget|vote|visit|conference|"
    r"council|ministerial|talks|hearing|inauguration|deadline|debate|negotiations?|"
    r"recess|assembly|congress|parliament|plenary|cycle|round|referendum|report|"
    r"consultation|dialogue|presidency|treaty|ceasefire|launch|signing|decision|"
    r"ratification|deployment|exercise|forum|statement|speech)\b"
)
"""An event a diary can hold: a preposition, then an occasion ("before the summit")."""
NAMED_EVENT = re.compile(_OCCASION + r"[A-Z][\w-]*\b")
"""A named one ("before Congress returns", "ahead of NATO"): only when nothing vague is
said too, since a title-cased "When Possible" names nothing."""


def vague_phrase(timeframe: str) -> str | None:
    """The phrase of ``timeframe`` no calendar can hold, or None."""
    lowered = " ".join(timeframe.lower().split())
    for phrase in sorted(VAGUE, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", lowered):
            return phrase
    return None


def holds_on_a_calendar(timeframe: str) -> bool:
    """Whether ``timeframe`` names a date, a duration or an event."""
    if any(pattern.search(timeframe) for pattern in (DATE, DURATION, EVENT)):
        return True
    return bool(NAMED_EVENT.search(timeframe)) and vague_phrase(timeframe) is None
