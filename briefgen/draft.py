"""Draft: an essay → a first brief.yaml to edit, extractive, offline and deterministic.

Every quote in the draft is a whole sentence of the cleaned essay, so the draft grounds
by construction; every field the analyst must write is a marked placeholder that still
validates, and the file explains each field in comments.  ``status: draft`` stays until
the analyst has done the work.

The choice of sentences is not ours: sumy's LexRank (Erkan & Radev 2004: sentence
centrality in a tf-idf cosine graph) ranks them, on our own sentence split (the rule of
:func:`briefgen.model.split_sentences`, so "U.S." does not end a sentence) with sumy's
bundled English stop words and NLTK's Snowball stemmer, which is code, not downloaded
data.  YAKE proposes the keywords (statistical features of one document, bundled stop
words).  Neither reads anything from the network or from a data folder.
"""

from __future__ import annotations

import os
import re
import shlex
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from briefgen.errors import InputError, Problem
from briefgen.escape import forbidden_characters
from briefgen.essay import Essay
from briefgen.ingest import ingest
from briefgen.model import MAX_EVIDENCE, MAX_KEYWORDS, Brief, split_sentences
from briefgen.userfiles import path_from_here, write_user_file

__all__ = [
    "Commands",
    "Draft",
    "Metadata",
    "Sentence",
    "draft_brief",
    "propose",
    "validate_command",
    "write_draft",
]

MIN_EVIDENCE = 5
"""Evidence items a draft aims for at least (fewer only if the essay has fewer sentences)."""
KEYWORDS = 8
"""Keywords a draft proposes; the schema allows up to ``MAX_KEYWORDS``."""
TODO = "TODO"
"""Marks every placeholder; ``grep TODO brief.yaml`` lists what is left to write."""

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")
_QUOTE_CHARS = (8, 600)  # model.QuoteText's length limits
_MIN_WORDS = 6  # shorter sentences make poor evidence ("That is wrong.")
_CLAIM_CHARS = 200
_WIDTH = 88

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
class Sentence:
    """A sentence of the cleaned essay, exactly as it stands in its paragraph."""

    text: str
    paragraph: int
    """The ¶ number it stands in."""
    order: int
    """Its place among all the essay's sentences, 0-based."""


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


@dataclass(frozen=True, slots=True)
class Draft:
    """What the extractive summary proposes; :func:`to_yaml` writes it out."""

    metadata: Metadata
    bottom_line: tuple[Sentence, ...]
    thesis: Sentence
    evidence: tuple[Sentence, ...]
    keywords: tuple[str, ...]


def draft_brief(
    essay_path: Path, essay_ref: str | None = None, brief_path: Path | None = None
) -> str:
    """The text of a first brief.yaml for the essay at ``essay_path``.

    ``essay_ref`` is what ``source.essay`` says (the path relative to the brief); the
    essay's file name by default, for a brief beside it.  ``brief_path`` is where the
    draft will be written: the commands its comments suggest name it, and the essay, by
    paths that work from the current folder.  The draft validates as it is; an essay
    with no sentence to quote is an InputError.
    """
    essay = ingest(essay_path)
    commands = None
    if brief_path is not None:
        commands = Commands(
            essay=f"briefgen essay {path_from_here(essay_path)}",
            validate=validate_command(essay_path, brief_path),
        )
    text = to_yaml(propose(essay), essay_ref or essay_path.name, commands)
    # A draft that does not validate is a bug here, not the analyst's problem: fail loudly.
    Brief.model_validate(yaml.safe_load(text))
    return text


def write_draft(essay_path: Path, out_path: Path, force: bool = False) -> bool:
    """Write the draft of ``essay_path`` to ``out_path`` atomically, creating its folders.

    Returns False when ``out_path`` already holds this very draft (nothing written).
    Refuses (OutputError) to replace a file with anything else in it unless ``force``:
    the analyst may have edited it (the rule of ``briefgen.userfiles``).  The draft is
    made first, since only then can it be compared.
    """
    ref = PurePosixPath(Path(os.path.relpath(essay_path.resolve(), out_path.parent.resolve())))
    text = draft_brief(essay_path, str(ref), out_path)
    return write_user_file(out_path, text.encode("utf-8"), force)


@dataclass(frozen=True, slots=True)
class Commands:
    """The commands the draft's comments suggest, ready to paste where the user stands."""

    essay: str
    """Prints the cleaned essay with its ¶ numbers."""
    validate: str
    """Checks the brief."""


def validate_command(essay_path: Path, brief_path: Path) -> str:
    """``briefgen validate BRIEF``, run from the current folder, with ``--allow-outside``
    when the essay is not in the brief's folder (validate refuses it otherwise)."""
    inside = essay_path.resolve().is_relative_to(brief_path.parent.resolve())
    flag = "" if inside else "--allow-outside "
    return f"briefgen validate {flag}{path_from_here(brief_path)}"


# ----------------------------------------------------------------- the proposal


def propose(essay: Essay) -> Draft:
    """Metadata, a bottom line, a thesis, evidence and keywords for ``essay``."""
    meta = find_metadata(essay)
    sentences = [
        s for s in split_essay(essay) if s.paragraph not in meta.front and _quotable(s.text)
    ]
    if not sentences:
        raise InputError(
            [Problem(essay.path, None, None, "the essay has no sentence long enough to quote")]
        )
    ranked = rank(sentences)
    # Questions and fragments rank high for their words but make poor claims: prefer the rest.
    strong = [s for s in ranked if _is_statement(s.text)] or ranked
    thesis = strong[0]
    bottom_line = tuple(sorted(strong[:2], key=lambda s: s.order))
    if sum(len(s.text) + 1 for s in bottom_line) > 700:  # model.Text's limit
        bottom_line = (thesis,)
    # The thesis quote is evidence only when the essay has no other sentence to offer.
    others = [s for s in ranked if s != thesis]
    evidence = _pick_evidence([s for s in strong if s != thesis], [*others, thesis], essay)
    body = " ".join(p.text for p in essay.paragraphs if p.number not in meta.front)
    return Draft(meta, bottom_line, thesis, evidence, tuple(keywords(body)))


def split_essay(essay: Essay) -> list[Sentence]:
    """Every sentence of every paragraph, in order."""
    sentences: list[Sentence] = []
    for para in essay.paragraphs:
        for text in split_sentences(para.text):
            sentences.append(Sentence(text, para.number, len(sentences)))
    return sentences


def rank(sentences: Sequence[Sentence]) -> list[Sentence]:
    """``sentences``, most central first, by sumy's LexRank; ties keep essay order."""
    from sumy.models.dom import ObjectDocumentModel  # type: ignore[import-untyped]
    from sumy.models.dom import Paragraph as SumyParagraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.nlp.stemmers import Stemmer  # type: ignore[import-untyped]
    from sumy.summarizers.lex_rank import LexRankSummarizer  # type: ignore[import-untyped]
    from sumy.utils import get_stop_words  # type: ignore[import-untyped]

    tokenizer = _WordTokenizer()
    # One sumy paragraph: LexRank ranks over the whole document and ignores paragraphs.
    # Two sentences with the same text are one node to sumy, so they are given once.
    unique = list(dict.fromkeys(s.text for s in sentences))
    model = ObjectDocumentModel([SumyParagraph([SumySentence(t, tokenizer) for t in unique])])
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    ratings: dict[str, float] = {}

    def keep_all(infos: Sequence[Any]) -> Sequence[Any]:  # sumy's "count" may be a callable
        for info in infos:
            ratings[str(info.sentence)] = float(info.rating)
        return infos

    summarizer(model, keep_all)
    # Rounded: the power method's last digits may differ between machines; the order may not.
    return sorted(sentences, key=lambda s: (-round(ratings.get(s.text, 0.0), 9), s.order))


class _WordTokenizer:
    """Words for sumy, by a regular expression: sumy's own tokenizer needs NLTK's punkt
    data, downloaded at run time, and we split sentences ourselves anyway."""

    language = "english"

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(text))

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph))


def keywords(text: str, count: int = KEYWORDS) -> list[str]:
    """Up to ``count`` key phrases of ``text`` by YAKE, best first, none inside another."""
    import yake  # type: ignore[import-untyped]

    extractor = yake.KeywordExtractor(lan="en", n=2, dedup_lim=0.7, top=count * 3)
    chosen: list[str] = []
    for phrase, _score in extractor.extract_keywords(text):
        words = set(str(phrase).lower().split())
        if any(words <= set(c.lower().split()) for c in chosen):
            continue  # "administration" after "Biden administration" says nothing new
        chosen.append(str(phrase))
        if len(chosen) == min(count, MAX_KEYWORDS):
            break
    return chosen


def _quotable(text: str) -> bool:
    low, high = _QUOTE_CHARS
    return (
        low <= len(text) <= high
        and len(_WORD.findall(text)) >= _MIN_WORDS
        and not forbidden_characters(text)
    )


def _is_statement(text: str) -> bool:
    return not text.rstrip("\"'”’)").endswith("?")


def _pick_evidence(
    preferred: Sequence[Sentence], fallback: Sequence[Sentence], essay: Essay
) -> tuple[Sentence, ...]:
    """The best-ranked sentences, at most one per ¶ while that is possible, in essay order."""
    want = min(MAX_EVIDENCE, max(MIN_EVIDENCE, len(essay.paragraphs) // 3))
    chosen: list[Sentence] = []
    for pool, one_per_paragraph in ((preferred, True), (preferred, False), (fallback, False)):
        for s in pool:
            if len(chosen) == want:
                break
            if s in chosen or (one_per_paragraph and s.paragraph in {c.paragraph for c in chosen}):
                continue
            chosen.append(s)
    return tuple(sorted(chosen, key=lambda s: s.order))


# ----------------------------------------------------------------- metadata


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


# ----------------------------------------------------------------- the YAML text


def to_yaml(draft: Draft, essay_ref: str, commands: Commands | None = None) -> str:
    """The brief.yaml text: values written by PyYAML (so any text is quoted correctly),
    comments and layout by us.  ``commands`` are the commands the comments suggest; by
    default, as run from the brief's folder."""
    meta = draft.metadata
    thesis = draft.thesis
    run = commands or Commands(
        essay=f"briefgen essay {shlex.quote(essay_ref)}", validate="briefgen validate brief.yaml"
    )
    out: list[str] = [
        "# A FIRST DRAFT of a brief, made by `briefgen draft` from the essay's own sentences.",
        "# Every line marked TODO is yours to write; every quote below is a whole sentence",
        "# of the essay, so `briefgen validate` passes as it is.  ¶ numbers refer to the",
        "# cleaned essay; to read it with them, run:",
        f"#   {run.essay}",
        "# Check the brief with the command below; set status to reviewed when done.",
        f"#   {run.validate}",
        "",
        "brief:",
        "  # The brief's headline: its finding in a few words, as the reader should remember it.",
        "  # TODO: write the finding; this is the essay's title or its file name.",
        _value("title", meta.title or meta.fallback_title, 2),
        "  # One line under the title: what the brief is about, or why it matters now.",
        "  # subtitle: TODO",
        "  # The date the brief is issued (YYYY-MM-DD); today's date when left out.",
        "  # date: 2024-09-03",
        "  # Who the brief is for, and who is answerable for it (both optional).",
        "  # prepared_for: TODO",
        "  # prepared_by: TODO",
        "  # Handling marking printed on every page, as your organisation's rules spell it.",
        "  marking: OFFICIAL",
        "  # draft | reviewed | final.  A draft is marked as one on every page.",
        "  status: draft",
        "  # The template that lays the brief out (`briefgen templates` lists them).",
        "  template: brief",
        "",
        "source:",
        "  # The essay file, relative to this file (it must stay in the same folder).",
        _value("essay", essay_ref, 2),
    ]
    out.append("  # The essay's own title, printed in the source line.")
    if meta.title:
        out.append(_value("title", meta.title, 2))
    else:
        out.append("  # title: TODO (no heading was found at the top of the essay)")
    out.append("  # Who wrote the essay; the brief's footnotes cite this name.")
    if meta.author:
        where = "its byline" if meta.author_from == "byline" else "the author page it links to"
        out.append(f"  # Found in {where}: check it.")
        out.append(_value("author", meta.author, 2))
    else:
        out.append("  # TODO: the essay names no author that could be found; write the name.")
        out.append(_value("author", f"{TODO}: author", 2))
    out.append("  # Where the essay was published.")
    if meta.publisher:
        out.append(f"  # From the domain of its page ({meta.site}): check it.")
        out.append(_value("publisher", meta.publisher, 2))
    else:
        hint = f" (its page is on {meta.site})" if meta.site else ""
        out.append(f"  # TODO: write the publisher{hint}, or delete this line.")
        out.append(_value("publisher", f"{TODO}: publisher", 2))
    out.append("  # The essay's web address (or its author's page): http, https or mailto.")
    if meta.url:
        out.append(_value("url", meta.url, 2))
    else:
        out.append("  # url: TODO")
    out += [
        "  # The date the essay was published (YYYY-MM-DD).",
        "  # date: TODO",
        "  # Other pages the essay cites (found in its text), listed in the source note.",
    ]
    out.append(_value("links", list(meta.links), 2) if meta.links else "  links: []")

    order = ", ".join(f"¶{s.paragraph}" for s in draft.bottom_line)
    out += [
        "",
        "summary:",
        "  # Bottom line up front: what the reader must take away, in at most 3 sentences.",
        f"  # TODO: rewrite in your own words.  Proposed: its most central sentences ({order}).",
        _value("bottom_line", " ".join(s.text for s in draft.bottom_line), 2),
        "",
        "  # The essay's central claim: `statement` in your words, `quote` in the essay's,",
        "  # copied verbatim (spacing, quote marks and dashes may differ; … marks a cut), and",
        "  # the ¶ the quote stands in.",
        "  thesis:",
        "    # TODO: rewrite the statement; it is the quote, shortened.",
        _value("statement", _shorten(thesis.text), 4),
        _value("quote", thesis.text, 4),
        _value("paragraph", thesis.paragraph, 4),
        "",
        f"  # Evidence: 1 to {MAX_EVIDENCE} items.  `id` is what recommendations cite in",
        "  # based_on; `claim` is what the evidence shows, in one sentence of yours; `quote`",
        "  # is the essay's words for it (verbatim; you may cut it to the words that matter,",
        "  # with … for omitted words); `paragraph` is the ¶ it stands in.  These are the",
        "  # essay's most central sentences (LexRank): keep the ones that carry the argument.",
        "  evidence:",
    ]
    for number, item in enumerate(draft.evidence, start=1):
        out.append(f"    # TODO: rewrite the claim of E{number} in your own words.")
        out.append(
            _item(
                {
                    "id": f"E{number}",
                    "claim": _shorten(item.text),
                    "quote": item.text,
                    "paragraph": item.paragraph,
                },
                4,
            )
        )
    out += [
        "",
        "  # TODO: counterpoints: up to 5 objections a sceptical reader would raise, and the",
        '  # essay\'s response to each ("Not addressed." if it has none), for example:',
        "  #   - id: C1",
        "  #     point: The strongest objection, in one sentence.",
        "  #     response: How the essay answers it, in your words.",
        "  #     paragraph: 9      # the ¶ where it answers; leave out if not addressed",
        "  counterpoints: []",
        "",
        "  # TODO: recommendations: 1 to 6 actions for the reader, each resting on evidence.",
        "  # The one below is a placeholder so that the draft validates: replace it.",
        "  # action: what should be done, starting with a verb; actor: who should act;",
        "  # timeframe: by when; priority: high | medium | low; rationale (optional): why,",
        "  # in one sentence; based_on: the ids of the evidence items it rests on.",
        "  recommendations:",
        "    # TODO: replace this placeholder recommendation.",
        _item(
            {
                "id": "R1",
                "action": f"{TODO}: write the action, starting with a verb.",
                "actor": f"{TODO}: who should act",
                "timeframe": f"{TODO}: by when",
                "priority": "medium",
                "based_on": ["E1"],
            },
            4,
        ),
        "",
        f"  # Subject keywords (up to {MAX_KEYWORDS}) for the document's metadata; proposed by",
        "  # YAKE from the essay's text: keep the ones a reader would search for.",
        _value("keywords", list(draft.keywords), 2) if draft.keywords else "  keywords: []",
    ]
    return "\n".join(out) + "\n"


def _shorten(text: str) -> str:
    return textwrap.shorten(text, width=_CLAIM_CHARS, placeholder=" …")


def _dump(data: object, indent: int) -> str:
    return yaml.safe_dump(
        data,
        allow_unicode=True,
        sort_keys=False,
        width=_WIDTH - 12 - indent,  # PyYAML breaks at the first space past the width
        default_flow_style=False,
    ).rstrip("\n")


def _value(key: str, value: object, indent: int) -> str:
    """``key: value`` as PyYAML writes it, indented (continuation lines keep their place)."""
    return textwrap.indent(_dump({key: value}, indent), " " * indent)


def _item(fields: dict[str, object], indent: int) -> str:
    """A list item ``- key: value …`` as PyYAML writes it, indented."""
    return textwrap.indent(_dump([fields], indent + 2), " " * indent)
