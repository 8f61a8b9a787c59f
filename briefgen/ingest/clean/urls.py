"""URLs: a line holding only a URL is a link the extractor dropped; inline URLs are links.

:func:`drop_url_lines` takes the URL lines out (and the wrapped tail of a long one);
:func:`find_links` reports them, and the URLs inside kept lines, as the essay's links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefgen.essay import Link, Removal
from briefgen.ingest.clean.lines import Cut, Line, adjacent

_URL_ONLY = re.compile(r"<?(?:https?://|www\.)[^\s<>]+>?")
_URL_INLINE = re.compile(r"(?:https?://|www\.)[^\s<>\"\u201c\u201d\u2018\u2019]+")
# Characters that follow a URL in prose rather than belong to it.
_URL_TRAILING = ".,;:!?'\"\u2019\u201d)]}"
# A long URL wrapped by the extractor: its tail is one run of URL characters.
_URL_TAIL = re.compile(r"[\w\-./?=&%#~+:@!$*,;]+")
_URL_WRAP_WIDTH = 60


def drop_url_lines(lines: Sequence[Line]) -> list[Cut]:
    """A line holding only a URL is a link dropped by the extractor, not prose.

    When such a line is long enough to have been wrapped, a following line that is one
    run of URL characters is the rest of the URL.
    """
    cuts: list[Cut] = []
    stop = 0
    for i in [i for i, line in enumerate(lines) if "://" in line.text or "www." in line.text]:
        if i < stop or not _URL_ONLY.fullmatch(lines[i].text):
            continue
        stop = i + 1
        while adjacent(lines, stop) and _is_url_tail(lines[stop - 1].text, lines[stop].text):
            stop += 1
        text = " ".join(line.text for line in lines[i:stop])
        cuts.append(Cut(i, stop, Removal("url", text, lines[i].number)))
    return cuts


def _is_url_tail(previous: str, text: str) -> bool:
    return (
        len(previous) >= _URL_WRAP_WIDTH
        and not text.startswith(("http://", "https://", "www."))
        and _URL_TAIL.fullmatch(text) is not None
        and re.search(r"[/\-_=%&?#\d]", text) is not None
        and text[-1] not in _URL_TRAILING
    )


def find_links(lines: Sequence[Line], removals: Sequence[Removal]) -> list[Link]:
    """URL lines that were removed, and URLs inline in the kept text, in source order."""
    # A removed URL line may hold the two halves of a wrapped URL, space-separated.
    links = [
        Link(_trim_url("".join(r.text.split()).strip("<>")), r.line)
        for r in removals
        if r.kind == "url"
    ]
    for line in [line for line in lines if "://" in line.text or "www." in line.text]:
        links.extend(Link(_trim_url(m), line.number) for m in _URL_INLINE.findall(line.text))
    links.sort(key=lambda link: link.line)
    return links


def _trim_url(url: str) -> str:
    trimmed = url.rstrip(_URL_TRAILING)
    # Keep a closing bracket the URL opened itself: …/wiki/Reset_(policy)
    while url[len(trimmed) : len(trimmed) + 1] == ")" and trimmed.count("(") > trimmed.count(")"):
        trimmed = url[: len(trimmed) + 1]
    return trimmed
