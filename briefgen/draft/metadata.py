"""What the essay says about itself: title, byline, author page, publisher, links.

Found by rules on the cleaned essay's first paragraphs and its links; ``None`` where the
essay does not say, so the draft marks the field TODO instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from briefgen.essay import Essay
from briefgen.sentences import split_sentences

__all__ = ["Metadata", "find_metadata"]

# A byline paragraph: "By Jane Smith", "By Jane Smith, Senior Fellow", "by J. Smith and A. Lee".
_BYLINE = re.compile(
    r"^by\s+(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von|der))*)"
    r"\s*(?:[,|–—(]|-\s|$)",
    re.IGNORECASE,
)
# Author pages: …/author/ruth-deyermond, …/authors/jane-smith/, …/experts/john-doe.
_AUTHOR_PATH = re.compile(
    r"/(?:authors?|by|people|profiles?|contributors?|writers?|experts?|staff)/"
    r"(?P<slug>[a-z]+(?:-[a-z]+){1,3})/?$",
    re.IGNORECASE,
)
# Publishers whose names cannot be read off their domain reliably ("themoscowtimes").
_PUBLISHERS = {
    "themoscowtimes.com": "The Moscow Times",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "theguardian.com": "The Guardian",
    "ft.com": "Financial Times",
    "economist.com": "The Economist",
    "politico.com": "Politico",
    "politico.eu": "Politico Europe",
    "foreignaffairs.com": "Foreign Affairs",
    "foreignpolicy.com": "Foreign Policy",
    "theatlantic.com": "The Atlantic",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "reuters.com": "Reuters",
    "apnews.com": "Associated Press",
    "bloomberg.com": "Bloomberg",
    "warontherocks.com": "War on the Rocks",
    "brookings.edu": "Brookings Institution",
    "carnegieendowment.org": "Carnegie Endowment for International Peace",
    "rand.org": "RAND Corporation",
    "cfr.org": "Council on Foreign Relations",
    "csis.org": "Center for Strategic and International Studies",
    "chathamhouse.org": "Chatham House",
    "rusi.org": "Royal United Services Institute",
    "atlanticcouncil.org": "Atlantic Council",
    "ecfr.eu": "European Council on Foreign Relations",
    "iiss.org": "International Institute for Strategic Studies",
    "lawfaremedia.org": "Lawfare",
    "project-syndicate.org": "Project Syndicate",
}
_GENERIC_STEMS = {"essay", "article", "text", "index", "source", "input", "document", "body"}
_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the essay says about itself; ``None`` where it does not say."""

    title: str | None
    """The essay's heading, when its first paragraph looks like one."""
    fallback_title: str
    """A title made from the file (or folder) name, for when it has no heading."""
    author: str | None
    author_from: str | None
    """Where the author was found: ``byline`` or ``link``."""
    publisher: str | None
    site: str | None
    """The domain of the essay's own page, when one was found (for the publisher)."""
    url: str | None
    links: tuple[str, ...]
    front: frozenset[int]
    """¶ numbers that are front matter (heading, byline): never quoted as evidence."""


def find_metadata(essay: Essay) -> Metadata:
    """Title, author, publisher and links, where the essay names them."""
    paras = essay.paragraphs
    front: set[int] = set()
    title = None
    if len(paras) > 1 and _looks_like_title(paras[0].text):
        title = paras[0].text
        front.add(1)
    author = author_from = None
    for para in paras[:3]:
        match = _BYLINE.match(para.text)
        if match and len(para.text) <= 120:
            author, author_from = " ".join(match["name"].split()), "byline"
            front.add(para.number)
            break
    links = [link.url for link in essay.links if _URL.match(link.url)]
    url = None
    for link in links:
        match = _AUTHOR_PATH.search(urlsplit(link).path)
        if match:
            url = link
            if author is None:
                author = " ".join(p.capitalize() for p in match["slug"].split("-"))
                author_from = "link"
            break
    site = _domain(url) if url else None
    publisher = _PUBLISHERS.get(site) if site else None
    return Metadata(
        title=title,
        fallback_title=_title_from_path(essay.path),
        author=author,
        author_from=author_from,
        publisher=publisher,
        site=site,
        url=url,
        links=tuple(dict.fromkeys(link for link in links if link != url))[:20],
        front=frozenset(front),
    )


def _looks_like_title(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 20
        and len(text) <= 150
        and not text.endswith((".", ",", ";", ":"))
        and len(split_sentences(text)) == 1
        and not _BYLINE.match(text)
    )


def _domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _title_from_path(path: Path | None) -> str:
    if path is None:
        return "Untitled essay"
    stem = path.stem
    if stem.lower() in _GENERIC_STEMS and path.parent.name:
        stem = path.parent.name
    words = re.split(r"[-_\s]+", stem)
    title = " ".join(w[:1].upper() + w[1:] for w in words if w)
    return title[:200] or "Untitled essay"
